"""Landed cost: thresholds to the cent, intra-EU against imports, rules by destination."""

from decimal import Decimal

import pytest

from logistics.landed import landed_cost, rules
from marketplace.money import money

from .conftest import RATES


@pytest.mark.parametrize(
    ("goods_cny", "at_checkout"),
    [("1199.92", True), ("1200.00", True), ("1200.08", False)],  # 149.99 / 150.00 / 150.01 EUR at 8 CNY
)
def test_eu_ioss_threshold_to_the_cent(goods_cny, at_checkout):
    landed = landed_cost(money(goods_cny, "CNY"), money("40", "CNY"), "DE", "CN", RATES)
    tax = (Decimal(goods_cny) + 40) * Decimal("0.19")
    assert landed.rule_code == "eu_ioss"
    if at_checkout:
        assert landed.collected_at_checkout == money(tax.quantize(Decimal("0.01")), "CNY")
        assert landed.may_be_due_on_delivery is None
    else:
        assert landed.collected_at_checkout == money(0, "CNY")
        assert landed.may_be_due_on_delivery == money(tax.quantize(Decimal("0.01")), "CNY")
        assert "customs duty may be due" in landed.note


def test_each_member_state_uses_its_own_vat():
    hu = landed_cost(money("100", "EUR"), money("0", "EUR"), "HU", "TR", RATES)
    lu = landed_cost(money("100", "EUR"), money("0", "EUR"), "LU", "TR", RATES)
    assert (hu.collected_at_checkout, lu.collected_at_checkout) == (money("27.00", "EUR"), money("17.00", "EUR"))


@pytest.mark.parametrize("origin", ["IT", "ES"])
def test_an_eu_seller_to_an_eu_buyer_charges_destination_vat_without_a_threshold(origin):
    landed = landed_cost(money("500", "EUR"), money("10", "EUR"), "FR", origin, RATES)
    assert landed.rule_code == "eu_intra_oss"
    assert landed.collected_at_checkout == money("102.00", "EUR")
    assert landed.may_be_due_on_delivery is None
    assert "no import taxes" in landed.note


def test_an_eu_seller_to_a_non_eu_buyer_is_an_import_there():
    assert landed_cost(money("50", "EUR"), money("5", "EUR"), "GB", "IT", RATES).rule_code == "gb_low_value"
    assert landed_cost(money("50", "EUR"), money("5", "EUR"), "DE", "TR", RATES).rule_code == "eu_ioss"


@pytest.mark.parametrize(
    ("destination", "limit_eur", "rate"),
    [("GB", Decimal("168.75"), Decimal("0.20")),  # GBP 135 at 0.8
     ("NO", Decimal("250.00"), Decimal("0.25")),  # NOK 3,000 at 12
     ("AU", Decimal("625.00"), Decimal("0.10"))],  # AUD 1,000 at 1.6
)  # fmt: skip
def test_national_low_value_schemes_at_their_threshold(destination, limit_eur, rate):
    at = landed_cost(money(limit_eur, "EUR"), money("0", "EUR"), destination, "CN", RATES)
    above = landed_cost(money(limit_eur + Decimal("0.02"), "EUR"), money("0", "EUR"), destination, "CN", RATES)
    assert at.collected_at_checkout == money((limit_eur * rate).quantize(Decimal("0.01")), "EUR")
    assert above.collected_at_checkout == money(0, "EUR")
    assert above.may_be_due_on_delivery is not None


def test_switzerland_collects_at_any_value():
    landed = landed_cost(money("5000", "EUR"), money("50", "EUR"), "CH", "CN", RATES)
    assert landed.collected_at_checkout == money("409.05", "EUR")  # 8.1% of 5,050


@pytest.mark.parametrize("destination", ["BR", "US", "JP", "AQ"])
def test_elsewhere_the_buyer_is_told_duties_may_be_due(destination):
    landed = landed_cost(money("80", "EUR"), money("5", "EUR"), destination, "CN", RATES)
    assert landed.rule_code == "may_be_due"
    assert landed.collected_at_checkout == money(0, "EUR")
    assert landed.may_be_due_on_delivery is None
    assert "may be due on delivery" in landed.note


def test_every_rule_has_a_source_and_a_date():
    found, default = rules()
    assert {r.code for r in found} >= {"eu_ioss", "eu_intra_oss", "gb_low_value", "no_voec", "au_low_value_gst"}
    assert all(r.source and r.effective for r in found)
    assert default.source
