"""In a real Chromium: a Chinese seller whose order the buyer confirmed (its
escrow released through orders.completion, the real set-based path) opens the
seller centre's Balance page, reads the pending balance and the order's row
(items, shipping, import VAT, rate, converted, commission, FX remainder, net) as
the ledger booked them, and downloads the CSV with the same figures. A Polish
buyer's order shows the import VAT Caravan collected at checkout (EU IOSS) in its
own column: booked to tax_payable, not converted for the seller. A Turkish seller with
an order of their own sees neither that order nor its CSV row, and vice versa."""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from moneyed import Money
from playwright.sync_api import Page, expect

from buyers.services import AddressInput, address_create
from escrow.models import AccountKind, Posting, Release
from escrow.release import release_reference
from listings.services import VariantInput
from marketplace.money import format_money, round_money
from orders.completion import order_confirm_receipt
from orders.models import Order, OrderStatus
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.orders.completion_helpers import assert_books_balance, deliver, paid_order, ship
from tests.orders.conftest import WARSZAWA, make_buyer, towel, tr_store  # noqa: F401 (fixtures)

from .test_listing_journey import log_in


def completed(buyer, *lines) -> Order:
    """A paid order shipped, delivered and confirmed by its buyer: released to its seller."""
    order = deliver(ship(paid_order(buyer, *lines), days_ago=4), days_ago=1)
    order_confirm_receipt(order_id=order.pk, actor=buyer)
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    return order


def booked(order: Order) -> dict[str, Money]:
    """The order's release as the ledger posted it, by account kind (signs turned
    to what the seller reads: every figure positive)."""
    postings = Posting.objects.filter(transaction__reference=release_reference(order.pk)).values_list(
        "account__kind", "currency", "amount"
    )
    lines = {(kind, currency): Money(abs(amount), currency) for kind, currency, amount in postings}
    settlement = order.settlement_currency
    return {
        "paid": lines[AccountKind.ESCROW, order.currency],
        "taxes": lines.get((AccountKind.TAX_PAYABLE, order.currency), Money(0, order.currency)),
        "gross": lines[AccountKind.FX_CONVERSION, settlement],
        "commission": lines[AccountKind.PLATFORM_COMMISSION, settlement],
        "net": lines[AccountKind.SELLER_PENDING, settlement],
    }


def minor(money: Money) -> str:
    """As the CSV writes an amount: a plain decimal to the currency's minor unit."""
    return str(round_money(money).amount)


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["order_id"]: row for row in csv.DictReader(handle)}


def download_csv(page: Page, tmp_path: Path, name: str) -> dict[str, dict[str, str]]:
    with page.expect_download() as download:
        page.get_by_test_id("balance-csv").click()
    target = tmp_path / name
    download.value.save_as(target)
    return read_csv(target)


