"""The Taobao leaf category map (listings/data/taobao_packet.json "cids"): every
slug is a seeded Caravan sub-category, every cid is named by a recorded public
source, a sample of real cids lands where it should through a real packet
import, and an unknown cid still falls back to a suggested, flagged category."""

import json
from pathlib import Path

import pytest

from listings.imports import packet
from listings.imports.services import import_job_create
from listings.models import Category, ImportRowSeverity, Listing
from tests.listings.test_import_helpers import packet_csv, packet_item, packet_pictures, packet_zip, run_import

DATA = Path(packet.__file__).parent.parent / "data"


def seeded_sub_category_slugs() -> set[str]:
    tree = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))
    return {child["slug"] for top in tree for child in top.get("children", [])}


def test_every_mapped_slug_is_a_sub_category_of_the_seed():
    slugs = set(packet.cid_slugs().values())
    assert slugs <= seeded_sub_category_slugs(), slugs - seeded_sub_category_slugs()


@pytest.mark.django_db
def test_every_mapped_slug_is_a_sub_category_in_the_database():
    slugs = set(packet.cid_slugs().values())
    found = set(Category.objects.filter(slug__in=slugs, parent__isnull=False).values_list("slug", flat=True))
    assert found == slugs


def test_every_cid_is_a_number_named_by_a_recorded_source():
    reference = packet.reference()
    cids, names, sources = reference["cids"], reference["cid_names"], reference["cid_sources"]
    assert len(cids) >= 60
    assert all(cid.isdigit() and not cid.startswith("0") for cid in cids)
    assert set(names) == set(cids)
    for cid, (name, *named_by) in names.items():
        assert name.strip(), cid
        assert named_by and set(named_by) <= set(sources), cid
    assert all(text.strip() for text in sources.values())


@pytest.mark.parametrize(
    ("cid", "slug"),
    [
        ("50010850", "dresses"),  # 女装/连衣裙
        ("1623", "skirts"),  # 女装/半身裙
        ("162201", "womens-trousers"),  # 女装/裤子/休闲裤
        ("50008881", "lingerie"),  # 内衣/文胸
        ("50011123", "mens-shirts"),  # 男装/衬衫
        ("50010402", "mens-tshirts"),  # 男装/Polo衫
        ("50012027", "womens-shoes"),  # 女鞋/低帮鞋
        ("50012032", "espadrilles-sandals"),  # 女鞋/凉鞋
        ("50011742", "mens-shoes"),  # 流行男鞋/皮鞋
        ("50012033", "slippers"),  # 女鞋/拖鞋
        ("50007003", "scarves-shawls"),  # 服饰配件/围巾/丝巾/披肩
        ("50013865", "necklaces"),  # 饰品/项链
        ("50014239", "earrings"),  # 饰品/耳钉
        ("50011981", "skincare"),  # 美容护肤/面膜
        ("50010808", "makeup"),  # 彩妆/唇膏/口红
        ("50011975", "soft-toys"),  # 玩具/毛绒玩具
    ],
)
def test_known_cids_map_to_their_caravan_category(cid, slug):
    assert packet.cid_slugs()[cid] == slug


@pytest.mark.django_db
def test_an_import_takes_the_category_from_a_mapped_cid_and_still_flags_an_unknown_one(approved_seller):
    items = [
        # The titles would suggest something else: the cid decides, and nothing is flagged.
        packet_item("PK-1", title="复古做旧铜质书签", cid="50013865", skuProps="", picture=""),
        packet_item("PK-2", title="男士纯棉长袖衬衫", cid="50012032", skuProps="", picture=""),
        # Not a Taobao id Caravan maps: suggested from the title and flagged.
        packet_item("PK-3", title="北欧简约陶瓷花瓶客厅摆件", cid="50099999", skuProps="", picture="vase:1:0:|;"),
    ]
    feed = packet_zip(packet_csv(items), packet_pictures(["vase"]))
    job = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=feed))
    assert (job.created_rows, job.failed_rows) == (3, 0)

    necklace = Listing.objects.get(seller=approved_seller, source_id="PK-1")
    assert necklace.category.slug == "necklaces" and not necklace.category_check
    sandals = Listing.objects.get(seller=approved_seller, source_id="PK-2")
    assert sandals.category.slug == "espadrilles-sandals" and not sandals.category_check
    vase = Listing.objects.get(seller=approved_seller, source_id="PK-3")
    assert vase.category.slug == "ceramics" and vase.category_check
    cid_warnings = job.row_errors.filter(severity=ImportRowSeverity.WARNING, field="cid")
    assert [(e.source_id, "50099999" in e.message) for e in cid_warnings] == [("PK-3", True)]
