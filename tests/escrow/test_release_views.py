"""The seller centre's Balance page and its CSV: the seller's own pending and
available money and released orders with the commission and FX shown; another
seller's orders never; a store not approved gets the seller centre's 403."""

import csv
import html
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escrow.models import Release
from escrow.release import ReleaseOrder, release_order
from escrow.settlement import releases_make_available
from tests.escrow.release_helpers import capture

pytestmark = pytest.mark.django_db


def release(order_id, seller, amount="12345", buyer="JPY", settlement="CNY", rate="0.0478123", shipping="0",
            taxes="0"):  # fmt: skip
    capture(order_id, amount, buyer)
    return release_order(ReleaseOrder(order_id=order_id, seller_id=seller.pk, buyer_currency=buyer,
                                      settlement_currency=settlement, rate=Decimal(rate),
                                      commission_rate=Decimal("0.08"), shipping=Decimal(shipping),
                                      taxes=Decimal(taxes)))  # fmt: skip


def cells(page: str, order_id: int) -> dict[str, str]:
    """The history row of one order: {data-testid of the cell: its text}."""
    row = re.search(rf'<tr data-testid="release-{order_id}">(.*?)</tr>', page, re.S).group(1)
    return {name: html.unescape(text).strip() for name, text in re.findall(r'<td data-testid="(\w+)">(.*?)</td>', row)}


@pytest.fixture
def stores(make_seller):
    return make_seller(status="approved", country="CN"), make_seller(status="approved", country="CN")


def test_the_balance_page_shows_pending_available_and_the_breakdown(client, stores, django_assert_max_num_queries):
    mine, theirs = stores
    release(1, mine, shipping="1500")
    releases_make_available(now=timezone.now() + timedelta(days=15, seconds=1))
    client.force_login(mine.user)
    with CaptureQueriesContext(connection) as one_row:
        assert client.get("/seller/balance/").status_code == 200
    for n in range(2, 30):
        release(n, mine, amount="1000", shipping="250")  # 43.99 CNY net each, pending
    release(99, theirs, amount="777")
    with django_assert_max_num_queries(12) as many_rows:
        response = client.get("/seller/balance/")
    assert len(many_rows.captured_queries) == len(one_row.captured_queries)  # not one more for 28 more rows
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="release-1"' in page and 'data-testid="release-99"' not in page
    assert cells(page, 1) == {
        "items": "¥10,845", "shipping": "¥1,500", "taxes": "¥0", "paid": "¥12,345", "rate": "0.0478123",
        "gross": "CN¥590.24", "commission": "CN¥47.22 (8%)", "fx": "0.0028435 CNY", "net": "CN¥543.02",
        "status": "Available",
    }  # fmt: skip
    # 1000 JPY × 0.0478123 = 47.8123 → 47.81 CNY; 8 % → 3.82; the FX remainder 0.0023 CNY
    assert cells(page, 2) | {"status": ""} == {
        "items": "¥750", "shipping": "¥250", "taxes": "¥0", "paid": "¥1,000", "rate": "0.0478123",
        "gross": "CN¥47.81", "commission": "CN¥3.82 (8%)", "fx": "0.0023 CNY", "net": "CN¥43.99", "status": "",
    }  # fmt: skip
    assert "1,231.72" in page  # 28 × 43.99 CNY pending
    assert 'data-testid="nav-balance"' in page

    download = client.get("/seller/balance/history.csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert len(rows) == 29 and {r["order_id"] for r in rows} == {str(n) for n in range(1, 30)}
    first = next(r for r in rows if r["order_id"] == "1")
    assert {k: first[k] for k in ("paid", "items", "shipping", "taxes", "rate", "gross", "commission_rate",
                                  "commission", "fx_remainder", "net", "status")} == {
        "paid": "12345", "items": "10845", "shipping": "1500", "taxes": "0", "rate": "0.0478123", "gross": "590.24",
        "commission_rate": "0.08", "commission": "47.22", "fx_remainder": "0.0028435", "net": "543.02",
        "status": "available",
    }  # fmt: skip
    assert {(r["items"], r["shipping"]) for r in rows if r["order_id"] != "1"} == {("750", "250")}


def test_the_import_vat_collected_by_caravan_has_its_own_column(client, stores):
    """A buyer in Germany paid 119.00 EUR: items 85.00, shipping 15.00 and 19 % VAT
    19.00 that Caravan collected (IOSS) and keeps for the tax authority."""
    mine, _theirs = stores
    release(6, mine, amount="119.00", buyer="EUR", rate="7.7812345", shipping="15.00", taxes="19.00")
    client.force_login(mine.user)
    page = client.get("/seller/balance/").content.decode()
    assert "Import VAT (IOSS), collected by Caravan" in page
    assert cells(page, 6) | {"status": ""} == {
        "items": "€85.00", "shipping": "€15.00", "taxes": "€19.00", "paid": "€119.00", "rate": "7.7812345",
        "gross": "CN¥778.12", "commission": "CN¥62.25 (8%)", "fx": "0.00345 CNY", "net": "CN¥715.87", "status": "",
    }  # fmt: skip
    [csv_row] = csv.DictReader(io.StringIO(client.get("/seller/balance/history.csv").content.decode()))
    assert {k: csv_row[k] for k in ("paid", "items", "shipping", "taxes", "gross", "commission", "net")} == {
        "paid": "119.00", "items": "85.00", "shipping": "15.00", "taxes": "19.00", "gross": "778.12",
        "commission": "62.25", "net": "715.87",
    }  # fmt: skip
    assert Decimal(csv_row["gross"]) + Decimal(csv_row["fx_remainder"]) == (
        Decimal(csv_row["paid"]) - Decimal(csv_row["taxes"])
    ) * Decimal(csv_row["rate"])


def test_a_release_from_before_shipping_was_recorded_shows_no_split(client, stores):
    mine, _theirs = stores
    old = release(5, mine, amount="99.99", buyer="BRL", settlement="EUR", rate="0.17", shipping="10.00")
    older = release(7, mine, amount="50.00", buyer="BRL", settlement="EUR", rate="0.17", shipping="10.00")
    Release.objects.filter(pk=old.pk).update(shipping=None, taxes=None)  # as the migrations leave earlier releases
    Release.objects.filter(pk=older.pk).update(taxes=None)  # shipping recorded, taxes not yet
    client.force_login(mine.user)
    page = client.get("/seller/balance/").content.decode()
    row = cells(page, 5)
    assert (row["items"], row["shipping"], row["taxes"], row["paid"]) == ("—", "—", "—", "R$99.99")
    row = cells(page, 7)
    assert (row["items"], row["shipping"], row["taxes"], row["paid"]) == ("R$40.00", "R$10.00", "—", "R$50.00")
    download = client.get("/seller/balance/history.csv").content.decode()
    rows = {r["order_id"]: r for r in csv.DictReader(io.StringIO(download))}
    assert [(r["paid"], r["items"], r["shipping"], r["taxes"]) for r in (rows["5"], rows["7"])] == [
        ("99.99", "", "", ""), ("50.00", "40.00", "10.00", ""),
    ]  # fmt: skip


def test_sellers_not_approved_and_strangers_see_no_balance(client, make_seller, user):
    assert client.get("/seller/balance/").status_code == 302  # log in first
    client.force_login(user)
    assert client.get("/seller/balance/").status_code == 302  # apply first
    pending = make_seller(status="submitted", country="TR")
    client.force_login(pending.user)
    assert client.get("/seller/balance/").status_code == 403
    assert client.get("/seller/balance/history.csv").status_code == 403
