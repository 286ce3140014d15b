"""The category tree: two levels, a commission rate in range on every node,
and a name in every interface language, loaded by the migrations."""

import json
import re
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction

import listings
from listings.models import Category
from listings.services import categories_sync

TREE = json.loads((Path(listings.__file__).parent / "data" / "categories.json").read_text())
NODES = [node for top in TREE for node in [top, *top["children"]]]
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
CJK = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def test_the_file_has_a_name_in_every_interface_language_for_every_node():
    assert len(TREE) == 11 and len(NODES) == 66
    assert LANGUAGE_CODES == ["en", "zh-hans", "ru", "it", "es", "tr", "pt-br", "fr"]
    for node in NODES:
        assert list(node["names"]) == LANGUAGE_CODES, node["slug"]
        assert all(isinstance(v, str) and v.strip() == v and v for v in node["names"].values()), node["slug"]
        assert node["names"]["en"] == node["name"]
        assert CJK.search(node["names"]["zh-hans"]), node["slug"]
        assert CYRILLIC.search(node["names"]["ru"]), node["slug"]


def test_translations_are_not_copies_of_the_english_name():
    for code in ("zh-hans", "ru", "tr"):
        assert all(node["names"][code] != node["name"] for node in NODES), code
    for code in ("it", "es", "pt-br", "fr"):  # a few words are the same in English ("Fitness & yoga" is not)
        same = [node["slug"] for node in NODES if node["names"][code] == node["name"]]
        assert len(same) <= 2, (code, same)


def test_sibling_names_are_distinct_in_every_language():
    groups = [TREE, *[top["children"] for top in TREE]]
    for group in groups:
        for code in LANGUAGE_CODES:
            names = [node["names"][code].casefold() for node in group]
            assert len(names) == len(set(names)), (code, names)


@pytest.mark.django_db
def test_the_migrations_load_the_tree_with_its_names():
    assert Category.objects.count() == 66
    dresses = Category.objects.get(slug="dresses")
    assert dresses.localized_name("ru") == "Платья"
    assert dresses.localized_name("zh-hans") == "连衣裙"
    assert dresses.localized_name("tr") == "Elbise"
    assert dresses.localized_name("pt-br") == "Vestidos"
    assert Category.objects.get(slug="phone-accessories").localized_name("fr") == "Accessoires de téléphone"
    assert dresses.localized_name("de") == "Dresses"  # no German: the English name
    for category in Category.objects.all():
        assert set(category.names) == set(LANGUAGE_CODES)
        for code in LANGUAGE_CODES:
            assert category.localized_name(code) == category.names[code]


@pytest.mark.django_db
def test_localized_name_follows_the_active_language():
    from django.utils import translation

    rings = Category.objects.get(slug="rings")
    with translation.override("it"):
        assert rings.localized_name() == "Anelli"
    with translation.override("es"):
        assert rings.localized_name() == "Anillos"


@pytest.mark.django_db
def test_the_name_migration_fills_names_into_an_existing_tree():
    Category.objects.update(names={})
    migration = import_module("listings.migrations.0004_category_names")
    migration.load(apps, None)
    assert not Category.objects.filter(names={}).exists()
    assert Category.objects.get(slug="tea-coffee").localized_name("ru") == "Чай и кофе"
    assert Category.objects.count() == 66  # updated in place, nothing added


@pytest.mark.django_db
def test_categories_sync_is_idempotent():
    before = {c.slug: (c.pk, c.parent_id, c.names, c.commission_rate) for c in Category.objects.all()}
    assert categories_sync() == 66
    after = {c.slug: (c.pk, c.parent_id, c.names, c.commission_rate) for c in Category.objects.all()}
    assert after == before


@pytest.mark.django_db
def test_commission_rates_are_within_the_platform_range():
    low, high = settings.CARAVAN_COMMISSION_RATE_MIN, settings.CARAVAN_COMMISSION_RATE_MAX
    assert (low, high) == (Decimal("0.05"), Decimal("0.08"))
    rates = list(Category.objects.values_list("commission_rate", flat=True))
    assert len(rates) == 66
    assert all(low <= rate <= high for rate in rates)
    for node in NODES:
        assert low <= Decimal(node.get("commission_rate", "0.08")) <= high


@pytest.mark.django_db
def test_the_tree_has_two_levels():
    tops = Category.objects.filter(parent__isnull=True)
    assert tops.count() == 11
    leaves = Category.objects.filter(parent__isnull=False).select_related("parent")
    assert leaves.count() == 55
    assert all(leaf.parent.parent_id is None for leaf in leaves)
    assert not Category.objects.filter(parent__in=leaves).exists()
    assert all(top.children.exists() for top in tops)


@pytest.mark.django_db
def test_children_inherit_their_parents_commission():
    for leaf in Category.objects.filter(parent__isnull=False).select_related("parent"):
        assert leaf.commission_rate == leaf.parent.commission_rate, leaf.slug


@pytest.mark.django_db
@pytest.mark.parametrize("rate", ["0.10", "0.04", "-0.01"])
def test_the_database_refuses_a_commission_out_of_range(rate):
    shoes = Category.objects.get(slug="shoes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.filter(pk=shoes.pk).update(commission_rate=Decimal(rate))
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(slug="too-dear", name="Too dear", commission_rate=Decimal(rate))
    shoes.refresh_from_db()
    assert shoes.commission_rate == Decimal("0.07")
