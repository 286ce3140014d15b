"""The seller centre's Balance page and its CSV: the seller's own pending and
available money and released orders with the commission and FX shown; another
seller's orders never; a store not approved gets the seller centre's 403."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from escrow.release import ReleaseOrder, release_order
from escrow.settlement import releases_make_available
from tests.escrow.release_helpers import capture

pytestmark = pytest.mark.django_db


def release(order_id, seller, amount="12345", buyer="JPY", settlement="CNY", rate="0.0478123"):
    capture(order_id, amount, buyer)
    return release_order(ReleaseOrder(order_id=order_id, seller_id=seller.pk, buyer_currency=buyer,
                                      settlement_currency=settlement, rate=Decimal(rate),
                                      commission_rate=Decimal("0.08")))  # fmt: skip


@pytest.fixture
def stores(make_seller):
    return make_seller(status="approved", country="CN"), make_seller(status="approved", country="CN")


def test_the_balance_page_shows_pending_available_and_the_breakdown(client, stores, django_assert_max_num_queries):
    mine, theirs = stores
    release(1, mine)
    releases_make_available(now=timezone.now() + timedelta(days=15, seconds=1))
    for n in range(2, 30):
        release(n, mine, amount="1000")  # 43.99 CNY net each, pending
    release(99, theirs, amount="777")
    client.force_login(mine.user)
    with django_assert_max_num_queries(12):
        response = client.get("/seller/balance/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="release-1"' in page and 'data-testid="release-99"' not in page
    assert "590.24" in page and "47.22" in page and "543.02" in page and "0.0478123" in page
    assert "1,231.72" in page  # 28 × 43.99 CNY pending
    assert 'data-testid="nav-balance"' in page

    download = client.get("/seller/balance/history.csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert len(rows) == 29 and {r["order_id"] for r in rows} == {str(n) for n in range(1, 30)}
    first = next(r for r in rows if r["order_id"] == "1")
    assert (first["paid"], first["gross"], first["commission"], first["net"], first["status"]) == (
        "12345", "590.24", "47.22", "543.02", "available",
    )  # fmt: skip


def test_sellers_not_approved_and_strangers_see_no_balance(client, make_seller, user):
    assert client.get("/seller/balance/").status_code == 302  # log in first
    client.force_login(user)
    assert client.get("/seller/balance/").status_code == 302  # apply first
    pending = make_seller(status="submitted", country="TR")
    client.force_login(pending.user)
    assert client.get("/seller/balance/").status_code == 403
    assert client.get("/seller/balance/history.csv").status_code == 403
