# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""One setting per limit, read by forms, serializers and services alike: listing
attributes (count, name and value length) and the length of a message."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from listings import services
from listings.forms import AttributeForm, AttributeFormSet
from listings.models import Listing
from marketplace.errors import DomainError
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401

pytestmark = pytest.mark.django_db
SELLER_LISTINGS = "/api/v1/seller/listings/"


def dress(category, **overrides) -> dict:
    return {
        "category": category.pk,
        "title": "Summer floral chiffon maxi dress",
        "source_language": "en",
        "description": "<p>Light chiffon.</p>",
        "attributes": {"material": "chiffon"},
        "price": "89.00",
        "declared_value": "89.00",
        "lot_size": 1,
        "weight_grams": 320,
        "length_cm": "30.0",
        "width_cm": "25.0",
        "height_cm": "4.0",
        "processing_days": 3,
        "variants": [{"sku": "DRESS-RED-M", "options": {"colour": "red", "size": "M"}, "stock": 10}],
        "tiers": [],
        **overrides,
    }


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def create(seller, category, attributes):
    return services.listing_create(
        actor=seller.user, seller_id=seller.pk, data=listing_input(category, attributes=attributes)
    )


# --- listing attributes: the service ------------------------------------------------------------


def test_the_limits_are_settings(settings):
    assert settings.CARAVAN_LISTING_MAX_ATTRIBUTES == 30
    assert settings.CARAVAN_LISTING_ATTRIBUTE_KEY_MAX_CHARS == 40
    assert settings.CARAVAN_LISTING_ATTRIBUTE_VALUE_MAX_CHARS == 120
    # The form reads the same settings.
    assert AttributeForm.base_fields["name"].max_length == 40
    assert AttributeForm.base_fields["value"].max_length == 120
    assert AttributeFormSet.max_num == 30


def test_5000_attributes_are_refused_and_nothing_written(approved_seller, leaf_category):
    with pytest.raises(DomainError, match="at most 30 attributes") as refused:
        create(approved_seller, leaf_category, {f"name {i}": "value" for i in range(5000)})
    assert refused.value.field == "attributes"
    assert not Listing.objects.exists()


def test_the_count_limit_is_exact_and_blank_pairs_do_not_count(approved_seller, leaf_category):
    thirty = {f"name {i}": "value" for i in range(30)}
    listing = create(approved_seller, leaf_category, {**thirty, "blank": " ", "  ": "no name"})
    assert listing.attributes == thirty
    with pytest.raises(DomainError, match="at most 30 attributes"):
        create(approved_seller, leaf_category, {**thirty, "one more": "value"})


def test_a_long_name_is_refused_not_cut(approved_seller, leaf_category):
    name = "n" * 40
    assert create(approved_seller, leaf_category, {name: "ok"}).attributes == {name: "ok"}
    with pytest.raises(DomainError, match="attribute name can have at most 40 characters") as refused:
        create(approved_seller, leaf_category, {name + "x": "cut off before, refused now"})
    assert refused.value.field == "attributes"
    assert Listing.objects.count() == 1


def test_a_long_value_is_refused_not_cut(approved_seller, leaf_category, settings):
    with pytest.raises(DomainError, match="“material” can have at most 120 characters") as refused:
        create(approved_seller, leaf_category, {"material": "v" * 121})
    assert refused.value.field == "attributes"
    settings.CARAVAN_LISTING_ATTRIBUTE_VALUE_MAX_CHARS = 200  # the service reads the setting when it runs
    assert create(approved_seller, leaf_category, {"material": "v" * 121}).attributes == {"material": "v" * 121}


def test_an_update_is_held_to_the_same_limits(make_listing, approved_seller, leaf_category):
    listing = make_listing(publish=False)
    with pytest.raises(DomainError, match="at most 30 attributes"):
        services.listing_update(
            actor=approved_seller.user,
            listing_id=listing.pk,
            data=listing_input(leaf_category, attributes={str(i): "v" for i in range(31)}),
        )
    listing.refresh_from_db()
    assert listing.attributes == {"material": "chiffon", "season": "summer"}


# --- listing attributes: the API --------------------------------------------------------------------


def test_the_api_refuses_5000_attributes_with_a_400_naming_attributes(approved_seller, leaf_category):
    payload = dress(leaf_category, attributes={f"属性{i}": "值" for i in range(5000)})
    response = api_for(approved_seller.user).post(SELLER_LISTINGS, payload, format="json")
    assert response.status_code == 400
    assert "at most 30 attributes" in response.json()["error"]["fields"]["attributes"][0]
    assert not Listing.objects.exists()


def test_the_api_refuses_a_long_name_and_a_long_value(approved_seller, leaf_category):
    client = api_for(approved_seller.user)
    good = client.post(SELLER_LISTINGS, dress(leaf_category), format="json")
    assert good.status_code == 201, good.json()  # the payload is otherwise fine
    Listing.objects.all().delete()
    for attributes in ({"n" * 41: "v"}, {"material": "v" * 121}):
        response = client.post(SELLER_LISTINGS, dress(leaf_category, attributes=attributes), format="json")
        names = list(response.json()["error"]["fields"])
        assert response.status_code == 400 and names in (["attributes"], ["attributes.material"]), response.json()
    assert not Listing.objects.exists()


def test_the_api_description_limit_is_the_setting(approved_seller, leaf_category, settings):
    from listings.api import serializers as api

    assert api.DESCRIPTION_MAX_CHARS == settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS
    long = "<p>" + "a" * settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS + "</p>"
    response = api_for(approved_seller.user).post(
        SELLER_LISTINGS, dress(leaf_category, description=long), format="json"
    )
    assert response.status_code == 400 and "description" in response.json()["error"]["fields"]


# --- messages --------------------------------------------------------------------------------------


def test_the_message_api_allows_what_the_setting_says(make_seller, make_listing, settings):
    assert settings.CARAVAN_MESSAGE_MAX_CHARS == 2000
    seller = make_seller(status="approved", country="IT")
    listing = make_listing(seller=seller)
    client = api_for(UserFactory(language="en"))
    too_long = client.post(reverse("api-conversations"), {"listing_id": listing.pk, "body": "a" * 2001}, format="json")
    assert too_long.status_code == 400 and "body" in too_long.json()["error"]["fields"]
    started = client.post(reverse("api-conversations"), {"listing_id": listing.pk, "body": "a" * 2000}, format="json")
    assert started.status_code == 201, started.json()
    url = reverse("api-conversation-messages", kwargs={"conversation_id": started.json()["id"]})
    refused = client.post(url, {"body": "b" * 2001}, format="json")
    assert refused.status_code == 400 and "body" in refused.json()["error"]["fields"]
    assert client.post(url, {"body": "b" * 2000}, format="json").status_code == 201
