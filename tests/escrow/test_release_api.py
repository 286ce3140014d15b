"""GET /api/v1/seller/balance/ and /history/: a seller reads their own balance
and released orders (with the price, commission and FX breakdown), nobody
else's; a caller with no store gets 403, an anonymous one 401/403."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from escrow.models import Release
from escrow.release import ReleaseOrder, release_order
from tests.escrow.release_helpers import capture

pytestmark = pytest.mark.django_db


def release(order_id, seller, amount="12345", buyer="JPY", settlement="CNY", rate="0.0478123", shipping="0",
            taxes="0"):  # fmt: skip
    capture(order_id, amount, buyer)
    return release_order(ReleaseOrder(order_id=order_id, seller_id=seller.pk, buyer_currency=buyer,
                                      settlement_currency=settlement, rate=Decimal(rate),
                                      commission_rate=Decimal("0.08"), shipping=Decimal(shipping),
                                      taxes=Decimal(taxes)))  # fmt: skip


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_seller_sees_their_own_balance_and_history(make_seller, django_assert_max_num_queries):
    mine, theirs = make_seller(status="approved", country="CN"), make_seller(status="approved", country="CN")
    release(1, mine, shipping="1500")
    client = client_for(mine.user)
    with CaptureQueriesContext(connection) as one_row:
        assert client.get("/api/v1/seller/balance/history/", {"page_size": 20}).status_code == 200
    for n in range(2, 12):
        release(n, mine, amount=str(1000 + n), shipping=str(n))
    release(50, theirs, amount="777")

    balance = client.get("/api/v1/seller/balance/")
    assert balance.status_code == 200, balance.content
    body = balance.json()
    assert body["claim_window_days"] == 15
    [cny] = body["balances"]
    assert cny["currency"] == "CNY" and cny["available"] == "0.00"
    assert Decimal(cny["pending"]) > Decimal("543.02")

    with django_assert_max_num_queries(8) as many_rows:
        history = client.get("/api/v1/seller/balance/history/", {"page_size": 20})
    assert len(many_rows.captured_queries) == len(one_row.captured_queries)  # 10 more rows, no more queries
    assert history.status_code == 200
    results = history.json()["results"]
    assert history.json()["count"] == 11 and 50 not in [r["order_id"] for r in results]
    first = next(r for r in results if r["order_id"] == 1)
    assert first | {"released_at": ""} == {
        "order_id": 1, "released_at": "", "buyer_currency": "JPY", "paid": "12345", "items": "10845",
        "shipping": "1500", "taxes": "0", "rate": "0.0478123000", "settlement_currency": "CNY", "gross": "590.24",
        "commission_rate": "0.0800", "commission": "47.22", "net": "543.02", "fx_remainder": "0.00284350000000",
        "status": "pending", "available_at": None,
    }  # fmt: skip
    assert {(r["order_id"], r["items"], r["shipping"]) for r in results if r["order_id"] != 1} == {
        (n, str(1000), str(n)) for n in range(2, 12)
    }

    other = client_for(theirs.user).get("/api/v1/seller/balance/history/").json()
    assert [r["order_id"] for r in other["results"]] == [50]


def test_the_import_vat_collected_by_caravan_is_its_own_field(make_seller):
    seller = make_seller(status="approved", country="CN")
    release(8, seller, amount="119.00", buyer="EUR", rate="7.7812345", shipping="15.00", taxes="19.00")
    [row] = client_for(seller.user).get("/api/v1/seller/balance/history/").json()["results"]
    assert {k: row[k] for k in ("paid", "items", "shipping", "taxes", "gross", "commission", "net")} == {
        "paid": "119.00", "items": "85.00", "shipping": "15.00", "taxes": "19.00", "gross": "778.12",
        "commission": "62.25", "net": "715.87",
    }  # fmt: skip


def test_a_release_from_before_shipping_was_recorded_has_null_items_and_shipping(make_seller):
    seller = make_seller(status="approved", country="IT")
    old = release(7, seller, amount="12.345", buyer="KWD", settlement="EUR", rate="2.98", shipping="1.500")
    older = release(9, seller, amount="20.000", buyer="KWD", settlement="EUR", rate="2.98", shipping="1.500")
    Release.objects.filter(pk=old.pk).update(shipping=None, taxes=None)  # as the migrations leave earlier releases
    Release.objects.filter(pk=older.pk).update(taxes=None)  # shipping recorded, taxes not yet
    rows = {r["order_id"]: r for r in client_for(seller.user).get("/api/v1/seller/balance/history/").json()["results"]}
    assert (rows[7]["paid"], rows[7]["items"], rows[7]["shipping"], rows[7]["taxes"]) == ("12.345", None, None, None)
    assert (rows[9]["paid"], rows[9]["items"], rows[9]["shipping"], rows[9]["taxes"]) == (
        "20.000", "18.500", "1.500", None,
    )  # fmt: skip


def test_no_store_no_balance(user):
    assert APIClient().get("/api/v1/seller/balance/").status_code in (401, 403)
    assert APIClient().get("/api/v1/seller/balance/history/").status_code in (401, 403)
    response = client_for(user).get("/api/v1/seller/balance/")
    assert response.status_code == 403 and "error" in response.json()
    assert client_for(user).get("/api/v1/seller/balance/history/").status_code == 403
