import re

import pytest
from django.urls import reverse

from listings import services

pytestmark = pytest.mark.django_db


def test_a_listing_page_is_rendered_once_then_served_from_the_cache(
    client, make_listing, django_assert_max_num_queries
):
    listing = make_listing()
    url = reverse("listings:detail", kwargs={"pk": listing.pk})
    first = client.get(url)
    assert first.status_code == 200
    # Only the buy form (stock, price box) is read again: the listing, its variants, its tiers.
    with django_assert_max_num_queries(3) as captured:
        again = client.get(url)
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "listings_listingimage" not in sql  # the photos and the "more from this store" cards come from the cache
    assert again.status_code == 200
    assert listing.title in again.content.decode()
    # The content is the cached one; only CSRF tokens (the header's, the cart form's) are per response.
    start = first.content.index(b'<main id="main"')
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", again.content[start:]) == token.sub(b"", first.content[start:])


def test_the_cache_is_per_language_and_currency(client, make_listing):
    listing = make_listing()
    url = reverse("listings:detail", kwargs={"pk": listing.pk})
    usd = client.get(url).content.decode()
    client.post(reverse("preferences"), {"language": "ru", "currency": "RUB", "country": "KZ"})
    rub = client.get(url).content.decode()
    assert "$" in usd and "₽" in rub
    assert 'lang="ru"' in rub


def test_a_change_a_buyer_could_see_retires_cached_pages(client, make_listing, approved_seller, vetting_officer):
    listing = make_listing()
    url = reverse("listings:detail", kwargs={"pk": listing.pk})
    assert client.get(url).status_code == 200
    services.listing_set_status(actor=approved_seller.user, listing_id=listing.pk, status="paused")
    assert client.get(url).status_code == 404
    services.listing_set_status(actor=approved_seller.user, listing_id=listing.pk, status="active")
    assert client.get(url).status_code == 200
    from sellers.services import seller_suspend

    seller_suspend(seller_id=approved_seller.pk, actor=vetting_officer, reason="Counterfeits")
    assert client.get(url).status_code == 404
    assert listing.title not in client.get(reverse("home")).content.decode()


def test_the_header_is_still_per_visitor(client, make_listing):
    from tests.factories import UserFactory

    make_listing()
    client.get(reverse("home"))  # cached for anonymous visitors
    client.force_login(UserFactory(full_name="Zelda Quux"))
    html = client.get(reverse("home")).content.decode()
    assert "Zelda" in html


def test_a_cached_page_never_replays_a_nonce(client, make_listing):
    """The nonce is per response; the cached content is shared. So no nonce may be
    inside the cached part, and every one outside it must be the header's."""
    import re

    listing = make_listing()
    url = reverse("listings:detail", kwargs={"pk": listing.pk})
    nonces = []
    for _ in range(2):  # a miss that fills the cache, then a hit
        response = client.get(url)
        assert response.status_code == 200
        header = response["Content-Security-Policy"]
        (nonce,) = re.findall(r"'nonce-([^']+)'", header.split("script-src", 1)[1].split(";", 1)[0])
        html = response.content.decode()
        in_body = re.findall(r'nonce="([^"]*)"', html)
        assert in_body and set(in_body) == {nonce}
        main = html[html.index('<main id="main"') : html.index("</main>")]
        assert "nonce" not in main and "<script>" not in main
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
