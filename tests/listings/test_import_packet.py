"""Taobao Assistant (淘宝助理) data packets through the import services: the
sample packet zip; the CSV in UTF-16LE, GBK and UTF-8 (tabs or commas), as one
zip with its picture folder or beside a pictures zip, or alone; pictures as
.tbi and .jpg, in position order, colour pictures after; SKUs named by the
seller's aliases, by custom values (negative ids), by the standard value table,
or left as a raw id with a warning; per-SKU price and stock; weight in kg;
cateProps and typed properties as attributes; HTML with scripts sanitised; a
missing picture and an unknown cid that never lose the row (the category is
suggested from the translated title and flagged); row numbers as a
spreadsheet shows the CSV; re-import updates by outer_id."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from listings import services
from listings.imports import packet
from listings.imports.services import import_job_create
from listings.models import Category, ImportJob, ImportRowSeverity, Listing, ListingStatus
from marketplace.errors import DomainError
from tests.listings.test_import_helpers import (
    SAMPLES,
    csv_feed,
    good_row,
    packet_csv,
    packet_item,
    packet_pictures,
    packet_zip,
    red_values,
    run_import,
    zip_upload,
)

pytestmark = pytest.mark.django_db


def report(job: ImportJob, severity: str | None = None) -> dict:
    rows = job.row_errors.all()
    if severity:
        rows = rows.filter(severity=severity)
    return {(e.row, e.source_id, e.field): e.message for e in rows}


def import_packet(seller, feed, images=None) -> ImportJob:
    job = import_job_create(actor=seller.user, seller_id=seller.pk, feed=feed, images=images)
    assert job.feed_format == "packet"
    return run_import(job)


def test_the_sample_packet_zip_imports_as_drafts_with_variants_pictures_and_one_flagged_category(approved_seller):
    feed = SimpleUploadedFile("taobao-packet.zip", (SAMPLES / "taobao-packet.zip").read_bytes())
    job = import_packet(approved_seller, feed)
    assert (job.total_rows, job.created_rows, job.failed_rows) == (10, 10, 0), report(job)
    assert job.images_name == "taobao-packet.zip"

    dress = Listing.objects.get(seller=approved_seller, source_id="TB-1001")
    assert dress.status == ListingStatus.DRAFT and dress.category.slug == "dresses" and not dress.category_check
    assert dress.title == "女士夏季碎花连衣裙雪纺长裙" and dress.weight_grams == 280
    variants = [(v.sku, v.options, v.stock, v.price_override) for v in dress.variants.order_by("position")]
    assert [v[:3] for v in variants] == [
        ("TB-1001-RM", {"颜色": "玫红", "尺码": "M"}, 120),  # the seller's alias of standard red
        ("TB-1001-RL", {"颜色": "玫红", "尺码": "L"}, 80),
        ("TB-1001-BM", {"颜色": "蓝色", "尺码": "M"}, 60),
    ]
    assert variants[0][3] is None and variants[2][3].amount == Decimal("95.00")
    assert dress.images.count() == 4  # two main pictures, then one per colour
    assert "<p>轻薄雪纺面料，夏季出游必备。</p>" in dress.description and "img" not in dress.description
    assert dress.description.startswith("<p><strong>包邮 现货速发</strong></p>")  # the subtitle

    shirt = Listing.objects.get(seller=approved_seller, source_id="TB-1007")
    assert shirt.variants.order_by("position").first().options == {"尺码": "39"}  # a custom value
    shoes = Listing.objects.get(seller=approved_seller, source_id="TB-1012")
    assert set(shoes.variants.values_list("options__鞋码", flat=True)) == {"36", "37", "38", "39"}

    scarf = Listing.objects.get(seller=approved_seller, source_id="TB-1005")
    assert scarf.category_check and scarf.category.slug == "scarves-shawls"  # suggested from "silk scarf"
    warnings = report(job, ImportRowSeverity.WARNING)
    assert list(warnings) == [(8, "TB-1005", "cid")]  # the fifth item is on the spreadsheet's row 8
    assert "50099001" in warnings[(8, "TB-1005", "cid")] and "Scarves" in warnings[(8, "TB-1005", "cid")]


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-16le", "\t"), ("gbk", "\t"), ("gbk", ","), ("utf-8", "\t"), ("utf-8-sig", ",")]
)
def test_a_packet_csv_in_any_encoding_beside_its_pictures_zip(approved_seller, encoding, delimiter):
    items = [
        packet_item(
            "PK-1",
            picture="pk1b:1:1:|;pk1a:1:0:|;pk1red:2:0:1627207:28326|;pk1custom:2:0:1627207:-1001|;",
            skuProps=(
                "89.00:10:PK-1-R:1627207:28326;20509:28315;"  # red M: standard names
                "92.00:5::1627207:-1001;20509:28316;"  # a custom colour, no SKU code
                "89.00:0:PK-1-X:1627207:3232483;20509:28317;"
            ),  # the last: a colour id nobody named
            input_custom_cpv="1627207:-1001:雾霾蓝;",
            cateProps="1627207:28326;20509:28315;20021:99999;",
            inputPids="20000,13021751",
            inputValues="小雏菊,XC-2024",
            description='<p>第一段</p>\n<script>alert("x")</script>\n<p onclick="steal()">第二段<br>换行</p>',
            item_weight="0.3",
        ),
        packet_item("PK-2", title="男士纯棉长袖衬衫", cid="50011123", skuProps="", num="7", picture="pk2:1:0:|;"),
    ]
    pictures = {
        **packet_pictures(["pk1a", "pk1b", "pk1custom"], ext=".jpg"),
        **packet_pictures(["pk1red", "pk2"], ext=".tbi", folder="pics", red=150),
    }
    feed = SimpleUploadedFile("宝贝.csv", packet_csv(items, encoding=encoding, delimiter=delimiter))
    job = import_packet(approved_seller, feed, images=zip_upload(pictures))
    assert (job.created_rows, job.failed_rows) == (2, 0), report(job)

    dress = Listing.objects.get(seller=approved_seller, source_id="PK-1")
    assert dress.title == "2024夏季新款女装碎花雪纺连衣裙长裙" and dress.category.slug == "dresses"
    assert dress.weight_grams == 300 and dress.price.amount == Decimal("89.00")
    variants = list(dress.variants.order_by("position"))
    assert [(v.sku, v.options, v.stock) for v in variants] == [
        ("PK-1-R", {"颜色": "红色", "尺码": "M"}, 10),
        ("PK-1-n1001-28316", {"颜色": "雾霾蓝", "尺码": "L"}, 5),
        ("PK-1-X", {"颜色": "3232483", "尺码": "XL"}, 0),
    ]
    assert [v.price_override and v.price_override.amount for v in variants] == [None, Decimal("92.00"), None]
    assert dress.attributes == {"品牌": "小雏菊", "货号": "XC-2024"}  # colour and size are the variants'
    assert "script" not in dress.description and "alert" not in dress.description
    assert "onclick" not in dress.description and "<p>第二段<br>换行</p>" in dress.description
    # Main pictures by position (pk1a is position 0), then the colour pictures.
    reds = red_values(dress)  # pk1a 30, pk1b 50, pk1custom 70 (.jpg); pk1red 150 (.tbi)
    assert [round(r / 10) * 10 for r in reds] == [30, 50, 150, 70]
    warnings = report(job, ImportRowSeverity.WARNING)
    assert list(warnings) == [(4, "PK-1", "skuProps")]
    assert "1627207:3232483" in warnings[(4, "PK-1", "skuProps")]

    shirt = Listing.objects.get(seller=approved_seller, source_id="PK-2")
    assert shirt.category.slug == "mens-shirts" and shirt.images.count() == 1
    assert [(v.sku, v.options, v.stock) for v in shirt.variants.all()] == [("PK-2", {}, 7)]


def test_the_packet_zip_with_a_missing_picture_and_an_unknown_cid_loses_no_row(approved_seller):
    items = [
        packet_item("PK-1", picture="here:1:0:|;gone:1:1:|;"),
        packet_item("PK-2", title="北欧简约陶瓷花瓶客厅摆件", cid="50099999", skuProps="", picture="vase:1:0:|;"),
        packet_item("PK-3", title="复古做旧铜质书签", cid="50099998", skuProps="", picture=""),
    ]
    feed = packet_zip(packet_csv(items), packet_pictures(["here", "vase"]))
    job = import_packet(approved_seller, feed)
    assert (job.created_rows, job.failed_rows) == (3, 0), report(job)
    assert Listing.objects.get(source_id="PK-1").images.count() == 1
    vase = Listing.objects.get(source_id="PK-2")
    assert vase.category.slug == "ceramics" and vase.category_check  # "Nordic ... ceramic vase ..."
    bookmark = Listing.objects.get(source_id="PK-3")
    assert bookmark.category_check and bookmark.category.slug == "home-decor"  # nothing suggested: the fallback
    warnings = report(job, ImportRowSeverity.WARNING)
    assert set(warnings) == {(4, "PK-1", "picture"), (5, "PK-2", "cid"), (6, "PK-3", "cid")}
    assert "gone is not in the picture folder" in warnings[(4, "PK-1", "picture")]
    # A flagged draft says so before it can be published.
    assert "Check the category: an import suggested it." in services.publish_problems(vase)


def test_a_packet_csv_without_its_pictures_imports_the_items_and_says_the_folder_is_missing(approved_seller):
    feed = SimpleUploadedFile("宝贝.csv", packet_csv([packet_item("PK-1"), packet_item("PK-2", picture="")]))
    job = import_packet(approved_seller, feed)
    assert (job.created_rows, job.failed_rows) == (2, 0)
    assert report(job, ImportRowSeverity.WARNING) == {
        (4, "PK-1", "picture"): "Picture pk-1main1: the picture folder was not uploaded (zip it with the CSV)."
    }
    assert not Listing.objects.get(source_id="PK-1").images.exists()


def test_bad_items_are_reported_by_spreadsheet_row_and_packet_field(approved_seller):
    items = [
        packet_item("PK-1", description="<p>第一行\n第二行\n第三行</p>"),  # a cell over three lines
        packet_item("PK-2", price=""),
        packet_item("", num_id="0"),
        packet_item("PK-4", skuProps="89.00:many:PK-4-R:1627207:28326;"),
        packet_item("PK-5", item_weight="", title="短"),
        packet_item("PK-1", title="重复的商家编码连衣裙"),
        packet_item("", num_id="612345678901", picture=""),
    ]
    job = import_packet(approved_seller, SimpleUploadedFile("宝贝.csv", packet_csv(items)))
    assert (job.created_rows, job.failed_rows) == (2, 5), report(job)
    errors = report(job, ImportRowSeverity.ERROR)
    assert set(errors) == {
        (5, "PK-2", "price"),
        (6, "", "outer_id"),
        (7, "PK-4", "skuProps.0"),
        (8, "PK-5", "title"),
        (9, "PK-1", "source_id"),
    }
    assert "row 4" in errors[(9, "PK-1", "source_id")]
    # An item without outer_id but with Taobao's numeric id is found again by that id.
    assert Listing.objects.filter(source_id="num_id:612345678901").exists()


def test_reimporting_a_packet_updates_by_outer_id_and_keeps_the_category_the_seller_confirmed(approved_seller):
    seller = approved_seller
    first = [
        packet_item("PK-1"),
        packet_item("PK-2", title="北欧简约陶瓷花瓶客厅摆件", cid="50099999", skuProps="", num="5", picture=""),
    ]
    import_packet(seller, packet_zip(packet_csv(first), packet_pictures(["pk-1main1"])))
    dress, vase = Listing.objects.get(source_id="PK-1"), Listing.objects.get(source_id="PK-2")
    tableware = Category.objects.get(slug="tableware")
    services.listing_category_confirm(actor=seller.user, listing_id=vase.pk, category_id=tableware.pk)

    second = [
        packet_item("PK-1", price="79.00", skuProps="79.00:8:PK-1-RM:1627207:28326;20509:28315;"),
        packet_item("PK-2", title="北欧简约陶瓷花瓶客厅摆件 大号", cid="50099999", skuProps="", num="9", picture=""),
    ]
    job = import_packet(seller, SimpleUploadedFile("宝贝.csv", packet_csv(second, encoding="gbk")))
    assert (job.created_rows, job.updated_rows, job.failed_rows) == (0, 2, 0), report(job)
    assert Listing.objects.filter(seller=seller).count() == 2
    dress.refresh_from_db()
    assert dress.price.amount == Decimal("79.00") and dress.images.count() == 1  # photos kept
    assert [(v.sku, v.stock) for v in dress.variants.all()] == [("PK-1-RM", 8)]
    vase.refresh_from_db()
    assert vase.title.endswith("大号") and vase.variants.get().stock == 9
    assert vase.category == tableware and not vase.category_check  # not suggested again
    assert not report(job, ImportRowSeverity.WARNING)


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        ({"feed": zip_upload({"notes.txt": b"hello"}, name="shop.zip")}, "feed", "holds no Taobao Assistant"),
        (
            {"feed": zip_upload({"a.csv": packet_csv([packet_item()]), "b.csv": packet_csv([packet_item()])}, "x.zip")},
            "feed",
            "2 data packets",
        ),
        (
            {"feed": packet_zip(packet_csv([packet_item()]), {}), "images": zip_upload({"a.jpg": b"x"})},
            "images",
            "already holds its pictures",
        ),
        ({"feed": SimpleUploadedFile("x.zip", b"not a zip")}, "feed", "not a zip archive"),
        ({"feed": SimpleUploadedFile("宝贝.csv", b"version 1.00\r\nfoo\tbar\r\n")}, "feed", "lack title, price"),
    ],
)
def test_a_packet_that_cannot_be_imported_is_refused_at_upload(approved_seller, files, field, message):
    with pytest.raises(DomainError) as caught:
        import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, **files)
    assert caught.value.field == field and message in caught.value.message
    assert not ImportJob.objects.exists()


def test_a_caravan_csv_is_still_a_csv(approved_seller):
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row()]))
    assert job.feed_format == "csv"
    assert run_import(job).created_rows == 1


def test_packet_detection_and_decoding():
    items = [packet_item()]
    for encoding in ("utf-16le", "gbk", "utf-8"):
        data = packet_csv(items, encoding=encoding)
        assert packet.looks_like_packet(data)
        assert packet.decode(data).startswith("version 1.00")
    no_bom = packet_csv(items, encoding="utf-16le")[2:]
    assert packet.looks_like_packet(no_bom) and "宝贝名称" in packet.decode(no_bom)
    assert not packet.looks_like_packet(b"source_id,title,category\r\n")
    # A large GBK or UTF-8 packet is recognised wherever its first 8 KB end (inside a character or not).
    many = [packet_item(f"PK-{n}", description="<p>轻薄雪纺面料，夏季出游必备。</p>" * 5) for n in range(40)]
    for encoding in ("gbk", "utf-8"):
        data = packet_csv(many, encoding=encoding)
        assert len(data) > 8_400
        assert all(packet.looks_like_packet(data[:n] + b"x" * 9000) for n in range(8180, 8195))
    assert packet.suggest_slug("men leather wallet short", "") == "wallets"
    assert packet.suggest_slug("women summer floral chiffon dresses", "") == "dresses"
    assert packet.suggest_slug("", "男士真皮钱包短款") == "wallets"
    assert packet.suggest_slug("vintage brass bookmark", "复古铜书签") is None
