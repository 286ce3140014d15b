"""The buyer's address book: each country's own fields and postal codes, phone
numbers the carrier can call, one default, and nobody else's addresses."""

import pytest
from rest_framework.test import APIClient

from buyers import services
from buyers.models import Address
from buyers.selectors import address_lines
from marketplace.errors import DomainError, NotFound
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BRAZIL = {
    "full_name": "Ana Souza",
    "country": "BR",
    "country_area": "SP",
    "city": "São Paulo",
    "street_address": "Rua Augusta 100, apto 12",
    "postal_code": "01305-000",
    "phone": "11 91234 5678",
}
NIGERIA = {  # no postal codes in use, no states required
    "full_name": "Amara Okafor",
    "country": "NG",
    "city": "Lagos",
    "street_address": "12 Awolowo Road, Ikoyi",
    "phone": "+234 803 123 4567",
}
JAPAN = {
    "full_name": "Sato Yui",
    "country": "JP",
    "country_area": "東京都",
    "city": "渋谷区",
    "street_address": "神南1-2-3",
    "postal_code": "150-0041",
    "phone": "+81 3-1234-5678",
}


@pytest.fixture
def buyer():
    return UserFactory()


def create(buyer, **values) -> Address:
    return services.address_create(actor=buyer, data=services.AddressInput(**values))


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_address_is_normalised_the_way_its_country_writes_it(buyer):
    address = create(buyer, **BRAZIL)
    assert (address.postal_code, address.country_area, address.phone) == ("01305-000", "SP", "+5511912345678")
    assert address.is_default  # the first one
    assert address_lines(address) == ["Ana Souza", "Rua Augusta 100, apto 12", "SÃO PAULO-SP", "01305-000", "BRAZIL"]
    assert create(buyer, **NIGERIA).postal_code == ""
    japan = create(buyer, **JAPAN)
    assert japan.postal_code == "150-0041" and not japan.is_default


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"postal_code": "123"}, {"postal_code"}),  # not a Brazilian CEP
        ({"country_area": "", "city": ""}, {"country_area", "city"}),  # both required in Brazil
        ({"country_area": "Narnia"}, {"country_area"}),
        ({"phone": "12"}, {"phone"}),
        ({"full_name": "  "}, {"full_name"}),
        ({"postal_code": "123", "phone": "x"}, {"postal_code", "phone"}),  # every bad field at once
    ],
)
def test_a_bad_address_names_every_bad_field_and_writes_nothing(buyer, changes, fields):
    with pytest.raises(DomainError) as excinfo:
        create(buyer, **{**BRAZIL, **changes})
    assert set(excinfo.value.fields) == fields
    assert not Address.objects.exists()


def test_the_postal_code_message_shows_the_countrys_format(buyer):
    with pytest.raises(DomainError) as excinfo:
        create(buyer, **{**BRAZIL, "postal_code": "123"})
    assert "40301-110" in excinfo.value.fields["postal_code"][0]


def test_one_default_and_it_moves_on_when_deleted(buyer):
    first, second = create(buyer, **BRAZIL), create(buyer, **NIGERIA)
    services.address_set_default(actor=buyer, address_id=second.pk)
    assert list(Address.objects.filter(is_default=True)) == [second]
    services.address_delete(actor=buyer, address_id=second.pk)
    first.refresh_from_db()
    assert first.is_default


def test_the_address_book_has_a_limit(buyer, settings):
    settings.CARAVAN_BUYER_MAX_ADDRESSES = 2
    create(buyer, **BRAZIL)
    create(buyer, **NIGERIA)
    with pytest.raises(DomainError, match="full"):
        create(buyer, **JAPAN)


