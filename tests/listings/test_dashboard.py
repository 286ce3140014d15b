"""The seller centre's listing pages through the Django test client: the
editor (create, edit, every validation error on its own field), photos,
publishing, pause/activate, bulk actions, inline stock, who may see what, and
the table's query count."""

from decimal import Decimal

import pytest
from django.urls import reverse
from moneyed import Money

from listings import services
from listings.models import Category, Listing, ListingStatus
from sellers.models import SellerStatus
from tests.factories import UserFactory
from tests.listings.conftest import WHOLESALE_TIERS, photo

pytestmark = pytest.mark.django_db

INDEX = reverse("seller_listings:index")
CREATE = reverse("seller_listings:create")
BULK = reverse("seller_listings:bulk")


def edit_url(listing) -> str:
    return reverse("seller_listings:edit", args=[listing.pk])


def status_url(listing) -> str:
    return reverse("seller_listings:status", args=[listing.pk])


def photos_url(listing) -> str:
    return reverse("seller_listings:photo_add", args=[listing.pk])


def stock_url(variant) -> str:
    return reverse("seller_listings:stock", args=[variant.pk])


def formset(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


def tier(min_lots, max_lots, price) -> dict:
    return {"min_lots": min_lots, "max_lots": max_lots, "unit_price": price}


def variant(sku, colour="", size="", stock=10, price="") -> dict:
    return {"sku": sku, "option1": colour, "option2": size, "stock": stock, "price_override": price}


THREE_TIERS = [tier(1, 9, "100.00"), tier(10, 49, "90.00"), tier(50, None, "80.00")]
TWO_VARIANTS = [variant("DRESS-RED-M", "Red", "M", 20), variant("DRESS-BLUE-L", "Blue", "L", 5, "110.00")]


def listing_post(category, /, *, tiers=(), variants=TWO_VARIANTS, attributes=None, **fields) -> dict:
    data = {
        "title": "Summer floral chiffon maxi dress",
        "category": category.pk,
        "source_language": "zh-hans",
        "description": "<p>Light <strong>chiffon</strong> for hot days.</p>",
        "price": "100.00",
        "lot_size": "1",
        "option1_name": "Colour",
        "option2_name": "Size",
        "weight_grams": "300",
        "length_cm": "30",
        "width_cm": "25",
        "height_cm": "4",
        "declared_value": "120.00",
        "processing_days": "5",
        "hs_code": "",
    }
    data.update({k: "" if v is None else str(v) for k, v in fields.items()})
    if attributes is None:
        attributes = [{"name": "Material", "value": "Chiffon"}, {"name": "", "value": ""}]
    data.update(formset("attributes", attributes))
    data.update(formset("tiers", list(tiers)))
    data.update(formset("variants", list(variants)))
    return data


@pytest.fixture
def seller_client(client, approved_seller):
    client.force_login(approved_seller.user)
    return client


@pytest.fixture
def other_seller(make_seller):
    return make_seller(status="approved", country="IT")


def form_errors(response, field) -> list[str]:
    return response.context["editor"].form.errors.get(field, [])


def row_errors(response, section: str, row: int, field: str | None = None) -> list[str]:
    form = getattr(response.context["editor"], section).forms[row]
    return form.errors.get(field or "__all__", [])


# --- create and edit ---------------------------------------------------------------------


def test_the_new_listing_page_defaults_to_the_store_language_and_lists_only_sub_categories(
    seller_client, approved_seller, leaf_category
):
    response = seller_client.get(CREATE)
    assert response.status_code == 200
    form = response.context["editor"].form
    assert form["source_language"].value() == approved_seller.store_language == "zh-hans"
    groups = [choice for choice in form.fields["category"].widget.choices if isinstance(choice[1], list)]
    offered = {pk for _group, options in groups for pk, _label in options}
    assert leaf_category.pk in offered
    assert not offered & set(Category.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    top_names = list(Category.objects.filter(parent__isnull=True).order_by("position").values_list("name", flat=True))
    assert [name for name, _options in groups] == top_names
    dresses = next(options for name, options in groups if name == "Women's fashion")
    assert (leaf_category.pk, "Dresses") in dresses
    body = response.content.decode()
    assert "CNY" in body  # the settlement currency is the price's suffix
    assert "&lt;strong&gt;" in body  # the allowed tags are named


def test_create_with_two_variants_and_three_tiers_makes_a_draft(seller_client, approved_seller, leaf_category):
    response = seller_client.post(CREATE, listing_post(leaf_category, tiers=THREE_TIERS, price=""))
    listing = Listing.objects.get(seller=approved_seller)
    assert response.status_code == 302
    assert response["Location"] == edit_url(listing) + "#photos"
    assert listing.status == ListingStatus.DRAFT
    assert listing.title == "Summer floral chiffon maxi dress"
    assert listing.source_language == "zh-hans"
    assert listing.attributes == {"Material": "Chiffon"}
    assert listing.price == Money("100.00", "CNY")  # the first tier's price
    assert listing.min_price == Money("80.00", "CNY")
    tiers = [(t.min_lots, t.max_lots, t.unit_price.amount) for t in listing.tiers.all()]
    assert tiers == [(1, 9, Decimal("100")), (10, 49, Decimal("90")), (50, None, Decimal("80"))]
    variants = [(v.sku, v.options, v.stock, v.price_override) for v in listing.variants.all()]
    assert variants == [
        ("DRESS-RED-M", {"Colour": "Red", "Size": "M"}, 20, None),
        ("DRESS-BLUE-L", {"Colour": "Blue", "Size": "L"}, 5, Money("110.00", "CNY")),
    ]

    page = seller_client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="photos"' in page.content.decode()
    editor = page.context["editor"]
    assert [f.initial for f in editor.tiers.initial_forms] == [
        {"min_lots": 1, "max_lots": 9, "unit_price": Decimal("100.00")},
        {"min_lots": 10, "max_lots": 49, "unit_price": Decimal("90.00")},
        {"min_lots": 50, "max_lots": None, "unit_price": Decimal("80.00")},
    ]
    assert [f.initial["sku"] for f in editor.variants.initial_forms] == ["DRESS-RED-M", "DRESS-BLUE-L"]
    assert editor.form["option1_name"].value() == "Colour"
    assert "Add at least one photo." in page.content.decode()


def test_edit_updates_fields_variants_and_tiers(seller_client, make_listing, leaf_category):
    listing = make_listing(publish=False)
    data = listing_post(
        leaf_category,
        title="Chiffon maxi dress, floral print",
        tiers=[tier(1, 4, "95.00"), tier(5, None, "85.00")],
        variants=[variant("DRESS-RED-M", "Red", "M", 7), variant("DRESS-GREEN-S", "Green", "S", 3)],
        attributes=[{"name": "Season", "value": "Summer"}],
    )
    response = seller_client.post(edit_url(listing), data)
    assert response.status_code == 302
    assert response["Location"] == edit_url(listing)
    listing.refresh_from_db()
    assert listing.title == "Chiffon maxi dress, floral print"
    assert listing.attributes == {"Season": "Summer"}
    assert [(v.sku, v.stock) for v in listing.variants.all()] == [("DRESS-RED-M", 7), ("DRESS-GREEN-S", 3)]
    assert [(t.min_lots, t.max_lots) for t in listing.tiers.all()] == [(1, 4), (5, None)]


def test_removed_rows_are_dropped(seller_client, make_listing, leaf_category):
    listing = make_listing(publish=False)
    variants = [variant("DRESS-RED-M", "Red", "M", 7), {**variant("DRESS-BLUE-M", "Blue", "M", 1), "DELETE": "on"}]
    response = seller_client.post(edit_url(listing), listing_post(leaf_category, variants=variants))
    assert response.status_code == 302
    assert [v.sku for v in listing.variants.all()] == ["DRESS-RED-M"]


def test_the_description_keeps_simple_formatting_and_loses_scripts(seller_client, approved_seller, leaf_category):
    description = (
        '<h3>Fabric</h3><p onclick="steal()">Soft</p><script>alert(1)</script><iframe src="https://x"></iframe>'
    )
    seller_client.post(CREATE, listing_post(leaf_category, description=description))
    stored = Listing.objects.get(seller=approved_seller).description
    assert "<h3>Fabric</h3>" in stored
    assert "<p>Soft</p>" in stored
    assert "script" not in stored and "onclick" not in stored and "iframe" not in stored


@pytest.mark.parametrize(
    ("overrides", "where", "message"),
    [
        ({"tiers": [tier(2, 9, "100"), tier(10, None, "90")]}, ("tiers", 0, "min_lots"), "must start at 1 lot"),
        ({"tiers": [tier(1, 9, "100"), tier(5, None, "90")]}, ("tiers", 1, "min_lots"), "overlap"),
        ({"tiers": [tier(1, 9, "100"), tier(12, None, "90")]}, ("tiers", 1, "min_lots"), "gap between 9 and 12"),
        ({"tiers": [tier(1, 9, "100"), tier(10, None, "120")]}, ("tiers", 1, "unit_price"), "cannot rise"),
        # The rows are matched back after sorting: the seller typed the bad tier first.
        ({"tiers": [tier(10, None, "120"), tier(1, 9, "100")]}, ("tiers", 0, "unit_price"), "cannot rise"),
        ({"tiers": [tier(1, None, "100"), tier(10, None, "90")]}, ("tiers", 0, "max_lots"), "Only the last tier"),
        ({"variants": [variant("A-1", stock=-3)]}, ("variants", 0, "stock"), "Stock cannot be negative"),
        (
            {"variants": [variant("DRESS-1", "Red"), variant("dress-1", "Blue")]},
            ("variants", 1, "sku"),
            "SKU dress-1 is used twice",
        ),
        ({"variants": [variant("", "Red", stock=3)]}, ("variants", 0, "sku"), "Every variant needs a SKU"),
        ({"variants": [variant("A-1", price="0")]}, ("variants", 0, "price_override"), "above zero"),
        ({"weight_grams": ""}, "weight_grams", "Enter the package weight in grams."),
        ({"weight_grams": "0"}, "weight_grams", "Enter the package weight in grams."),
        ({"processing_days": "11"}, "processing_days", "Processing time is 1 to 10 days."),
        ({"title": "Hat"}, "title", "at least 5 characters"),
        ({"price": "-5"}, "price", "Enter a price above zero."),
        ({"price": ""}, "price", "Enter a price per lot, or add price tiers."),
        ({"lot_size": "0"}, "lot_size", "between 1 and 10,000 pieces"),
        ({"length_cm": "0"}, "length_cm", "package size in centimetres"),
        ({"hs_code": "12ab"}, "hs_code", "6 to 10 digits"),
        ({"declared_value": ""}, "declared_value", "declared value for customs"),
    ],
)
def test_every_validation_error_shows_on_its_field(
    seller_client, approved_seller, leaf_category, overrides, where, message
):
    response = seller_client.post(CREATE, listing_post(leaf_category, **overrides))
    assert response.status_code == 200
    assert not Listing.objects.filter(seller=approved_seller).exists()
    errors = row_errors(response, *where) if isinstance(where, tuple) else form_errors(response, where)
    assert any(message in e for e in errors), errors
    assert message.replace("'", "&#x27;") in response.content.decode()


def test_a_top_level_category_is_refused_on_the_category_field(seller_client, approved_seller, leaf_category):
    top = leaf_category.parent
    response = seller_client.post(CREATE, listing_post(leaf_category, category=top.pk))
    assert form_errors(response, "category") == ["Choose a sub-category, not a top-level one."]


def test_no_variant_at_all_is_said_above_the_variants(seller_client, approved_seller, leaf_category):
    response = seller_client.post(CREATE, listing_post(leaf_category, variants=[variant("", stock="")]))
    assert response.context["editor"].section_errors["variants"] == ["Add at least one variant (SKU) with its stock."]
    assert 'data-testid="variants-error"' in response.content.decode()


def test_an_active_listing_cannot_be_saved_unpublishable(seller_client, make_listing, leaf_category):
    listing = make_listing()
    response = seller_client.post(edit_url(listing), listing_post(leaf_category, weight_grams="40000"))
    assert response.status_code == 200
    errors = response.context["editor"].form.non_field_errors()
    assert any("shipping methods from China carry at most 30000 g" in e for e in errors), errors
    listing.refresh_from_db()
    assert listing.weight_grams == 300
    assert listing.status == ListingStatus.ACTIVE


# --- photos ----------------------------------------------------------------------------------


def test_photos_upload_several_at_once_and_delete(seller_client, make_listing):
    listing = make_listing(publish=False)
    response = seller_client.post(photos_url(listing), {"photos": [photo("a.jpg"), photo("b.png", fmt="PNG")]})
    assert response.status_code == 302
    assert response["Location"] == edit_url(listing) + "#photos"
    images = list(listing.images.all())
    assert len(images) == 2
    page = seller_client.get(edit_url(listing))
    assert page.content.decode().count('data-testid="photo"') == 2
    delete = reverse("seller_listings:photo_delete", args=[listing.pk, images[0].pk])
    assert seller_client.post(delete).status_code == 302
    assert list(listing.images.all()) == images[1:]


def test_each_refused_photo_says_why(seller_client, make_listing, settings):
    settings.CARAVAN_LISTING_IMAGE_MAX_BYTES = 20_000
    listing = make_listing(publish=False)
    from django.core.files.uploadedfile import SimpleUploadedFile

    uploads = [
        photo("fine.jpg"),
        SimpleUploadedFile("notes.jpg", b"this is not an image at all", content_type="image/jpeg"),
        photo("tiny.jpg", size=(120, 120)),
        photo("huge.png", size=(1200, 1200), fmt="PNG", colour=(1, 2, 3)),
    ]
    # A PNG of noise stays large after compression.
    import io
    import os

    from PIL import Image

    noise = Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    uploads[3] = SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")

    response = seller_client.post(photos_url(listing), {"photos": uploads})
    assert response.status_code == 200
    assert listing.images.count() == 1
    body = response.content.decode()
    errors = {e["name"]: e["message"] for e in response.context["photo_errors"]}
    assert errors["notes.jpg"] == "This file is not a photo we can read."
    assert "too small" in errors["tiny.jpg"]
    assert "too large" in errors["huge.png"]
    assert "fine.jpg" not in errors
    assert "notes.jpg" in body and "1 photo added." in body


def test_the_upload_form_goes_away_at_ten_photos(seller_client, make_listing, settings):
    settings.CARAVAN_LISTING_MAX_IMAGES = 2
    listing = make_listing(publish=False)
    seller_client.post(photos_url(listing), {"photos": [photo("a.jpg"), photo("b.jpg"), photo("c.jpg")]})
    assert listing.images.count() == 2
    page = seller_client.get(edit_url(listing))
    assert 'data-testid="photo-upload"' not in page.content.decode()


# --- status ----------------------------------------------------------------------------------


def test_publishing_is_refused_with_every_reason_then_allowed_after_fixing(
    seller_client, approved_seller, leaf_category
):
    data = listing_post(
        leaf_category,
        variants=[variant("BIG-1", stock=0)],
        weight_grams="40000",
        length_cm="200",
        width_cm="40",
        height_cm="20",
        declared_value="500000",
    )
    seller_client.post(CREATE, data)
    listing = Listing.objects.get(seller=approved_seller)

    response = seller_client.post(status_url(listing), {"status": "active"}, follow=True)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    body = response.content.decode()
    for reason in (
        "Add at least one photo.",
        "Put at least one variant in stock.",
        "shipping methods from China carry at most 30000 g",
        "shipping methods from China allow at most 150 cm",
        "no shipping method from China carries that much",
    ):
        assert body.count(reason) >= 2, reason  # in the refusal message and in the checklist

    fixed = listing_post(leaf_category, variants=[variant("BIG-1", stock=4)])
    assert seller_client.post(edit_url(listing), fixed).status_code == 302
    response = seller_client.post(status_url(listing), {"status": "active"}, follow=True)
    assert "Add at least one photo." in response.content.decode()
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.DRAFT

    seller_client.post(photos_url(listing), {"photos": [photo()]})
    response = seller_client.post(status_url(listing), {"status": "active"})
    assert response.status_code == 302 and response["Location"] == edit_url(listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ACTIVE
    assert listing.published_at is not None


def test_pause_and_activate(seller_client, make_listing):
    listing = make_listing()
    response = seller_client.post(status_url(listing), {"status": "paused", "next": INDEX}, follow=True)
    assert response.redirect_chain[-1][0] == INDEX
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PAUSED
    assert "is paused" in response.content.decode()
    seller_client.post(status_url(listing), {"status": "active"})
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.ACTIVE


def test_a_draft_cannot_be_paused_and_next_must_be_ours(seller_client, make_listing):
    listing = make_listing(publish=False)
    response = seller_client.post(status_url(listing), {"status": "paused", "next": "https://evil.example/"})
    assert response["Location"] == edit_url(listing)
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.DRAFT
    page = seller_client.get(edit_url(listing))
    assert "A listing that is draft cannot become paused." in page.content.decode()


# --- bulk and inline stock ----------------------------------------------------------------


def test_bulk_pause_and_activate_reports_what_failed(seller_client, make_listing, other_seller, leaf_category):
    active = [make_listing(title=f"Linen shirt number {n}") for n in range(2)]
    draft = make_listing(publish=False, title="Draft without a photo")
    foreign = make_listing(seller=other_seller, title="Someone else's listing")

    ids = [*(listing.pk for listing in active), foreign.pk]
    response = seller_client.post(BULK, {"action": "pause", "ids": ids}, follow=True)
    assert "2 listings paused." in response.content.decode()
    assert {Listing.objects.get(pk=listing.pk).status for listing in active} == {ListingStatus.PAUSED}
    assert Listing.objects.get(pk=foreign.pk).status == ListingStatus.ACTIVE

    ids = [*(listing.pk for listing in active), draft.pk]
    response = seller_client.post(BULK, {"action": "activate", "ids": ids}, follow=True)
    body = response.content.decode()
    assert "2 listings are now active." in body
    assert "“Draft without a photo” did not change: Add at least one photo." in body
    assert Listing.objects.get(pk=draft.pk).status == ListingStatus.DRAFT


def test_bulk_without_a_selection_or_action(seller_client, make_listing):
    listing = make_listing()
    response = seller_client.post(BULK, {"action": "pause"}, follow=True)
    assert "Tick the listings you want to change first." in response.content.decode()
    response = seller_client.post(BULK, {"action": "delete", "ids": [listing.pk]}, follow=True)
    assert "Choose what to do" in response.content.decode()
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.ACTIVE


def test_inline_stock_with_htmx_returns_the_cell(seller_client, make_listing):
    listing = make_listing()
    _red, blue = listing.variants.all()
    response = seller_client.post(stock_url(blue), {"stock": "12"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.templates[0].name == "listings/dashboard/_stock_cell.html"
    body = response.content.decode()
    assert body.strip().startswith(f'<td class="stock-cell" id="stock-{listing.pk}"')
    assert f'data-testid="stock-total-{listing.pk}">32<' in body
    assert "Saved" in body
    blue.refresh_from_db()
    assert blue.stock == 12

    response = seller_client.post(stock_url(blue), {"stock": "-1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Stock cannot be negative." in response.content.decode()
    response = seller_client.post(stock_url(blue), {"stock": "lots"}, headers={"HX-Request": "true"})
    assert "whole number" in response.content.decode()
    blue.refresh_from_db()
    assert blue.stock == 12


def test_inline_stock_without_js_redirects_back(seller_client, make_listing):
    listing = make_listing()
    red = listing.variants.first()
    back = INDEX + "?status=active"
    response = seller_client.post(stock_url(red), {"stock": "0", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    red.refresh_from_db()
    assert red.stock == 0
    page = seller_client.get(back)
    assert "Stock of DRESS-RED-M is now 0 lots." in page.content.decode()
    response = seller_client.post(stock_url(red), {"stock": "-4"}, follow=True)
    assert "Stock cannot be negative." in response.content.decode()


# --- the table -------------------------------------------------------------------------------


def test_the_table_shows_a_row_per_listing_with_search_and_status_filter(seller_client, make_listing, other_seller):
    shirt = make_listing(title="Linen shirt for summer", tiers=WHOLESALE_TIERS)
    dress = make_listing(publish=False, title="Floral chiffon dress")
    make_listing(seller=other_seller, title="Italian leather belt")
    response = seller_client.get(INDEX)
    assert response.status_code == 200
    rows = list(response.context["listings"])
    assert {listing.pk for listing in rows} == {shirt.pk, dress.pk}
    body = response.content.decode()
    assert "Italian leather belt" not in body
    assert f'data-testid="status-{shirt.pk}">Active<' in body
    assert f'data-testid="status-{dress.pk}">Draft<' in body
    assert "CN¥80.00" in body  # the lowest tier, in the seller's currency
    assert f'data-testid="stock-total-{shirt.pk}">20<' in body
    shirt_row = next(listing for listing in rows if listing.pk == shirt.pk)
    assert shirt_row.thumb_url.endswith("-400.jpg")
    assert next(listing for listing in rows if listing.pk == dress.pk).thumb_url == ""

    assert [listing.pk for listing in seller_client.get(INDEX, {"q": "linen"}).context["listings"]] == [shirt.pk]
    assert [listing.pk for listing in seller_client.get(INDEX, {"status": "draft"}).context["listings"]] == [dress.pk]
    assert list(seller_client.get(INDEX, {"status": "paused"}).context["listings"]) == []
    tabs = {t["value"]: t["count"] for t in seller_client.get(INDEX).context["tabs"]}
    assert tabs == {"": 2, "draft": 1, "active": 1, "paused": 0}


def test_the_table_paginates(seller_client, make_listing, monkeypatch):
    from listings import dashboard

    monkeypatch.setattr(dashboard, "PER_PAGE", 2)
    for n in range(3):
        make_listing(publish=False, title=f"Cotton tote bag {n}")
    first = seller_client.get(INDEX)
    assert len(first.context["listings"]) == 2
    assert 'rel="next"' in first.content.decode()
    second = seller_client.get(INDEX, {"page": 2})
    assert len(second.context["listings"]) == 1


@pytest.mark.parametrize("n", [10, 48])
def test_the_table_needs_a_bounded_number_of_queries(seller_client, make_listing, django_assert_max_num_queries, n):
    for i in range(n):  # every other one published, with its photo and tiers
        make_listing(publish=i % 2 == 0, title=f"Cotton tote bag no. {i}", tiers=WHOLESALE_TIERS if i % 3 else [])
    with django_assert_max_num_queries(8):
        response = seller_client.get(INDEX)
    assert len(response.context["listings"]) == n
    assert response.content.decode().count('class="row-check"') == n


# --- who may see what -----------------------------------------------------------------------


def test_another_sellers_listing_is_a_404_everywhere(seller_client, make_listing, other_seller):
    foreign = make_listing(seller=other_seller)
    image = foreign.images.first()
    foreign_variant = foreign.variants.first()
    assert seller_client.get(edit_url(foreign)).status_code == 404
    assert seller_client.post(edit_url(foreign), {"title": "Hijacked"}).status_code == 404
    assert seller_client.post(status_url(foreign), {"status": "paused"}).status_code == 404
    assert seller_client.post(photos_url(foreign), {"photos": [photo()]}).status_code == 404
    delete = reverse("seller_listings:photo_delete", args=[foreign.pk, image.pk])
    assert seller_client.post(delete).status_code == 404
    assert seller_client.post(stock_url(foreign_variant), {"stock": "0"}).status_code == 404
    assert (
        seller_client.post(stock_url(foreign_variant), {"stock": "0"}, headers={"HX-Request": "true"}).status_code
        == 404
    )
    # Their own listing with someone else's photo id is no way in either.
    own = make_listing(publish=False)
    assert seller_client.post(reverse("seller_listings:photo_delete", args=[own.pk, image.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ListingStatus.ACTIVE
    assert foreign.images.count() == 1
    assert foreign.variants.first().stock == 20


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_buyer_without_a_store_is_sent_to_apply(client):
    client.force_login(UserFactory())
    for url in (INDEX, CREATE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("sellers:apply")


@pytest.mark.parametrize("status", [SellerStatus.SUBMITTED, SellerStatus.SUSPENDED])
def test_a_seller_not_approved_gets_the_403_page(client, make_seller, status):
    seller = make_seller(status=status, country="CN")
    client.force_login(seller.user)
    for response in (client.get(INDEX), client.get(CREATE), client.post(BULK, {"action": "pause"})):
        assert response.status_code == 403
        assert "sellers/forbidden.html" in [t.name for t in response.templates]


def test_the_seller_centre_links_to_listings_with_counts(seller_client, make_listing):
    make_listing()
    make_listing(publish=False, title="A draft dress for later")
    overview = seller_client.get(reverse("sellers:dashboard")).content.decode()
    assert f'href="{INDEX}"' in overview and 'data-testid="nav-listings"' in overview
    assert 'data-testid="listings-total"' in overview
    summary = seller_client.get(reverse("seller_listings:summary")).content.decode()
    assert 'data-testid="count-active">1<' in summary
    assert 'data-testid="count-draft">1<' in summary
    assert 'data-testid="count-paused">0<' in summary
    page = seller_client.get(INDEX).content.decode()
    assert 'data-testid="nav-listings"' in page and 'aria-current="page" data-testid="nav-listings"' in page


def test_the_nav_entry_stays_disabled_before_approval(client, make_seller):
    seller = make_seller(status=SellerStatus.SUBMITTED, country="CN")
    client.force_login(seller.user)
    assert 'data-testid="nav-listings"' not in client.get(reverse("sellers:dashboard")).content.decode()


def test_writes_go_through_the_services(seller_client, make_listing, monkeypatch):
    """A refusal the page could not foresee (the store was suspended a moment
    ago) comes back as a message, not a crash."""
    listing = make_listing()

    def refuse(**kwargs):
        raise services.NotPermitted("Only approved stores can manage listings; yours is suspended.")

    monkeypatch.setattr(services, "listing_set_status", refuse)
    response = seller_client.post(status_url(listing), {"status": "paused"}, follow=True)
    assert "yours is suspended" in response.content.decode()
