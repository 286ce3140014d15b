"""The seeded methods: every origin can ship everywhere by post, the data is
coherent, the selector's values feed the quote without a query, the admin works."""

import json

import pytest
from django.urls import reverse
from django_countries.data import COUNTRIES

from logistics.models import ShippingMethod, Zone
from logistics.quote import Parcel, ParcelLine, quote
from logistics.seed import DATA
from logistics.selectors import shipping_methods_for
from marketplace.money import money
from marketplace.selectors import exchange_rates_current

from .conftest import MONDAY

ORIGINS = ["CN", "RU", "IT", "ES", "TR"]


@pytest.mark.django_db
@pytest.mark.parametrize("origin", ORIGINS)
def test_each_origins_registered_postal_method_covers_every_iso_country_once(origin):
    method = ShippingMethod.objects.get(code=f"{origin.lower()}-post-registered")
    assert method.kind == "postal" and method.tracked and method.max_weight_grams == 2000
    covered = [c for z in Zone.objects.filter(method=method, origin=origin) for c in z.countries]
    assert sorted(covered) == sorted(COUNTRIES)  # every country, none twice


@pytest.mark.django_db
def test_no_country_is_in_two_zones_of_one_method_and_origin():
    for method in ShippingMethod.objects.prefetch_related("zones"):
        for origin in method.origin_countries:
            codes = [c for z in method.zones.all() if z.origin == origin for c in z.countries]
            assert len(codes) == len(set(codes)), (method.code, origin)
            assert hasattr(method.zones.filter(origin=origin).first(), "rate")


@pytest.mark.django_db
def test_every_origin_has_the_brief_s_classes_of_service():
    for origin in ORIGINS:
        methods = {m.code: m for m in shipping_methods_for(origin) if origin in m.origins}
        levels = {m.service_level for m in methods.values()}
        assert levels == {"economy", "standard", "express"}, origin
        assert any(not m.tracked and m.limits.max_weight_grams <= 2000 for m in methods.values())
        saver = methods["caravan-saver"].limits.max_declared_value
        assert saver == money(5, "EUR")
    assert "RU" not in next(m for m in shipping_methods_for("CN") if m.code == "dhl-express").origins


def test_the_seed_file_cites_a_source_for_every_method_and_says_it_is_not_exact():
    data = json.loads(DATA.read_text())
    assert "NOT EXACT" in data["about"]
    assert all(m["source"] and "20" in m["source"] for m in data["methods"])


@pytest.mark.django_db
def test_quote_does_no_query_on_the_selectors_values(django_assert_num_queries):
    methods = shipping_methods_for("CN")
    rates = exchange_rates_current()
    p = Parcel.combine([ParcelLine(300, 30, 25, 4, money("120", "CNY"))], origin="CN", processing_days=5)
    with django_assert_num_queries(0):
        q = quote(p, "BR", methods, today=MONDAY, currency="BRL", rates=rates)
    assert q.offers and all(o.display_cost.currency.code == "BRL" for o in q.offers)


@pytest.mark.django_db
def test_the_selector_is_cached_and_an_admin_edit_drops_the_cache(django_assert_num_queries):
    shipping_methods_for("IT")
    with django_assert_num_queries(0):
        shipping_methods_for("IT")
    ShippingMethod.objects.filter(code="it-ems").get().save()  # the admin saves through the model
    method = ShippingMethod.objects.get(code="it-ems")
    method.active = False
    method.save()
    assert "it-ems" not in {m.code for m in shipping_methods_for("IT")}


@pytest.mark.django_db
def test_staff_edit_methods_and_zones_in_the_admin(admin_client):
    method = ShippingMethod.objects.get(code="cn-ems")
    zone = method.zones.first()
    for url in (reverse("admin:logistics_shippingmethod_changelist"),
                reverse("admin:logistics_shippingmethod_change", args=[method.pk]),
                reverse("admin:logistics_zone_change", args=[zone.pk]),
                reverse("admin:logistics_carrier_changelist")):  # fmt: skip
        assert admin_client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_zone_refuses_unknown_codes_and_countries_of_another_zone():
    from django.core.exceptions import ValidationError

    zone = Zone.objects.filter(method__code="cn-ems").exclude(name="Domestic").first()
    zone.countries = [*zone.countries, "XX"]
    with pytest.raises(ValidationError):
        zone.clean()
    other = Zone.objects.filter(method__code="cn-ems").exclude(pk=zone.pk).first()
    zone.countries = [other.countries[0]]
    with pytest.raises(ValidationError, match="Already in another zone"):
        zone.clean()


@pytest.mark.django_db
def test_a_zone_must_be_from_an_origin_of_its_method():
    from django.core.exceptions import ValidationError

    zone = Zone.objects.filter(method__code="cn-ems").first()
    zone.origin = "IT"
    with pytest.raises(ValidationError, match="does not ship from this country"):
        zone.clean()