def test_nobody_else_reads_or_changes_an_address(buyer):
    address = create(buyer, **BRAZIL)
    stranger = UserFactory()
    with pytest.raises(NotFound):
        services.address_update(actor=stranger, address_id=address.pk, data=services.AddressInput(**NIGERIA))
    with pytest.raises(NotFound):
        services.address_delete(actor=stranger, address_id=address.pk)
    client = api(stranger)
    assert client.get(f"/api/v1/me/addresses/{address.pk}/").status_code == 404
    assert client.put(f"/api/v1/me/addresses/{address.pk}/", NIGERIA, format="json").status_code == 404
    assert client.delete(f"/api/v1/me/addresses/{address.pk}/").status_code == 404
    assert client.post(f"/api/v1/me/addresses/{address.pk}/default/").status_code == 404
    assert client.get("/api/v1/me/addresses/").json() == []
    assert APIClient().get("/api/v1/me/addresses/").status_code in (401, 403)
    address.refresh_from_db()
    assert address.full_name == "Ana Souza"


def test_the_api_adds_lists_replaces_and_deletes(buyer):
    client = api(buyer)
    created = client.post("/api/v1/me/addresses/", BRAZIL, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["postal_code"], body["phone"], body["is_default"]) == ("01305-000", "+5511912345678", True)
    assert any("01305-000" in line for line in body["lines"])
    refused = client.post("/api/v1/me/addresses/", {**BRAZIL, "postal_code": "123"}, format="json")
    assert refused.status_code == 400 and "postal_code" in refused.json()["error"]["fields"]
    assert client.post("/api/v1/me/addresses/", {**BRAZIL, "country": "XX"}, format="json").status_code == 400
    replaced = client.put(f"/api/v1/me/addresses/{body['id']}/", JAPAN, format="json")
    assert replaced.status_code == 200 and replaced.json()["country"] == "JP"
    assert [a["id"] for a in client.get("/api/v1/me/addresses/").json()] == [body["id"]]
    assert client.delete(f"/api/v1/me/addresses/{body['id']}/").status_code == 204
    assert not Address.objects.exists()


def test_the_rules_of_a_country_for_a_checkout_form(client):
    brazil = client.get("/api/v1/address-rules/br/").json()
    assert brazil["country"] == "BR" and "postal_code" in brazil["required"] and "country_area" in brazil["required"]
    assert ["SP", "São Paulo"] in brazil["country_areas"] and brazil["postal_code_examples"]
    nigeria = client.get("/api/v1/address-rules/NG/").json()
    assert "postal_code" not in nigeria["required"]
    bad = client.get("/api/v1/address-rules/ZZ/")
    assert bad.status_code == 400 and "country" in bad.json()["error"]["fields"]


# --- the pages ------------------------------------------------------------------------------------------


def test_the_address_book_pages_add_edit_and_show_errors_on_their_fields(client, buyer):
    client.force_login(buyer)
    page = client.get("/account/addresses/")
    assert page.status_code == 200 and "No addresses yet" in page.content.decode()
    refused = client.post("/account/addresses/", {**BRAZIL, "postal_code": "123", "phone": "x"})
    assert refused.status_code == 400
    form = refused.context["form"]
    assert "40301-110" in form.errors["postal_code"][0] and form.errors["phone"]
    assert not Address.objects.exists()
    added = client.post("/account/addresses/", BRAZIL, follow=True)
    assert "SÃO PAULO-SP" in added.content.decode()
    address = Address.objects.get()
    edited = client.post(f"/account/addresses/{address.pk}/", {**BRAZIL, "street_address": "Rua Oscar Freire 9"})
    assert edited.status_code == 302
    address.refresh_from_db()
    assert address.street_address == "Rua Oscar Freire 9"


def test_the_pages_never_show_or_change_another_buyers_address(client, buyer):
    address = create(buyer, **BRAZIL)
    client.force_login(UserFactory())
    assert client.get(f"/account/addresses/{address.pk}/").status_code == 404
    assert client.post(f"/account/addresses/{address.pk}/", NIGERIA).status_code == 404
    assert client.post(f"/account/addresses/{address.pk}/delete/").status_code == 404
    assert client.post(f"/account/addresses/{address.pk}/default/").status_code == 404
    assert "Rua Augusta" not in client.get("/account/addresses/").content.decode()
    assert Address.objects.get().street_address == BRAZIL["street_address"]
    client.logout()
    assert client.get("/account/addresses/").status_code == 302  # to the log-in page
