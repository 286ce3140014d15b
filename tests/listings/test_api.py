"""The catalogue API end to end: HTTP (APIClient), the real services, search and
PostgreSQL. Public: categories, listing search/list, listing detail. Seller: the
own-listings API of an approved store."""

import copy
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from moneyed import Money
from rest_framework.test import APIClient

from listings import services
from listings.models import Category, Listing, ListingImage, ListingStatus, ListingVariant
from listings.services import VariantInput
from marketplace.money import convert
from sellers import services as seller_services
from tests.factories import UserFactory
from tests.listings.conftest import WHOLESALE_TIERS, photo

pytestmark = pytest.mark.django_db

CATEGORIES = "/api/v1/categories/"
LISTINGS = "/api/v1/listings/"
SELLER_LISTINGS = "/api/v1/seller/listings/"
BULK = "/api/v1/seller/listings/bulk-status/"


def detail_url(listing_id: int) -> str:
    return f"{LISTINGS}{listing_id}/"


def own_url(listing_id: int, suffix: str = "") -> str:
    return f"{SELLER_LISTINGS}{listing_id}/{suffix}"


def stock_url(variant_id: int) -> str:
    return f"/api/v1/seller/variants/{variant_id}/stock/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def error(response) -> dict:
    return response.json()["error"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [card["id"] for card in response.json()["results"]]


DRESS = {
    "title": "夏季碎花雪纺长裙 波西米亚度假风",
    "source_language": "zh-hans",
    "description": "<p>轻薄雪纺面料，<strong>透气舒适</strong>。</p>",
    "attributes": {"面料": "雪纺", "季节": "夏季"},
    "price": "89.00",
    "declared_value": "89.00",
    "lot_size": 1,
    "weight_grams": 320,
    "length_cm": "30.0",
    "width_cm": "25.0",
    "height_cm": "4.0",
    "processing_days": 3,
    "hs_code": "6204.43",
    "variants": [
        {"sku": "DRESS-RED-M", "options": {"颜色": "红色", "尺码": "M"}, "stock": 120},
        {"sku": "DRESS-BLUE-L", "options": {"颜色": "蓝色", "尺码": "L"}, "stock": 60, "price_override": "95.00"},
    ],
    "tiers": [
        {"min_lots": 1, "max_lots": 9, "unit_price": "89.00"},
        {"min_lots": 10, "max_lots": 49, "unit_price": "79.00"},
        {"min_lots": 50, "max_lots": None, "unit_price": "69.00"},
    ],
}


def dress(category: Category, **overrides) -> dict:
    return {**copy.deepcopy(DRESS), "category": category.pk, **overrides}


@pytest.fixture
def seller_client(approved_seller) -> APIClient:
    return client_for(approved_seller.user)


@pytest.fixture
def other_seller(make_seller):
    return make_seller(status="approved", country="IT")


# --- categories ---------------------------------------------------------------------------


def test_categories_are_a_tree_named_in_the_request_language(api_client):
    response = api_client.get(CATEGORIES, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    tree = response.json()
    assert len(tree) == Category.objects.filter(parent=None).count()
    women = next(node for node in tree if node["slug"] == "womens-fashion")
    assert women["name"] == "Женская одежда"
    assert women["icon"]
    dresses = next(child for child in women["children"] if child["slug"] == "dresses")
    assert dresses == {"id": Category.objects.get(slug="dresses").pk, "slug": "dresses", "name": "Платья"}
    assert sum(len(node["children"]) for node in tree) == Category.objects.exclude(parent=None).count()

    english = api_client.get(CATEGORIES, HTTP_ACCEPT_LANGUAGE="en").json()
    assert next(node for node in english if node["slug"] == "womens-fashion")["name"] == "Women's fashion"


# --- public list and detail: only public listings --------------------------------------------


def test_only_active_listings_of_approved_stores_are_public(
    api_client, make_listing, make_seller, vetting_officer, seller_client
):
    active = make_listing(title="Active chiffon dress")
    draft = make_listing(publish=False, title="Draft chiffon dress")
    paused = make_listing(title="Paused chiffon dress")
    response = seller_client.post(own_url(paused.pk, "status/"), {"status": "paused"}, format="json")
    assert response.status_code == 200
    suspended_store = make_seller(status="approved", country="TR")
    suspended = make_listing(seller=suspended_store, title="Chiffon dress of a suspended store")
    seller_services.seller_suspend(seller_id=suspended_store.pk, actor=vetting_officer, reason="Counterfeits")

    assert ids(api_client.get(LISTINGS)) == [active.pk]
    assert ids(api_client.get(LISTINGS, {"q": "chiffon dress"})) == [active.pk]
    assert api_client.get(detail_url(active.pk)).status_code == 200
    for hidden in (draft, paused, suspended):
        response = api_client.get(detail_url(hidden.pk))
        assert response.status_code == 404
        assert error(response)["code"] == "not_found"
    assert api_client.get(detail_url(999_999)).status_code == 404


def test_card_prices_in_listing_and_display_currency(api_client, make_listing, approved_seller):
    listing = make_listing(tiers=WHOLESALE_TIERS)  # CNY 100 / 90 / 80 per lot
    response = api_client.get(LISTINGS, {"currency": "EUR"})
    assert response.status_code == 200
    card = response.json()["results"][0]
    euros = convert(Money("80.00", "CNY"), "EUR")
    assert card["id"] == listing.pk
    assert card["from_price"]["original"] == {"amount": "80.00", "currency": "CNY", "formatted": "CN¥80.00"}
    assert card["from_price"]["display"] == {
        "amount": str(euros.amount),
        "currency": "EUR",
        "formatted": f"€{euros.amount}",
    }
    assert card["seller"] == {
        "store_name": approved_seller.store_name,
        "slug": approved_seller.slug,
        "country": "CN",
    }
    assert card["title"] == "Summer floral chiffon maxi dress"
    assert card["source_language"] == approved_seller.store_language
    assert card["lot_size"] == 1 and card["orders_count"] == 0
    image = ListingImage.objects.get(listing=listing)
    assert card["thumbnail_url"] == f"http://testserver/media/{image.thumbnail.name}"


def test_display_currency_defaults_to_the_callers(api_client, make_listing):
    make_listing()  # CNY 120
    # A visitor from Brazil (by Accept-Language) sees reais, formatted in Portuguese.
    brl = api_client.get(LISTINGS, HTTP_ACCEPT_LANGUAGE="pt-BR").json()["results"][0]["from_price"]["display"]
    assert brl["currency"] == "BRL"
    assert brl["amount"] == str(convert(Money("120.00", "CNY"), "BRL").amount)
    assert brl["formatted"].startswith("R$")
    # A token user's saved currency wins (the middleware saw no user yet).
    turkish_buyer = client_for(UserFactory(currency="TRY"))
    assert turkish_buyer.get(LISTINGS).json()["results"][0]["from_price"]["display"]["currency"] == "TRY"
    # An explicit `currency` wins over both.
    assert turkish_buyer.get(LISTINGS, {"currency": "jpy"}).json()["results"][0]["from_price"]["display"] == {
        "amount": str(convert(Money("120.00", "CNY"), "JPY").amount),
        "currency": "JPY",
        "formatted": f"¥{convert(Money('120.00', 'CNY'), 'JPY').amount:,}",
    }
    response = api_client.get(LISTINGS, {"currency": "XYZ"})
    assert response.status_code == 400
    assert list(error(response)["fields"]) == ["currency"]


def test_detail_has_everything_a_buyer_needs(api_client, make_listing, approved_seller):
    listing = make_listing(
        tiers=WHOLESALE_TIERS,
        lot_size=10,
        hs_code="620443",
        description='<p onclick="steal()">Light chiffon</p><script>alert(1)</script><img src=x onerror="alert(2)">',
        variants=[
            VariantInput(sku="DRESS-RED-M", options={"colour": "Red", "size": "M"}, stock=20),
            VariantInput(sku="DRESS-BLUE-L", options={"colour": "Blue", "size": "L"}, stock=0, price_override="110"),
        ],
    )
    # A row that got in without the services (e.g. a bulk import) is sanitised on the way out too.
    Listing.objects.filter(pk=listing.pk).update(description='<p>Hi</p><script>alert("x")</script>')

    response = api_client.get(detail_url(listing.pk), {"currency": "USD"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()

    def price(amount: str) -> dict:
        usd = convert(Money(amount, "CNY"), "USD")
        return {
            "original": {"amount": amount, "currency": "CNY", "formatted": f"CN¥{amount}"},
            "display": {"amount": str(usd.amount), "currency": "USD", "formatted": f"${usd.amount}"},
        }

    assert body["id"] == listing.pk
    assert body["display_currency"] == "USD"
    assert body["description"] == "<p>Hi</p>"
    assert body["attributes"] == {"material": "chiffon", "season": "summer"}
    assert body["category"]["slug"] == "dresses" and body["category"]["name"] == "Dresses"
    assert body["parent_category"]["slug"] == "womens-fashion"
    assert body["seller"]["slug"] == approved_seller.slug
    assert body["lot_size"] == 10
    assert body["price"] == price("100.00")
    assert body["from_price"] == price("80.00")
    assert body["tiers"] == [
        {"min_lots": 1, "max_lots": 9, "unit_price": price("100.00")},
        {"min_lots": 10, "max_lots": 49, "unit_price": price("90.00")},
        {"min_lots": 50, "max_lots": None, "unit_price": price("80.00")},
    ]
    red, blue = body["variants"]
    assert (red["sku"], red["stock"], red["in_stock"]) == ("DRESS-RED-M", 20, True)
    assert red["options"] == {"colour": "Red", "size": "M"}
    assert sorted(red["label"].split(" / ")) == ["M", "Red"]  # jsonb keeps keys in its own order
    assert red["price"] == price("100.00")
    assert (blue["sku"], blue["stock"], blue["in_stock"]) == ("DRESS-BLUE-L", 0, False)
    assert blue["price"] == price("110.00")
    assert body["shipping"] == {
        "ships_from": "CN",
        "weight_grams": 300,
        "length_cm": "30.0",
        "width_cm": "25.0",
        "height_cm": "4.0",
        "declared_value": price("120.00"),
        "processing_days": 5,
        "hs_code": "620443",
    }
    (image,) = body["images"]
    assert image["url"].startswith("http://testserver/media/listings/") and image["url"].endswith(".jpg")
    assert image["thumbnail_url"].endswith("-400.jpg")
    assert (image["width"], image["height"]) == (640, 480)
    assert body["published_at"]


def test_description_written_with_script_is_stored_and_served_inert(seller_client, leaf_category, api_client):
    payload = dress(
        leaf_category,
        description='<p onmouseover="x()">Soft</p><script>alert(1)</script><iframe src="https://evil.example"></iframe>',
    )
    created = seller_client.post(SELLER_LISTINGS, payload, format="json")
    assert created.status_code == 201, created.json()
    description = created.json()["description"]
    assert description == "<p>Soft</p>"


# --- filters, sorting, search -------------------------------------------------------------------


def test_category_filter_includes_children(api_client, make_listing):
    dress = make_listing(title="Chiffon dress")
    shirt = make_listing(title="Linen shirt", category_id=Category.objects.get(slug="mens-shirts").pk)

    assert ids(api_client.get(LISTINGS, {"category": "womens-fashion"})) == [dress.pk]
    assert ids(api_client.get(LISTINGS, {"category": "dresses"})) == [dress.pk]
    assert ids(api_client.get(LISTINGS, {"category": "mens-fashion"})) == [shirt.pk]
    assert ids(api_client.get(LISTINGS, {"category": "skirts"})) == []
    response = api_client.get(LISTINGS, {"category": "no-such-category"})
    assert response.status_code == 400
    assert list(error(response)["fields"]) == ["category"]


def test_price_range_is_in_the_callers_currency(api_client, make_listing):
    cheap = make_listing(title="Cheap dress", price=Decimal("50"), declared_value=Decimal("50"))
    middle = make_listing(title="Middle dress", price=Decimal("100"), declared_value=Decimal("100"))
    dear = make_listing(title="Dear dress", price=Decimal("300"), declared_value=Decimal("300"))
    in_usd = {lst.pk: convert(Money(lst.price.amount, "CNY"), "USD").amount for lst in (cheap, middle, dear)}
    assert in_usd[cheap.pk] < 10 < in_usd[middle.pk] < 20 < in_usd[dear.pk]

    def found(**params) -> set[int]:
        return set(ids(api_client.get(LISTINGS, params)))

    assert found(currency="USD", min_price="10", max_price="20") == {middle.pk}
    assert found(currency="USD", min_price="10") == {middle.pk, dear.pk}
    assert found(currency="USD", max_price="20") == {cheap.pk, middle.pk}
    rub = convert(Money("100", "CNY"), "RUB").amount
    assert found(currency="RUB", min_price=str(rub - 50), max_price=str(rub + 50)) == {middle.pk}
    assert found(currency="CNY", min_price="100", max_price="100") == {middle.pk}
    response = api_client.get(LISTINGS, {"min_price": "-5"})
    assert response.status_code == 400 and list(error(response)["fields"]) == ["min_price"]


def test_ships_from_filters_by_the_store_country(api_client, make_listing, other_seller):
    chinese = make_listing(title="Chiffon dress")
    italian = make_listing(
        seller=other_seller, title="Abito in lino", price=Decimal("40"), declared_value=Decimal("40")
    )

    assert ids(api_client.get(LISTINGS, {"ships_from": "IT"})) == [italian.pk]
    assert ids(api_client.get(LISTINGS, {"ships_from": "cn"})) == [chinese.pk]
    assert ids(api_client.get(LISTINGS, {"ships_from": "ES"})) == []
    response = api_client.get(LISTINGS, {"ships_from": "DE"})
    assert response.status_code == 400 and list(error(response)["fields"]) == ["ships_from"]
    card = api_client.get(LISTINGS, {"ships_from": "IT", "currency": "EUR"}).json()["results"][0]
    assert card["from_price"]["original"]["currency"] == "EUR"
    assert card["from_price"]["original"]["amount"] == card["from_price"]["display"]["amount"] == "40.00"


def test_sort_orders(api_client, make_listing):
    first = make_listing(title="Blue dress", price=Decimal("200"), declared_value=Decimal("100"))
    second = make_listing(title="Green dress", price=Decimal("60"), declared_value=Decimal("60"))
    third = make_listing(title="Red dress", price=Decimal("120"), declared_value=Decimal("100"))
    Listing.objects.filter(pk=first.pk).update(orders_count=5)
    Listing.objects.filter(pk=third.pk).update(orders_count=40)

    def order(sort: str, **params) -> list[int]:
        return ids(api_client.get(LISTINGS, {"sort": sort, **params}))

    assert order("price_asc") == [second.pk, third.pk, first.pk]
    assert order("price_desc") == [first.pk, third.pk, second.pk]
    assert order("newest") == [third.pk, second.pk, first.pk]
    assert order("most_ordered") == [third.pk, first.pk, second.pk]
    assert order("best_match") == [third.pk, first.pk, second.pk]  # without words: the most ordered
    assert ids(api_client.get(LISTINGS)) == order("best_match")
    response = api_client.get(LISTINGS, {"sort": "cheapest"})
    assert response.status_code == 400 and list(error(response)["fields"]) == ["sort"]


def test_best_match_ranks_a_title_hit_above_a_description_hit(api_client, make_listing):
    described = make_listing(title="Cotton summer blouse", description="<p>Trimmed with silk ribbon.</p>")
    titled = make_listing(title="Hand painted silk scarf", description="<p>Square, 90 cm.</p>")
    make_listing(title="Wool winter coat", description="<p>Warm.</p>")
    Listing.objects.filter(pk=described.pk).update(orders_count=100)  # popularity does not beat relevance

    assert ids(api_client.get(LISTINGS, {"q": "silk"})) == [titled.pk, described.pk]


def test_search_with_a_typo_still_finds(api_client, make_listing):
    listing = make_listing()  # "Summer floral chiffon maxi dress"
    make_listing(title="Stainless steel garlic press", category_id=Category.objects.get(slug="kitchen-tools").pk)

    assert ids(api_client.get(LISTINGS, {"q": "chifon dres"})) == [listing.pk]
    assert ids(api_client.get(LISTINGS, {"q": "florall maxy", "category": "womens-fashion"})) == [listing.pk]


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE listings_listing; --",
        "dress' OR '1'='1",
        "1); SELECT pg_sleep(5); --",
        "\\x00 %% _ ' \" ; -- /* */",
        "!!! ??? ***",
        "",
        "dress " * 2000,
    ],
)
def test_sql_looking_junk_or_huge_queries_return_a_normal_page(api_client, make_listing, query):
    make_listing()
    response = api_client.get(LISTINGS, {"q": query})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert Listing.objects.count() == 1


def test_paging(api_client, make_listing):
    made = [make_listing(title=f"Chiffon dress number {n}") for n in range(5)]
    first = api_client.get(LISTINGS, {"sort": "newest", "page_size": 2})
    assert first.json()["count"] == 5
    assert ids(first) == [made[4].pk, made[3].pk]
    assert first.json()["next"].startswith("http://testserver/api/v1/listings/?")
    last = api_client.get(LISTINGS, {"sort": "newest", "page_size": 2, "page": 3})
    assert ids(last) == [made[0].pk] and last.json()["next"] is None
    assert api_client.get(LISTINGS, {"page": 9}).status_code == 404


def test_public_list_issues_the_same_few_queries_for_10_or_48_listings(api_client, make_listing):
    def measure() -> tuple[int, int]:
        params = {"page_size": 48, "category": "womens-fashion", "currency": "EUR", "sort": "price_asc"}
        api_client.get(LISTINGS, params)  # warm the exchange-rate cache
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(LISTINGS, params)
        return len(queries), len(ids(response))

    for n in range(10):
        make_listing(title=f"Chiffon dress {n}")
    queries_for_10, shown = measure()
    assert shown == 10
    for n in range(38):
        make_listing(title=f"Linen dress {n}")
    queries_for_48, shown = measure()
    assert shown == 48
    assert queries_for_48 == queries_for_10 <= 5


def test_detail_issues_a_bounded_number_of_queries(api_client, make_listing, django_assert_max_num_queries):
    small = make_listing()
    big = make_listing(
        tiers=WHOLESALE_TIERS,
        variants=[VariantInput(sku=f"SKU-{n}", options={"size": str(n)}, stock=n) for n in range(30)],
    )
    api_client.get(detail_url(small.pk))  # warm the exchange-rate cache
    with CaptureQueriesContext(connection) as for_small:
        assert api_client.get(detail_url(small.pk)).status_code == 200
    with django_assert_max_num_queries(len(for_small)):
        assert api_client.get(detail_url(big.pk)).status_code == 200


# --- the seller's listings: the whole flow ---------------------------------------------------------


def test_seller_creates_publishes_pauses_and_restocks_a_listing(seller_client, leaf_category, api_client):
    created = seller_client.post(SELLER_LISTINGS, dress(leaf_category), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    listing_id = body["id"]
    assert body["status"] == "draft" and body["published_at"] is None
    assert (body["currency"], body["price"], body["from_price"]) == ("CNY", "89.00", "69.00")
    assert body["title"] == DRESS["title"] and body["source_language"] == "zh-hans"
    assert body["hs_code"] == "620443"
    assert [(v["sku"], v["stock"], v["price_override"]) for v in body["variants"]] == [
        ("DRESS-RED-M", 120, None),
        ("DRESS-BLUE-L", 60, "95.00"),
    ]
    assert body["variants"][0]["options"] == {"颜色": "红色", "尺码": "M"}
    assert body["tiers"] == [
        {"min_lots": 1, "max_lots": 9, "unit_price": "89.00"},
        {"min_lots": 10, "max_lots": 49, "unit_price": "79.00"},
        {"min_lots": 50, "max_lots": None, "unit_price": "69.00"},
    ]
    assert body["publish_problems"] == ["Add at least one photo."]
    assert seller_client.get(own_url(listing_id)).json() == body

    refused = seller_client.post(own_url(listing_id, "status/"), {"status": "active"}, format="json")
    assert refused.status_code == 400
    assert error(refused)["fields"] == {"status": ["Add at least one photo."]}
    assert "Add at least one photo." in error(refused)["message"]
    assert api_client.get(detail_url(listing_id)).status_code == 404

    uploaded = seller_client.post(own_url(listing_id, "images/"), {"image": photo()}, format="multipart")
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["thumbnail_url"].endswith("-400.jpg")

    published = seller_client.post(own_url(listing_id, "status/"), {"status": "active"}, format="json")
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "active" and published.json()["published_at"]
    assert published.json()["publish_problems"] == []
    again = seller_client.post(own_url(listing_id, "status/"), {"status": "active"}, format="json")
    assert again.status_code == 200 and again.json()["published_at"] == published.json()["published_at"]

    public = api_client.get(detail_url(listing_id), {"currency": "CNY"}).json()
    assert [t["unit_price"]["original"]["amount"] for t in public["tiers"]] == ["89.00", "79.00", "69.00"]
    assert ids(api_client.get(LISTINGS, {"q": "雪纺长裙"})) == [listing_id]

    red = body["variants"][0]["id"]
    restocked = seller_client.patch(stock_url(red), {"stock": 7}, format="json")
    assert restocked.status_code == 200
    assert restocked.json() == {"id": red, "listing": listing_id, "sku": "DRESS-RED-M", "stock": 7}
    assert api_client.get(detail_url(listing_id)).json()["variants"][0]["stock"] == 7
    negative = seller_client.patch(stock_url(red), {"stock": -1}, format="json")
    assert negative.status_code == 400 and list(error(negative)["fields"]) == ["stock"]
    missing = seller_client.patch(stock_url(red), {}, format="json")
    assert missing.status_code == 400 and list(error(missing)["fields"]) == ["stock"]

    paused = seller_client.post(own_url(listing_id, "status/"), {"status": "paused"}, format="json")
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    assert api_client.get(detail_url(listing_id)).status_code == 404
    assert ids(api_client.get(LISTINGS)) == []

    mine = seller_client.get(SELLER_LISTINGS, {"status": "paused"})
    assert mine.status_code == 200
    (row,) = mine.json()["results"]
    assert (row["id"], row["status"], row["from_price"]) == (listing_id, "paused", "69.00")
    assert [(v["sku"], v["stock"]) for v in row["variants"]] == [("DRESS-RED-M", 7), ("DRESS-BLUE-L", 60)]
    assert row["thumbnail_url"] == uploaded.json()["thumbnail_url"]
    assert seller_client.get(SELLER_LISTINGS, {"status": "draft"}).json()["count"] == 0


def test_publish_refusal_names_every_reason_under_status(seller_client, leaf_category):
    payload = dress(leaf_category, weight_grams=31000)
    for variant in payload["variants"]:
        variant["stock"] = 0
    listing_id = seller_client.post(SELLER_LISTINGS, payload, format="json").json()["id"]

    refused = seller_client.post(own_url(listing_id, "status/"), {"status": "active"}, format="json")
    assert refused.status_code == 400
    reasons = error(refused)["fields"]["status"]
    assert reasons[:2] == ["Add at least one photo.", "Put at least one variant in stock."]
    assert len(reasons) == 3 and "31000 g" in reasons[2]
    assert all(reason in error(refused)["message"] for reason in reasons)
    assert Listing.objects.get(pk=listing_id).status == ListingStatus.DRAFT


def test_a_draft_cannot_be_paused(seller_client, make_listing):
    draft = make_listing(publish=False)
    response = seller_client.post(own_url(draft.pk, "status/"), {"status": "paused"}, format="json")
    assert response.status_code == 409
    assert error(response)["code"] == "conflict"
    response = seller_client.post(own_url(draft.pk, "status/"), {"status": "draft"}, format="json")
    assert response.status_code == 400 and list(error(response)["fields"]) == ["status"]


def _tiers(*rows) -> list[dict]:
    return [{"min_lots": a, "max_lots": b, "unit_price": p} for a, b, p in rows]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tiers": _tiers((1, 9, "89"), (12, 49, "79"), (50, None, "69"))}, "tiers.1.min_lots"),
        ({"tiers": _tiers((1, 9, "89"), (9, 49, "79"), (50, None, "69"))}, "tiers.1.min_lots"),
        ({"tiers": _tiers((2, 9, "89"), (10, None, "79"))}, "tiers.0.min_lots"),
        ({"tiers": _tiers((1, 9, "89"), (10, 49, "99"))}, "tiers.1.unit_price"),
        ({"tiers": _tiers((1, None, "89"), (10, 49, "79"))}, "tiers.0.max_lots"),
        ({"tiers": _tiers((1, 9, "89"), (10, 49, "79"), (50, None, 69.5))}, "tiers.2.unit_price"),
        ({"tiers": [{"min_lots": 1, "max_lots": None}]}, "tiers.0.unit_price"),
        ({"variants": [{"sku": "A", "stock": 1}, {"sku": "a ", "stock": 1}]}, "variants.1.sku"),
        ({"variants": [{"sku": "  ", "stock": 1}]}, "variants.0.sku"),
        ({"variants": [{"sku": "A", "stock": -3}]}, "variants.0.stock"),
        ({"variants": [{"sku": "A", "stock": 1, "price_override": "0"}]}, "variants.0.price_override"),
        ({"variants": []}, "variants"),
        ({"price": 89.9}, "price"),
        ({"price": "-1"}, "price"),
        ({"declared_value": "lots"}, "declared_value"),
        ({"title": "Hat"}, "title"),
        ({"processing_days": 11}, "processing_days"),
        ({"lot_size": 0}, "lot_size"),
        ({"length_cm": "30.25"}, "length_cm"),
        ({"hs_code": "12AB"}, "hs_code"),
        ({"weight_grams": 99_999_999_999}, "weight_grams"),
        ({"source_language": "de"}, "source_language"),
    ],
)
def test_validation_errors_name_the_field_path(seller_client, leaf_category, changes, field):
    response = seller_client.post(SELLER_LISTINGS, {**dress(leaf_category), **changes}, format="json")
    assert response.status_code == 400, response.json()
    assert list(error(response)["fields"]) == [field]
    assert error(response)["code"] == "invalid"
    assert Listing.objects.count() == 0


def test_a_top_level_category_is_refused(seller_client):
    response = seller_client.post(SELLER_LISTINGS, dress(Category.objects.get(slug="womens-fashion")), format="json")
    assert response.status_code == 400
    assert error(response)["fields"] == {"category": ["Choose a sub-category, not a top-level one."]}


def test_put_replaces_the_listing(seller_client, make_listing, leaf_category):
    listing = make_listing(tiers=WHOLESALE_TIERS)
    payload = dress(leaf_category, title="Robe longue en mousseline", source_language="fr", tiers=[])
    payload["variants"] = [{"sku": "DRESS-RED-M", "stock": 3}]
    response = seller_client.put(own_url(listing.pk), payload, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["title"], body["source_language"], body["status"]) == ("Robe longue en mousseline", "fr", "active")
    assert body["tiers"] == [] and body["from_price"] == "89.00"
    assert [(v["sku"], v["stock"], v["options"]) for v in body["variants"]] == [("DRESS-RED-M", 3, {})]
    missing = seller_client.put(own_url(listing.pk), {"title": "Only a title"}, format="json")
    assert missing.status_code == 400
    assert {"category", "price", "variants", "weight_grams"} <= set(error(missing)["fields"])


def test_patch_merges_with_the_current_listing(seller_client, leaf_category):
    listing_id = seller_client.post(SELLER_LISTINGS, dress(leaf_category), format="json").json()["id"]

    response = seller_client.patch(own_url(listing_id), {"processing_days": 2}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["processing_days"] == 2
    assert body["title"] == DRESS["title"] and body["description"] == DRESS["description"]
    assert len(body["variants"]) == 2 and len(body["tiers"]) == 3 and body["from_price"] == "69.00"

    # A variants list replaces the variants; each keeps what it leaves out (matched by SKU).
    response = seller_client.patch(
        own_url(listing_id), {"variants": [{"sku": "DRESS-BLUE-L", "stock": 5}, {"sku": "DRESS-RED-M"}]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert [(v["sku"], v["stock"], v["options"], v["price_override"]) for v in response.json()["variants"]] == [
        ("DRESS-BLUE-L", 5, {"颜色": "蓝色", "尺码": "L"}, "95.00"),
        ("DRESS-RED-M", 120, {"颜色": "红色", "尺码": "M"}, None),
    ]

    response = seller_client.patch(
        own_url(listing_id), {"tiers": _tiers((1, 19, "85"), (20, None, "75"))}, format="json"
    )
    assert response.status_code == 200
    assert [t["unit_price"] for t in response.json()["tiers"]] == ["85.00", "75.00"]
    assert response.json()["price"] == "85.00" and response.json()["from_price"] == "75.00"

    bad = seller_client.patch(own_url(listing_id), {"tiers": _tiers((1, 9, "85"), (11, None, "75"))}, format="json")
    assert bad.status_code == 400 and list(error(bad)["fields"]) == ["tiers.1.min_lots"]
    assert Listing.objects.get(pk=listing_id).tiers.count() == 2
    refused_float = seller_client.patch(own_url(listing_id), {"declared_value": 50.5}, format="json")
    assert refused_float.status_code == 400 and list(error(refused_float)["fields"]) == ["declared_value"]


def test_an_active_listing_cannot_be_edited_into_an_unpublishable_one(seller_client, make_listing):
    listing = make_listing()
    response = seller_client.patch(own_url(listing.pk), {"weight_grams": 31000}, format="json")
    assert response.status_code == 400
    assert list(error(response)["fields"]) == ["status"]
    listing.refresh_from_db()
    assert listing.weight_grams == 300 and listing.status == ListingStatus.ACTIVE


def test_images_add_refuse_and_delete(seller_client, make_listing):
    listing = make_listing()  # active, one photo
    (first,) = ListingImage.objects.filter(listing=listing)

    last = seller_client.delete(own_url(listing.pk, f"images/{first.pk}/"))
    assert last.status_code == 400
    assert list(error(last)["fields"]) == ["image"]

    not_a_photo = seller_client.post(
        own_url(listing.pk, "images/"), {"image": photo(name="x.jpg", size=(50, 50))}, format="multipart"
    )
    assert not_a_photo.status_code == 400 and list(error(not_a_photo)["fields"]) == ["image"]
    second = seller_client.post(own_url(listing.pk, "images/"), {"image": photo(fmt="PNG")}, format="multipart")
    assert second.status_code == 201
    assert second.json()["position"] == 1

    deleted = seller_client.delete(own_url(listing.pk, f"images/{first.pk}/"))
    assert deleted.status_code == 204
    assert list(ListingImage.objects.filter(listing=listing).values_list("pk", flat=True)) == [second.json()["id"]]
    assert seller_client.delete(own_url(listing.pk, f"images/{first.pk}/")).status_code == 404
    json_upload = seller_client.post(own_url(listing.pk, "images/"), {"image": "x"}, format="json")
    assert json_upload.status_code == 415


def test_bulk_status_changes_each_listing_on_its_own(seller_client, make_listing, other_seller):
    ready = make_listing(publish=False, title="Ready chiffon dress")
    seller = ready.seller
    services.listing_image_add(actor=seller.user, listing_id=ready.pk, upload=photo())
    no_photo = make_listing(publish=False, title="Chiffon dress without photo")
    live = make_listing(title="Live chiffon dress")
    theirs = make_listing(seller=other_seller, title="Abito di chiffon")

    response = seller_client.post(
        BULK, {"ids": [ready.pk, no_photo.pk, live.pk, theirs.pk, ready.pk], "status": "active"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "active"
    assert body["updated"] == [ready.pk, live.pk]
    assert body["failed"] == [
        {"id": no_photo.pk, "message": "Add at least one photo."},
        {"id": theirs.pk, "message": "There is no such listing."},
    ]
    statuses = dict(Listing.objects.values_list("pk", "status"))
    assert statuses[ready.pk] == statuses[live.pk] == statuses[theirs.pk] == ListingStatus.ACTIVE
    assert statuses[no_photo.pk] == ListingStatus.DRAFT

    paused = seller_client.post(BULK, {"ids": [ready.pk, live.pk, theirs.pk], "status": "paused"}, format="json")
    assert paused.json()["updated"] == [ready.pk, live.pk]
    assert Listing.objects.get(pk=theirs.pk).status == ListingStatus.ACTIVE
    assert seller_client.post(BULK, {"ids": [], "status": "paused"}, format="json").status_code == 400


# --- permissions ----------------------------------------------------------------------------


def seller_requests(listing: Listing, leaf_category) -> list[tuple[str, str, dict | None, str]]:
    image = ListingImage.objects.filter(listing=listing).first()
    variant = ListingVariant.objects.filter(listing=listing).first()
    return [
        ("get", own_url(listing.pk), None, "json"),
        ("put", own_url(listing.pk), dress(leaf_category), "json"),
        ("patch", own_url(listing.pk), {"processing_days": 2}, "json"),
        ("post", own_url(listing.pk, "status/"), {"status": "paused"}, "json"),
        ("post", own_url(listing.pk, "images/"), {"image": photo()}, "multipart"),
        ("delete", own_url(listing.pk, f"images/{image.pk}/"), None, "json"),
        ("patch", stock_url(variant.pk), {"stock": 0}, "json"),
    ]


def call(client, method: str, url: str, data, fmt: str):
    return getattr(client, method)(url, data, format=fmt) if data is not None else getattr(client, method)(url)


def test_anonymous_callers_are_refused_on_every_seller_endpoint(make_listing, leaf_category):
    listing = make_listing()
    anonymous = APIClient()
    requests = [
        *seller_requests(listing, leaf_category),
        ("get", SELLER_LISTINGS, None, "json"),
        ("post", SELLER_LISTINGS, dress(leaf_category), "json"),
        ("post", BULK, {"ids": [listing.pk], "status": "paused"}, "json"),
    ]
    for method, url, data, fmt in requests:
        response = call(anonymous, method, url, data, fmt)
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"] == "Token", (method, url)
        assert error(response)["code"] == "not_authenticated", (method, url)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ACTIVE and listing.processing_days == 5


@pytest.mark.parametrize("status", ["none", "draft", "submitted", "changes_requested", "rejected", "suspended"])
def test_only_an_approved_store_may_use_the_seller_api(make_seller, make_listing, leaf_category, status):
    listing = make_listing()
    user = UserFactory() if status == "none" else make_seller(status=status, country="ES").user
    client = client_for(user)
    requests = [
        ("get", SELLER_LISTINGS, None, "json"),
        ("post", SELLER_LISTINGS, dress(leaf_category), "json"),
        ("post", BULK, {"ids": [listing.pk], "status": "paused"}, "json"),
        *seller_requests(listing, leaf_category),
    ]
    for method, url, data, fmt in requests:
        response = call(client, method, url, data, fmt)
        assert response.status_code == 403, (method, url, response.json())
        assert error(response)["code"] == "permission_denied"
    assert Listing.objects.count() == 1


def test_a_suspended_store_cannot_keep_selling_through_the_api(make_seller, make_listing, vetting_officer):
    seller = make_seller(status="approved", country="RU")
    listing = make_listing(seller=seller)
    seller_services.seller_suspend(seller_id=seller.pk, actor=vetting_officer, reason="Counterfeits")
    response = client_for(seller.user).post(own_url(listing.pk, "status/"), {"status": "paused"}, format="json")
    assert response.status_code == 403
    assert "suspended" in error(response)["message"]


def test_another_sellers_listing_is_not_found_on_every_seller_endpoint(
    seller_client, make_listing, other_seller, leaf_category
):
    theirs = make_listing(
        seller=other_seller, title="Abito di chiffon", price=Decimal("40"), declared_value=Decimal("40")
    )
    theirs_draft = make_listing(seller=other_seller, publish=False, title="Bozza di abito")
    mine = make_listing()
    for method, url, data, fmt in seller_requests(theirs, leaf_category):
        response = call(seller_client, method, url, data, fmt)
        assert response.status_code == 404, (method, url, response.json())
        assert error(response)["code"] == "not_found"
    assert seller_client.get(own_url(theirs_draft.pk)).status_code == 404
    # Their photo through my listing's URL is not found either.
    their_image = ListingImage.objects.get(listing=theirs)
    assert seller_client.delete(own_url(mine.pk, f"images/{their_image.pk}/")).status_code == 404

    theirs.refresh_from_db()
    assert theirs.status == ListingStatus.ACTIVE and theirs.processing_days == 5 and theirs.title == "Abito di chiffon"
    assert ListingImage.objects.filter(listing=theirs).count() == 1
    assert sorted(ListingVariant.objects.filter(listing=theirs).values_list("stock", flat=True)) == [0, 20]
    assert [row["id"] for row in seller_client.get(SELLER_LISTINGS).json()["results"]] == [mine.pk]


def test_seller_list_shows_drafts_filters_and_searches_own_listings(seller_client, make_listing, other_seller):
    draft = make_listing(publish=False, title="Draft chiffon dress")
    # (Attribute values forgive typos too: the default attributes would say "chiffon".)
    active = make_listing(title="Linen shirt for summer", attributes={"material": "linen"})
    make_listing(seller=other_seller, title="Abito di chiffon")

    everything = seller_client.get(SELLER_LISTINGS).json()
    assert everything["count"] == 2
    assert {row["id"] for row in everything["results"]} == {draft.pk, active.pk}
    assert [r["id"] for r in seller_client.get(SELLER_LISTINGS, {"status": "draft"}).json()["results"]] == [draft.pk]
    assert [r["id"] for r in seller_client.get(SELLER_LISTINGS, {"q": "chifon"}).json()["results"]] == [draft.pk]
    assert seller_client.get(SELLER_LISTINGS, {"status": "deleted"}).status_code == 400
