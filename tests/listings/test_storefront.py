"""The buyer-facing storefront: home, category, search, listing and store
pages show public listings only, in a bounded number of queries."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from listings import services
from listings.models import Category, Listing, ListingStatus
from listings.selectors import listings_public
from listings.services import TierInput, VariantInput
from marketplace.pagecache import storefront_changed
from sellers import services as seller_services
from sellers.models import SellerStatus
from tests.listings.conftest import WHOLESALE_TIERS, photo

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'<span class="pcard-title">(.*?)</span>', response.content.decode())


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def catalogue(make_listing, make_seller, vetting_officer):
    """A public listing, and one of each kind a buyer must never see."""
    public = make_listing(title="Public silk scarf")
    draft = make_listing(publish=False, title="Draft silk scarf")
    paused = make_listing(title="Paused silk scarf")
    services.listing_set_status(actor=paused.seller.user, listing_id=paused.pk, status=ListingStatus.PAUSED)
    banned = make_seller(status="approved", country="TR")
    suspended = make_listing(seller=banned, title="Suspended store silk scarf")
    seller_services.seller_suspend(seller_id=banned.pk, actor=vetting_officer, reason="Counterfeits")
    return {"public": public, "draft": draft, "paused": paused, "suspended": suspended}


# --- only public listings, anywhere ------------------------------------------------------------------


def test_the_public_rule_lives_in_one_selector(catalogue):
    assert list(listings_public()) == [catalogue["public"]]


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("search"),
        reverse("search") + "?q=silk+scarf",
        reverse("listings:category", args=["womens-fashion"]),
        reverse("listings:category", args=["dresses"]),
    ],
)
def test_storefront_pages_show_only_public_listings(client, catalogue, url):
    shown = titles(get(client, url))
    assert "Public silk scarf" in shown
    assert not {"Draft silk scarf", "Paused silk scarf", "Suspended store silk scarf"} & set(shown)


def test_a_store_page_shows_its_public_listings_only(client, catalogue, make_listing, make_seller):
    seller = catalogue["public"].seller
    make_listing(seller=make_seller(status="approved", country="ES"), title="Another store's espadrilles")
    shown = titles(get(client, reverse("listings:store", args=[seller.slug])))
    assert shown == ["Public silk scarf"]  # not its draft or paused one, not another store's
    assert "1 product" in get(client, reverse("listings:store", args=[seller.slug])).content.decode()


@pytest.mark.parametrize("kind", ["draft", "paused", "suspended"])
def test_a_listing_that_is_not_public_is_404(client, catalogue, kind):
    listing = catalogue[kind]
    assert client.get(reverse("listings:detail", args=[listing.pk])).status_code == 404
    assert client.get(reverse("listings:price", args=[listing.pk])).status_code == 404


def test_an_unknown_listing_or_category_is_404(client, db):
    assert client.get(reverse("listings:detail", args=[999999])).status_code == 404
    assert client.get(reverse("listings:category", args=["no-such-category"])).status_code == 404


def test_a_reinstated_sellers_listing_is_public_again(client, catalogue, vetting_officer):
    listing = catalogue["suspended"]
    seller_services.seller_reinstate(seller_id=listing.seller_id, actor=vetting_officer, reason="Cleared")
    assert get(client, reverse("listings:detail", args=[listing.pk]))


# --- home ------------------------------------------------------------------------------------------------


def test_home_shows_the_category_tree_and_new_arrivals(client, make_listing):
    listing = make_listing(title="Linen summer dress")
    html = get(client, reverse("home")).content.decode()
    grid = html[html.index('data-testid="category-grid"') :]
    grid = grid[: grid.index("</ul>")]
    assert grid.count("<li>") == Category.objects.filter(parent=None).count()
    assert f'href="{reverse("listings:category", args=["womens-fashion"])}"' in grid
    assert "sprite.svg#flower" in grid  # the category's Lucide icon, not an emoji
    assert not re.search(r"[\U0001F300-\U0001FAFF]", grid)
    assert 'data-testid="row-new"' in html
    assert listing.title in html
    assert reverse("listings:detail", args=[listing.pk]) in html


def test_best_sellers_appear_once_something_has_sold(client, make_listing):
    first, second = make_listing(title="Quiet linen dress"), make_listing(title="Popular linen dress")
    assert 'data-testid="row-best"' not in get(client, reverse("home")).content.decode()
    Listing.objects.filter(pk=second.pk).update(orders_count=F("orders_count") + 25)
    storefront_changed()  # what the orders app will do when an order counts
    html = get(client, reverse("home")).content.decode()
    best = html[html.index('data-testid="row-best"') :]
    best = best[: best.index("</section>")]
    assert "Popular linen dress" in best and "Quiet linen dress" not in best
    assert "25 orders" in best
    assert first.title in html  # still among the new arrivals


def test_home_without_listings_says_they_are_coming(client, db):
    html = get(client, reverse("home")).content.decode()
    assert 'data-testid="no-listings"' in html
    assert "How buyer protection works" in html


def test_category_names_follow_the_interface_language(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    womens = Category.objects.get(slug="womens-fashion")
    html = get(client, reverse("home")).content.decode()
    assert womens.localized_name("ru") in html
    page = get(client, reverse("listings:category", args=["womens-fashion"])).content.decode()
    title = page[page.index('data-testid="page-title"') :]
    title = title[: title.index("</h1>")]
    assert "sprite.svg#flower" in title and f"</svg>\n {womens.localized_name('ru')}" in title


# --- category pages ---------------------------------------------------------------------------------------


def test_a_top_level_category_shows_its_childrens_listings(client, make_listing):
    dress = make_listing(title="Chiffon dress")
    case = make_listing(title="Clear phone case", category_id=Category.objects.get(slug="phone-cases").pk)
    assert titles(get(client, reverse("listings:category", args=["womens-fashion"]))) == [dress.title]
    assert titles(get(client, reverse("listings:category", args=["dresses"]))) == [dress.title]
    assert titles(get(client, reverse("listings:category", args=["phone-accessories"]))) == [case.title]
    assert titles(get(client, reverse("listings:category", args=["shoes"]))) == []


def test_category_page_lists_its_subcategories(client, db):
    html = get(client, reverse("listings:category", args=["womens-fashion"])).content.decode()
    facets = html[html.index('data-testid="category-facets"') :]
    for child in Category.objects.get(slug="womens-fashion").children.all():
        assert f'href="{reverse("listings:category", args=[child.slug])}"' in facets


def test_pages_of_24(client, make_listing):
    for i in range(30):
        make_listing(title=f"Cotton tote bag no. {i:02d}")
    url = reverse("listings:category", args=["dresses"])
    first = get(client, url, sort="newest")
    assert len(titles(first)) == 24
    assert "30 products" in first.content.decode()
    assert 'href="/c/dresses/?sort=newest&amp;page=2"' in first.content.decode()
    second = get(client, url, sort="newest", page=2)
    assert len(titles(second)) == 6
    assert set(titles(first)).isdisjoint(titles(second))
    assert titles(get(client, url, sort="newest", page=999)) == titles(second)  # past the end: the last page
    assert titles(get(client, url, sort="newest", page="x")) == titles(first)


def test_counting_stops_at_the_cap(client, make_listing, monkeypatch):
    from listings import cards

    monkeypatch.setattr(cards, "MAX_PAGES", 1)
    for i in range(26):
        make_listing(title=f"Wool beanie no. {i}")
    response = get(client, reverse("search"))
    assert "24+ products" in response.content.decode()
    assert 'data-testid="pager"' not in response.content.decode()


# --- the listing page -------------------------------------------------------------------------------------


def test_the_listing_page_shows_everything_a_buyer_needs(client, make_listing, approved_seller):
    listing = make_listing(
        title="Hand-painted ceramic mug",
        attributes={"material": "stoneware", "capacity": "350 ml"},
        lot_size=6,
        processing_days=3,
        tiers=[TierInput(1, 9, Decimal("60.00")), TierInput(10, None, Decimal("48.00"))],
        variants=[
            VariantInput(sku="MUG-BLUE", options={"colour": "Blue"}, stock=40),
            VariantInput(sku="MUG-GREEN", options={"colour": "Green"}, stock=0),
        ],
    )
    services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk, upload=photo(colour=(20, 90, 200)))
    html = get(client, reverse("listings:detail", args=[listing.pk])).content.decode()
    assert "<h1" in html and listing.title in html
    assert html.count("data-full=") == 2  # two photos, thumbnails switch the main one
    assert 'data-testid="tier-table"' in html
    assert "1–9" in html and "10+" in html
    assert "Lot of 6 pieces" in html
    assert "Ships within 3 days" in html
    assert "40 lots available" in html
    assert "Stoneware" not in html and "stoneware" in html and "Capacity" in html
    # The out-of-stock variant is shown but cannot be picked.
    green = listing.variants.get(sku="MUG-GREEN")
    assert re.search(rf'<input type="radio" name="variant" value="{green.pk}"\s+disabled>', html)
    blue = listing.variants.get(sku="MUG-BLUE")
    assert f'value="{blue.pk}" checked' in html
    # The seller card links to the store.
    assert reverse("listings:store", args=[approved_seller.slug]) in html
    assert approved_seller.store_name in html
    # The cart form posts the chosen variant and quantity (kept in step by static/js/caravan.js).
    assert 'action="/cart/add/"' in html and f'name="variant" value="{blue.pk}"' in html


def test_a_description_with_script_and_event_handlers_renders_inert(client, make_listing):
    listing = make_listing(
        description=(
            "<p>Soft <strong>merino</strong>.</p>"
            '<script>alert("stolen")</script>'
            '<img src="x" onerror="alert(document.cookie)">'
            '<p onclick="steal()" style="position:fixed">Warm</p>'
            '<a href="javascript:alert(1)">more</a>'
            '<iframe src="https://evil.example/"></iframe>'
        )
    )
    html = get(client, reverse("listings:detail", args=[listing.pk])).content.decode()
    description = html[html.index('data-testid="description"') :]
    description = description[: description.index("</div>")]
    assert "<strong>merino</strong>" in description  # the allowed formatting survives
    for hostile in ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "evil.example", "style="):
        assert hostile not in description, hostile
    assert "alert(" not in html


def test_more_from_the_same_store(client, make_listing, make_seller):
    this = make_listing(title="Chiffon dress")
    sibling = make_listing(title="Chiffon blouse")
    make_listing(seller=make_seller(status="approved", country="IT"), title="Someone else's dress")
    html = get(client, reverse("listings:detail", args=[this.pk])).content.decode()
    more = html[html.index('data-testid="more-from-store"') :]
    assert sibling.title in more and "Someone else" not in more and "Chiffon dress<" not in more


# --- a bounded number of queries, whatever a page shows ---------------------------------------------------------


@pytest.fixture
def private_cache(settings):
    """A cache of this test's own: parallel runs share the Redis test database,
    and another run clearing the exchange rates there would add a query here."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def many_listings(make_listing, approved_seller, n: int) -> list[Listing]:
    """n public listings (two photos on some, tiers on every other) in categories under womens-fashion."""
    categories = list(Category.objects.filter(parent__slug="womens-fashion"))
    listings = []
    for i in range(n):
        listing = make_listing(
            title=f"Chiffon blouse model {i}",
            category_id=categories[i % len(categories)].pk,
            tiers=WHOLESALE_TIERS if i % 2 else [],
        )
        if i % 5 == 0:
            services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk, upload=photo())
        listings.append(listing)
    return listings


