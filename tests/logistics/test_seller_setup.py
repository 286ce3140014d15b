"""Seller shipping templates and warehouses: the services' rules, the API
(CRUD, a seller sees and edits only their own: 404 otherwise) and the
seller-centre pages (clear form errors)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from logistics.models import FreeDestination, ShippingTemplate, Warehouse
from logistics.selectors import store_shipping
from logistics.services import FreeRuleInput, shipping_template_save, warehouse_save
from marketplace.errors import DomainError
from sellers.models import SellerStatus

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def es_store(make_seller):
    return make_seller(status=SellerStatus.APPROVED, country="ES")


@pytest.fixture
def cn_store(make_seller):
    return make_seller(status=SellerStatus.APPROVED, country="CN")


# --- services ---------------------------------------------------------------------------------


def test_an_approved_store_gets_a_default_template_that_cannot_be_deleted_or_undefaulted(es_store, make_seller):
    default = ShippingTemplate.objects.get(seller=es_store, is_default=True)
    assert default.methods.count() == 0 and default.handling_days == 0
    assert not ShippingTemplate.objects.filter(seller=make_seller(status=SellerStatus.SUBMITTED)).exists()
    with pytest.raises(DomainError) as err:
        shipping_template_save(seller=es_store, actor=es_store.user, template_id=default.pk, name="Default")
    assert err.value.field == "is_default"


def test_making_another_template_the_default_moves_the_flag(es_store):
    old = ShippingTemplate.objects.get(seller=es_store, is_default=True)
    new = shipping_template_save(seller=es_store, actor=es_store.user, name="EU deals", is_default=True)
    assert list(ShippingTemplate.objects.filter(seller=es_store, is_default=True)) == [new]
    old.refresh_from_db()
    assert not old.is_default
    assert store_shipping(es_store.pk).default.name == "EU deals"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": " "}, "name"),
        ({"method_codes": ["cn-ems"]}, "methods"),  # a Chinese method for a Spanish store
        ({"method_codes": ["no-such"]}, "methods"),
        ({"handling_days": 11}, "handling_days"),
        ({"free_rules": [FreeRuleInput("moon")]}, "free_rules"),
        ({"free_rules": [FreeRuleInput("countries", ("DE", "XX"))]}, "free_rules"),
        ({"free_rules": [FreeRuleInput("countries", ())]}, "free_rules"),
        ({"free_rules": [FreeRuleInput("eu", (), Decimal("-1"))]}, "free_rules"),
        ({"free_rules": [FreeRuleInput("eu")] * 11}, "free_rules"),
    ],
)
def test_bad_template_input_names_the_field_and_writes_nothing(es_store, kwargs, field):
    before = ShippingTemplate.objects.count()
    with pytest.raises(DomainError) as err:
        shipping_template_save(seller=es_store, actor=es_store.user, **{"name": "T", **kwargs})
    assert err.value.field == field
    assert ShippingTemplate.objects.count() == before


def test_a_template_stores_its_rules_in_the_stores_currency_and_the_cache_follows(es_store):
    assert store_shipping(es_store.pk).default.free_rules == ()
    template = shipping_template_save(
        seller=es_store, actor=es_store.user, name="Free EU over 30", is_default=True,
        handling_days=2,
        free_rules=[FreeRuleInput(FreeDestination.EU, (), Decimal("30"))],
    )  # fmt: skip
    rule = template.free_rules.get()
    assert (rule.min_order.amount, rule.min_order.currency.code) == (Decimal("30"), "EUR")
    spec = store_shipping(es_store.pk).default
    assert spec.handling_days == 2 and "DE" in spec.free_rules[0].countries and "US" not in spec.free_rules[0].countries


@pytest.mark.parametrize(
    ("country", "message"),
    [("CN", "Warehouses can be in"), ("ES", "already ships from"), ("DE", "Warehouses can be in")],
)
def test_warehouses_only_in_allowed_countries_other_than_home(es_store, settings, country, message):
    settings.CARAVAN_WAREHOUSE_COUNTRIES = ["ES", "TR"]
    with pytest.raises(DomainError, match=message) as err:
        warehouse_save(seller=es_store, actor=es_store.user, country=country)
    assert err.value.field == "country"


def test_one_warehouse_per_country(cn_store):
    warehouse_save(seller=cn_store, actor=cn_store.user, country="ES")
    with pytest.raises(DomainError, match="already have a warehouse"):
        warehouse_save(seller=cn_store, actor=cn_store.user, country="es")
    assert [w.country for w in store_shipping(cn_store.pk).warehouses] == ["ES"]


# --- API --------------------------------------------------------------------------------------


def test_methods_and_zones_are_public_and_read_only(api_client):
    methods = api_client.get(reverse("api-shipping-methods"), {"origin": "es"}).json()
    assert methods and all("ES" in m["origins"] for m in methods)
    code = methods[0]["code"]
    detail = api_client.get(reverse("api-shipping-method", args=[code]), {"origin": "ES"}).json()
    assert detail["zones"] and all(z["origin"] == "ES" for z in detail["zones"])
    assert detail["zones"][0]["rate"]["first_step_price"]["currency"]
    assert api_client.post(reverse("api-shipping-methods"), {}).status_code in (401, 403, 405)
    assert api_client.get(reverse("api-shipping-method", args=["nope"])).status_code == 404


def test_template_crud_through_the_api(es_store):
    client = api_for(es_store.user)
    url = reverse("api-seller-shipping-templates")
    body = {"name": "EU free over 30", "methods": [], "handling_days": 1,
            "free_rules": [{"destination": "eu", "min_order": "30.00"}]}  # fmt: skip
    created = client.post(url, body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["free_rules"] == [
        {"destination": "eu", "countries": [], "min_order": {"amount": "30.00", "currency": "EUR"}}
    ]
    one = reverse("api-seller-shipping-template", args=[data["id"]])
    assert client.get(one).json()["name"] == "EU free over 30"
    replaced = client.put(one, {**body, "name": "EU", "is_default": True}, format="json")
    assert replaced.status_code == 200 and replaced.json()["is_default"] is True
    listed = client.get(url).json()
    assert [t["name"] for t in listed if t["is_default"]] == ["EU"]
    # the default cannot go; another can
    assert client.delete(one).status_code == 409
    other = next(t for t in listed if not t["is_default"])
    assert client.delete(reverse("api-seller-shipping-template", args=[other["id"]])).status_code == 204
    bad = client.post(url, {**body, "free_rules": [{"destination": "eu", "min_order": 0.5}]}, format="json")
    assert bad.status_code == 400 and "free_rules.0.min_order" in bad.json()["error"]["fields"]
    bad = client.post(url, {**body, "name": "X", "methods": ["cn-ems"]}, format="json")
    assert bad.status_code == 400 and "methods" in bad.json()["error"]["fields"]


def test_sellers_never_see_or_touch_anothers_templates_or_warehouses(es_store, cn_store, user):
    theirs = ShippingTemplate.objects.get(seller=cn_store, is_default=True)
    warehouse = warehouse_save(seller=cn_store, actor=cn_store.user, country="ES")
    client = api_for(es_store.user)
    t_url = reverse("api-seller-shipping-template", args=[theirs.pk])
    w_url = reverse("api-seller-warehouse", args=[warehouse.pk])
    assert client.get(t_url).status_code == 404
    assert client.put(t_url, {"name": "Mine now"}, format="json").status_code == 404
    assert client.delete(t_url).status_code == 404
    assert client.get(w_url).status_code == 404
    assert client.put(w_url, {"country": "TR"}, format="json").status_code == 404
    assert client.delete(w_url).status_code == 404
    assert [t["id"] for t in client.get(reverse("api-seller-shipping-templates")).json()] != [theirs.pk]
    assert client.get(reverse("api-seller-warehouses")).json() == []
    assert Warehouse.objects.get(pk=warehouse.pk).country == "ES"
    # a buyer and an anonymous caller
    assert api_for(user).get(reverse("api-seller-warehouses")).status_code == 403
    assert APIClient().get(reverse("api-seller-shipping-templates")).status_code == 401


def test_warehouse_crud_through_the_api(cn_store):
    client = api_for(cn_store.user)
    url = reverse("api-seller-warehouses")
    created = client.post(url, {"country": "ES", "name": "Valencia 3PL", "handling_days": 1}, format="json")
    assert created.status_code == 201, created.content
    one = reverse("api-seller-warehouse", args=[created.json()["id"]])
    assert (
        client.put(one, {"country": "ES", "name": "Valencia", "active": False}, format="json").json()["active"] is False
    )
    assert client.post(url, {"country": "CN"}, format="json").json()["error"]["fields"]["country"]
    assert client.delete(one).status_code == 204
    assert client.get(url).json() == []


# --- seller-centre pages ------------------------------------------------------------------------


def test_a_seller_sets_up_free_shipping_to_the_eu_above_30_in_the_seller_centre(client, es_store):
    client.force_login(es_store.user)
    index = client.get(reverse("seller_shipping:index"))
    assert index.status_code == 200 and b'data-testid="nav-shipping"' in index.content
    form = {"name": "EU over 30", "handling_days": "1", "is_default": "on",
            "rule_0_destination": "eu", "rule_0_min_order": "30"}  # fmt: skip
    response = client.post(reverse("seller_shipping:template_create"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    spec = store_shipping(es_store.pk).default
    assert spec.name == "EU over 30" and spec.free_rules[0].min_order.amount == Decimal("30")
    page = client.get(reverse("seller_shipping:index")).content.decode()
    assert "EU over 30" in page and "European Union" in page


def test_template_form_errors_are_clear_and_nothing_is_written(client, es_store):
    client.force_login(es_store.user)
    before = ShippingTemplate.objects.count()
    response = client.post(
        reverse("seller_shipping:template_create"),
        {"name": "Bad", "handling_days": "1", "rule_0_destination": "countries", "rule_0_countries": "DE, QQ"},
    )
    assert response.status_code == 400
    assert "not a country: QQ" in response.content.decode()
    response = client.post(reverse("seller_shipping:template_create"), {"name": "", "handling_days": "99"})
    assert response.status_code == 400 and b"field-error" in response.content
    assert ShippingTemplate.objects.count() == before


def test_warehouse_pages_and_another_sellers_rows_are_not_found(client, cn_store, es_store):
    client.force_login(cn_store.user)
    response = client.post(reverse("seller_shipping:warehouse_create"), {"country": "ES", "handling_days": "0",
                                                                         "active": "on"})  # fmt: skip
    assert response.status_code == 302
    warehouse = Warehouse.objects.get(seller=cn_store)
    response = client.post(reverse("seller_shipping:warehouse_create"), {"country": "ES", "handling_days": "0"})
    assert response.status_code == 400 and "already have a warehouse" in response.content.decode()
    client.force_login(es_store.user)
    assert client.get(reverse("seller_shipping:warehouse_edit", args=[warehouse.pk])).status_code == 404
    assert client.post(reverse("seller_shipping:warehouse_delete", args=[warehouse.pk])).status_code == 404
    theirs = ShippingTemplate.objects.get(seller=cn_store)
    assert client.get(reverse("seller_shipping:template_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("seller_shipping:template_delete", args=[theirs.pk])).status_code == 404
    assert Warehouse.objects.filter(pk=warehouse.pk).exists()