@pytest.mark.django_db(transaction=True)
def test_a_seller_reads_each_released_orders_breakdown_and_downloads_it(site, page: Page, browser, tmp_path,
                                                                        make_listing, towel):  # noqa: F811  # fmt: skip
    dress = make_listing(variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=10)])
    ana = make_buyer(email="ana@example.com", language="en")
    mine = completed(ana, (dress, 2))
    theirs = completed(make_buyer(language="en"), (towel, 1))
    anna = make_buyer(email="anna@example.com", language="en", currency="PLN", country="PL")
    address_create(actor=anna, data=AddressInput(**WARSZAWA), default=True)
    polish = completed(anna, (dress, 1))
    assert_books_balance()
    release = Release.objects.get(order_id=mine.pk)
    books = booked(mine)
    shipping = Money(release.shipping, mine.currency)
    assert shipping == mine.shipping and shipping.amount > 0  # the checkout charged shipping; it was recorded
    assert books["paid"] == mine.total  # the whole order released, shipping included
    assert books["gross"].amount == release.gross and books["net"] + books["commission"] == books["gross"]
    assert mine.currency == "BRL" and mine.settlement_currency == "CNY"  # converted: an FX line

    log_in(page, site, dress.seller.user.email)
    page.goto(f"{site}/seller/")
    page.get_by_test_id("nav-balance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Balance")
    pending = books["net"] + booked(polish)["net"]
    expect(page.get_by_test_id("balance-CNY").get_by_test_id("pending")).to_have_text(format_money(pending, "en"))
    row = page.get_by_test_id(f"release-{mine.pk}")
    expect(row.get_by_test_id("paid")).to_have_text(format_money(books["paid"], "en"))
    expect(row.get_by_test_id("shipping")).to_have_text(format_money(shipping, "en"))
    expect(row.get_by_test_id("taxes")).to_have_text(format_money(Money(0, "BRL"), "en"))  # none collected to Brazil
    expect(row.get_by_test_id("items")).to_have_text(format_money(books["paid"] - shipping, "en"))
    expect(row.get_by_test_id("gross")).to_have_text(format_money(books["gross"], "en"))
    percent = format(release.commission_rate.normalize() * 100, "f").rstrip("0").rstrip(".")
    expect(row.get_by_test_id("commission")).to_have_text(f"{format_money(books['commission'], 'en')} ({percent}%)")
    expect(row.get_by_test_id("fx")).to_have_text(f"{format(release.fx_remainder.normalize(), 'f')} CNY")
    expect(row.get_by_test_id("net")).to_have_text(format_money(books["net"], "en"))
    expect(row.get_by_test_id("status")).to_have_text("Pending")
    expect(page.get_by_test_id(f"release-{theirs.pk}")).to_have_count(0)  # another store's order

    # The Polish order: 23 % VAT collected at checkout, booked to tax_payable, shown in its own column.
    eu = booked(polish)
    assert eu["taxes"] == polish.taxes and eu["taxes"].amount > 0 and eu["paid"] == polish.total
    eu_release = Release.objects.get(order_id=polish.pk)
    converted = (polish.total - polish.taxes).amount * eu_release.rate  # the VAT is not converted for the seller
    assert eu["gross"].amount == converted.quantize(Decimal("0.01"), ROUND_HALF_UP)
    expect(page.get_by_role("columnheader", name="Import VAT (IOSS), collected by Caravan")).to_be_visible()
    eu_row = page.get_by_test_id(f"release-{polish.pk}")
    expect(eu_row.get_by_test_id("taxes")).to_have_text(format_money(polish.taxes, "en"))
    expect(eu_row.get_by_test_id("shipping")).to_have_text(format_money(polish.shipping, "en"))
    expect(eu_row.get_by_test_id("items")).to_have_text(format_money(polish.goods, "en"))
    expect(eu_row.get_by_test_id("paid")).to_have_text(format_money(polish.total, "en"))
    expect(eu_row.get_by_test_id("gross")).to_have_text(format_money(eu["gross"], "en"))
    expect(eu_row.get_by_test_id("net")).to_have_text(format_money(eu["net"], "en"))

    rows = download_csv(page, tmp_path, "mine.csv")
    assert set(rows) == {str(mine.pk), str(polish.pk)}
    eu_line = rows[str(polish.pk)]
    assert (eu_line["paid"], eu_line["items"], eu_line["shipping"], eu_line["taxes"], eu_line["gross"]) == (
        minor(polish.total), minor(polish.goods), minor(polish.shipping), minor(polish.taxes), minor(eu["gross"]),
    )  # fmt: skip
    line = rows[str(mine.pk)]
    assert (line["paid"], line["items"], line["shipping"], line["taxes"]) == (
        minor(books["paid"]), minor(books["paid"] - shipping), minor(shipping), "0.00",
    )  # fmt: skip
    assert (line["gross"], line["commission"], line["net"], line["status"]) == (
        minor(books["gross"]), minor(books["commission"]), minor(books["net"]), "pending",
    )  # fmt: skip
    assert line["fx_remainder"] == format(release.fx_remainder.normalize(), "f")
    for row in (line, eu_line):  # the conversion: what the buyer paid less the VAT Caravan keeps, at the rate
        exact = (Decimal(row["paid"]) - Decimal(row["taxes"])) * Decimal(row["rate"])
        assert Decimal(row["gross"]) + Decimal(row["fx_remainder"]) == exact

    other = browser.new_page()
    log_in(other, site, theirs.seller.user.email)
    other.goto(f"{site}/seller/balance/")
    expect(other.get_by_test_id(f"release-{theirs.pk}")).to_be_visible()
    expect(other.get_by_test_id(f"release-{mine.pk}")).to_have_count(0)
    expect(other.get_by_test_id("balance-CNY")).to_have_count(0)  # the Turkish store is paid in TRY only
    assert set(download_csv(other, tmp_path, "theirs.csv")) == {str(theirs.pk)}
    other.close()
