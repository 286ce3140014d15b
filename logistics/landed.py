"""Landed cost: what import taxes a buyer pays at checkout, and what may still
be due on delivery, by the public rules in `logistics/data/import_taxes.json`.

Pure: no database. The rules are read once from the file; each carries its
name, source and date so a buyer (and an auditor) can see why. Amounts come
back in the goods' currency, rounded by `marketplace.money`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.money import convert, money, round_money

DATA = Path(__file__).resolve().parent / "data" / "import_taxes.json"


@dataclass(frozen=True)
class TaxRule:
    code: str
    name: str
    origins: frozenset[str] | None  # None: any origin
    rates: Mapping[str, Decimal]  # destination -> tax rate on goods + shipping
    threshold: Money | None  # collected at checkout up to this goods value; None: always
    source: str
    effective: str | None
    # Who declares and pays the tax collected at checkout to the tax authority: "marketplace"
    # (Caravan as the deemed supplier: IOSS, the UK, Norway, Australia, Switzerland) or "seller"
    # (an EU store's own OSS return for its intra-EU distance sales).
    remitted_by: str = "marketplace"


@dataclass(frozen=True)
class LandedCost:
    collected_at_checkout: Money  # tax added to the order total
    may_be_due_on_delivery: Money | None  # an estimate of the import VAT/GST (duty not included); None: unknown
    tax_rate: Decimal | None
    rule_code: str
    rule_name: str
    source: str
    effective: str | None
    note: str  # what a buyer reads


def taxes_remitted_by_seller(rule_code: str) -> bool:
    """Whether the tax that rule `rule_code` collects at checkout is the seller's to remit
    (so it is paid out with the order), not Caravan's (kept to be remitted)."""
    found, default = rules()
    return any(rule.code == rule_code and rule.remitted_by == "seller" for rule in (*found, default))


@cache
def rules() -> tuple[tuple[TaxRule, ...], TaxRule]:
    """The rules in the file's order (the first that applies wins), and the default."""
    with DATA.open(encoding="utf-8") as f:
        data = json.load(f)
    eu = {c: Decimal(r) for c, r in data["eu_vat"].items()}
    parsed = []
    for row in data["rules"]:
        rates = eu if row["countries"] == "EU" else {c: Decimal(r) for c, r in row["countries"].items()}
        threshold = money(row["threshold"][0], row["threshold"][1]) if row["threshold"] else None
        source = row["source"] + (f"; {data['eu_vat_source']}" if row["countries"] == "EU" else "")
        parsed.append(
            TaxRule(
                code=row["code"],
                name=row["name"],
                origins=frozenset(row["origins"]) if row["origins"] else None,
                rates=rates,
                threshold=threshold,
                source=source,
                effective=row["effective"],
                remitted_by=row.get("remitted_by", "marketplace"),
            )
        )
    d = data["default"]
    default = TaxRule(d["code"], d["name"], None, {}, None, d["source"], d["effective"])
    return tuple(parsed), default


@cache
def eu_member_states() -> frozenset[str]:
    """The EU member states: the countries of the file's EU VAT table."""
    with DATA.open(encoding="utf-8") as f:
        return frozenset(json.load(f)["eu_vat"])


def rule_for(destination: str, origin: str) -> TaxRule:
    found, default = rules()
    for rule in found:
        if destination in rule.rates and (rule.origins is None or origin in rule.origins):
            return rule
    return default


def landed_cost(
    goods_value: Money, shipping: Money, destination: str, origin: str, rates: Mapping[str, Decimal]
) -> LandedCost:
    """The taxes on one consignment of `goods_value` shipped for `shipping`.

    At or under the rule's threshold (compared in the threshold's currency at
    `rates`) the tax on goods + shipping is collected at checkout; above it,
    nothing is collected and the same tax (plus any duty) may be due on
    delivery. Raises MissingExchangeRate when the values cannot be compared.
    """
    currency = goods_value.currency.code
    base = goods_value + convert(shipping, currency, rates=rates)
    zero = round_money(money(0, currency))
    rule = rule_for(destination, origin)
    if not rule.rates:
        return LandedCost(
            zero, None, None, rule.code, rule.name, rule.source, rule.effective,
            _("Duties and taxes may be due on delivery: the destination's customs decide them and the carrier "
              "collects them."),
        )  # fmt: skip
    rate = rule.rates[destination]
    tax = round_money(base * rate)
    within = rule.threshold is None or (
        convert(goods_value, rule.threshold.currency.code, rates=rates).amount <= rule.threshold.amount
    )
    if within:
        note = _("Includes %(rate)s%% import VAT/GST, collected at checkout: nothing more to pay on delivery.") % {
            "rate": _percent(rate)
        }
        if rule.origins is not None:
            note = _("Includes %(rate)s%% VAT of the destination country: no import taxes, it ships inside the EU.") % {
                "rate": _percent(rate)
            }
        return LandedCost(tax, None, rate, rule.code, rule.name, rule.source, rule.effective, note)
    note = _(
        "Above %(threshold)s %(currency)s no tax is collected at checkout: import VAT of about %(tax)s %(goods)s "
        "and customs duty may be due on delivery."
    ) % {
        "threshold": _number(rule.threshold.amount),
        "currency": rule.threshold.currency.code,
        "tax": tax.amount,
        "goods": currency,
    }
    return LandedCost(zero, tax, rate, rule.code, rule.name, rule.source, rule.effective, note)


def _percent(rate: Decimal) -> str:
    return _number(rate * 100)


def _number(value: Decimal) -> str:
    """150 rather than 1.5E+2 or 150.0000."""
    return format(value.normalize(), "f")