PAGES = {
    "home": (reverse("home"), {}),
    "category": (reverse("listings:category", args=["womens-fashion"]), {}),
    "search": (reverse("search"), {"q": "chiffon blouse"}),
    "search-filtered": (
        reverse("search"),
        {"q": "chifon", "min": "1", "max": "1000", "from": "CN", "sort": "price_asc"},
    ),
    "all-products": (reverse("search"), {"sort": "newest"}),
}
# Measured, and the ceiling: category tree 1; home: new arrivals, best sellers and three
# category rows 1 each; list pages: bounded count 1, the page 1, search facets 1; store:
# the store 1; listing: listing 1, photos, variants, tiers 1 each, more from the store 1.
BUDGET = {"home": 6, "category": 3, "search": 4, "search-filtered": 4, "all-products": 3, "store": 4, "listing": 6}


@pytest.mark.parametrize("n", [10, 48])
def test_list_pages_issue_a_bounded_number_of_queries(
    private_cache, client, make_listing, approved_seller, django_assert_max_num_queries, n
):
    many_listings(make_listing, approved_seller, n)
    Listing.objects.filter(pk__in=Listing.objects.order_by("pk").values("pk")[:5]).update(orders_count=3)
    pages = {**PAGES, "store": (reverse("listings:store", args=[approved_seller.slug]), {})}
    for name, (url, params) in pages.items():
        client.get(url, params)  # warm the exchange-rate cache
        with django_assert_max_num_queries(BUDGET[name]) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        assert len(titles(response)) >= min(n, 10), name
        assert len(captured.captured_queries) <= BUDGET[name]


def test_list_pages_issue_the_same_queries_for_10_and_48_listings(private_cache, client, make_listing, approved_seller):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = {**PAGES, "store": (reverse("listings:store", args=[approved_seller.slug]), {})}

    def counts():
        result = {}
        for name, (url, params) in pages.items():
            client.get(url, params)
            with CaptureQueriesContext(connection) as captured:
                client.get(url, params)
            result[name] = len(captured.captured_queries)
        return result

    many_listings(make_listing, approved_seller, 10)
    with_10 = counts()
    many_listings(make_listing, approved_seller, 38)
    assert counts() == with_10


@pytest.mark.parametrize(("variants", "tiers", "photos"), [(10, 3, 3), (48, 6, 10)])
def test_the_listing_page_issues_a_bounded_number_of_queries(
    private_cache, client, make_listing, approved_seller, django_assert_max_num_queries, variants, tiers, photos
):
    tier_inputs = [
        TierInput(1 + 10 * i, 10 * (i + 1) if i < tiers - 1 else None, Decimal(100 - i)) for i in range(tiers)
    ]
    variant_inputs = [
        VariantInput(
            sku=f"SKU-{i}",
            options={"colour": f"Colour {i}", "size": "M"},
            stock=i % 3,
            price_override=Decimal("110") if i % 4 == 0 else None,
        )
        for i in range(variants)
    ]
    listing = make_listing(tiers=tier_inputs, variants=variant_inputs)
    for _ in range(photos - 1):
        services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk, upload=photo())
    for i in range(8):
        make_listing(title=f"Sibling {i}")  # the "more from this store" row
    url = reverse("listings:detail", args=[listing.pk])
    client.get(url)
    with django_assert_max_num_queries(BUDGET["listing"]):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('name="variant"') == variants + 1  # and the cart form's hidden field
    assert html.count("data-full=") == photos
    assert html.count("<tr") >= tiers
    with django_assert_max_num_queries(3):  # the listing, its variants, its tiers
        assert client.get(reverse("listings:price", args=[listing.pk]), {"lots": 25}).status_code == 200


# --- the public store page ----------------------------------------------------------------


def test_an_approved_store_is_public(client, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED, country="IT", description="Leather from Florence.")
    response = client.get(reverse("listings:store", args=[seller.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert seller.store_name in html
    assert "Italy" in html and "flags/it.gif" in html
    assert "Member since" in html
    assert "Leather from Florence." in html
    assert "This store has no listings yet." in html


def test_the_store_page_speaks_the_buyers_language(client, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED, country="TR")
    response = client.get(reverse("listings:store", args=[seller.slug]), HTTP_ACCEPT_LANGUAGE="ru")
    assert "Турция" in response.content.decode()


@pytest.mark.parametrize(
    "status", [SellerStatus.DRAFT, SellerStatus.SUBMITTED, SellerStatus.REJECTED, SellerStatus.SUSPENDED]
)
def test_a_store_that_is_not_approved_is_404(client, make_seller, status):
    seller = make_seller(status=status)
    assert client.get(reverse("listings:store", args=[seller.slug])).status_code == 404
