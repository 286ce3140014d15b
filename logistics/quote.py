"""The shipping quote: a pure function over frozen values.

`quote()` reads no database and writes nothing: the caller loads the methods
once (`logistics.selectors.shipping_methods_for(origin)`, cached) and passes
the exchange rates, so it can run for every card of a page. Money is Decimal
with its currency; `marketplace.money.convert` is the one place that converts
and rounds.

Combined parcels (several lines, or several lots of one line, in one box):
weights and declared values add up; each line's box is laid flat on its
largest face (sides sorted: length >= width >= height), the boxes are stacked,
so the parcel is as long and as wide as the longest and widest box and as
high as all heights together. That over-estimates a cleverly packed parcel a
little, never under-estimates it, so a limit that holds here holds for real.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries import countries
from moneyed import Money

from marketplace.money import MissingExchangeRate, convert

__all__ = ["FreeRule", "Limits", "Method", "Offer", "Parcel", "ParcelLine", "Quote", "Rate", "TemplateSpec",
           "Unavailable", "ZoneSpec", "protection_cap", "quote"]  # fmt: skip


@dataclass(frozen=True)
class Rate:
    """First `first_grams` for `first_price`, then `step_price` for each further `step_grams` begun."""

    first_grams: int
    first_price: Money
    step_grams: int
    step_price: Money

    def price(self, weight_grams: int) -> Money:
        extra = max(0, weight_grams - self.first_grams)
        steps = math.ceil(extra / self.step_grams)
        return self.first_price + self.step_price * steps


@dataclass(frozen=True)
class ZoneSpec:
    name: str
    countries: frozenset[str]
    transit_days: tuple[int, int]  # business days, from the hand-over to the carrier
    rate: Rate


@dataclass(frozen=True)
class Limits:
    max_weight_grams: int
    max_side_cm: Decimal
    max_dimensions_sum_cm: Decimal | None  # UPU small packets: length + width + height
    max_length_girth_cm: Decimal | None  # parcels and couriers: length + 2 x (width + height)
    max_declared_value: Money


@dataclass(frozen=True)
class Method:
    code: str
    name: str
    carrier: str
    service_level: str
    kind: str
    tracked: bool
    origins: frozenset[str]
    protection_days: int
    limits: Limits
    zones: tuple[ZoneSpec, ...] = ()  # the zones from the origin the methods were loaded for

    def zone_for(self, country: str) -> ZoneSpec | None:
        return next((z for z in self.zones if country in z.countries), None)


@dataclass(frozen=True)
class ParcelLine:
    """One lot's packed box, and how many lots go in the parcel."""

    weight_grams: int
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    declared_value: Money
    lots: int = 1


@dataclass(frozen=True)
class Parcel:
    weight_grams: int
    length_cm: Decimal  # the longest side
    width_cm: Decimal
    height_cm: Decimal
    declared_value: Money
    origin: str
    processing_days: int = 0  # the seller's time to hand the parcel over (business days)
    handling_days: int = 0  # extra handling on top (a template's, a warehouse's)

    @classmethod
    def combine(
        cls, lines: Sequence[ParcelLine], *, origin: str, processing_days: int = 0, handling_days: int = 0
    ) -> Parcel:
        """One parcel holding every lot of every line (see the module docstring)."""
        if not lines or any(line.lots < 1 for line in lines):
            raise ValueError("A parcel holds at least one lot of each line.")
        currencies = {line.declared_value.currency.code for line in lines}
        if len(currencies) != 1:
            raise ValueError("The lines of one parcel are declared in one currency.")
        boxes = [sorted((line.length_cm, line.width_cm, line.height_cm), reverse=True) for line in lines]
        return cls(
            weight_grams=sum(line.weight_grams * line.lots for line in lines),
            length_cm=max(box[0] for box in boxes),
            width_cm=max(box[1] for box in boxes),
            height_cm=sum(box[2] * line.lots for box, line in zip(boxes, lines, strict=True)),
            declared_value=sum(
                (line.declared_value * line.lots for line in lines[1:]), lines[0].declared_value * lines[0].lots
            ),
            origin=origin,
            processing_days=processing_days,
            handling_days=handling_days,
        )

    @property
    def longest_side_cm(self) -> Decimal:
        return max(self.length_cm, self.width_cm, self.height_cm)

    @property
    def dimensions_sum_cm(self) -> Decimal:
        return self.length_cm + self.width_cm + self.height_cm

    @property
    def length_girth_cm(self) -> Decimal:
        longest = self.longest_side_cm
        return longest + 2 * (self.dimensions_sum_cm - longest)


@dataclass(frozen=True)
class FreeRule:
    """Free shipping to `countries` (None: everywhere) for orders of at least
    `min_order` (None: any order)."""

    countries: frozenset[str] | None
    min_order: Money | None = None

    def holds(self, destination: str, order_value: Money | None, rates: Mapping[str, Decimal]) -> bool:
        if self.countries is not None and destination not in self.countries:
            return False
        if self.min_order is None:
            return True
        if order_value is None:
            return False
        try:
            value = convert(order_value, self.min_order.currency.code, rates=rates)
        except MissingExchangeRate:
            return False
        return value.amount >= self.min_order.amount


@dataclass(frozen=True)
class TemplateSpec:
    """A store's shipping template as values: the methods it offers (None:
    every method), its free-shipping rules and extra handling days."""

    method_codes: frozenset[str] | None = None
    free_rules: tuple[FreeRule, ...] = ()
    handling_days: int = 0
    name: str = ""

    def offers_method(self, method: Method, origin: str, methods: Iterable[Method]) -> bool:
        """Whether the store offers `method` from `origin`. A template that names
        no method serving `origin` (a warehouse's country) offers all of them."""
        if self.method_codes is None:
            return True
        if method.code in self.method_codes:
            return True
        return not any(m.code in self.method_codes and origin in m.origins for m in methods)

    def free_to(self, destination: str, order_value: Money | None, rates: Mapping[str, Decimal]) -> bool:
        return any(rule.holds(destination, order_value, rates) for rule in self.free_rules)


def protection_cap(destination: str) -> int:
    """The longest buyer-protection period for `destination` (DESIGN.md §2 Escrow)."""
    return settings.CARAVAN_PROTECTION_MAX_DAYS_BY_COUNTRY.get(destination, settings.CARAVAN_PROTECTION_MAX_DAYS)


@dataclass(frozen=True)
class Offer:
    method: Method
    zone: str
    cost: Money  # in the rate's currency, rounded; 0 when free
    display_cost: Money  # in the buyer's currency
    delivery_from: date
    delivery_to: date
    protection_days: int = 0  # the method's promised delivery time, capped for the destination
    free: bool = False  # the store pays: its template's free-shipping rule holds
    list_cost: Money | None = None  # what the carrier charges (the cost before a free rule)

    @property
    def tracked(self) -> bool:
        return self.method.tracked


@dataclass(frozen=True)
class Unavailable:
    method: Method
    reasons: tuple[tuple[str, str], ...]  # (code, message a person reads)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _message in self.reasons)


@dataclass(frozen=True)
class Quote:
    offers: tuple[Offer, ...] = ()
    unavailable: tuple[Unavailable, ...] = field(default_factory=tuple)

    @property
    def cheapest(self) -> Offer | None:
        return self.offers[0] if self.offers else None


def _number(value: Decimal) -> str:
    """60 rather than 60.0 or 6E+1."""
    return format(value.normalize(), "f")


def add_business_days(start: date, days: int) -> date:
    """`days` working days (Monday to Friday) after `start`; 0 gives `start` itself.
    Arithmetic rather than a loop: it runs for every method of every card."""
    if days <= 0:
        return start
    weekday = start.weekday()
    if weekday >= 5:  # from a weekend, count as from the Friday before
        start -= timedelta(days=weekday - 4)
        weekday = 4
    weeks, rest = divmod(days, 5)
    return start + timedelta(days=weeks * 7 + rest + (2 if weekday + rest >= 5 else 0))


def limit_problems(parcel: Parcel, limits: Limits, rates: Mapping[str, Decimal]) -> list[tuple[str, str]]:
    """Why `limits` cannot carry `parcel` (empty: they can), whatever the destination."""
    problems = []
    if parcel.weight_grams > limits.max_weight_grams:
        problems.append(
            ("too_heavy", _("Too heavy: the parcel weighs %(w)s g, this method carries at most %(max)s g.")
             % {"w": parcel.weight_grams, "max": limits.max_weight_grams})
        )  # fmt: skip
    if parcel.longest_side_cm > limits.max_side_cm:
        problems.append(
            ("too_long", _("Too long: the longest side is %(s)s cm, this method allows at most %(max)s cm.")
             % {"s": _number(parcel.longest_side_cm), "max": _number(limits.max_side_cm)})
        )  # fmt: skip
    if limits.max_dimensions_sum_cm is not None and parcel.dimensions_sum_cm > limits.max_dimensions_sum_cm:
        problems.append(
            ("too_large", _("Too large: length + width + height is %(s)s cm, this method allows at most %(max)s cm.")
             % {"s": _number(parcel.dimensions_sum_cm), "max": _number(limits.max_dimensions_sum_cm)})
        )  # fmt: skip
    if limits.max_length_girth_cm is not None and parcel.length_girth_cm > limits.max_length_girth_cm:
        problems.append(
            ("too_large", _("Too large: length + girth is %(s)s cm, this method allows at most %(max)s cm.")
             % {"s": _number(parcel.length_girth_cm), "max": _number(limits.max_length_girth_cm)})
        )  # fmt: skip
    cap = limits.max_declared_value
    try:
        value = convert(parcel.declared_value, cap.currency.code, rates=rates)
    except MissingExchangeRate:
        problems.append(("no_rate", _("The declared value cannot be checked: no exchange rate for it.")))
    else:
        if value.amount > cap.amount:
            problems.append(
                ("too_valuable", _("Too valuable: the declared value is %(v)s %(c)s, this method carries at most "
                                   "%(max)s %(c)s.")
                 % {"v": value.amount, "c": cap.currency.code, "max": _number(cap.amount)})
            )  # fmt: skip
    return problems


def quote(
    parcel: Parcel,
    destination: str,
    methods: Iterable[Method],
    *,
    today: date,
    currency: str,
    rates: Mapping[str, Decimal],
    template: TemplateSpec | None = None,
    order_value: Money | None = None,
) -> Quote:
    """Every method: an offer (cheapest first, then the earliest) or why not.

    The delivery range counts business days from `today`: the parcel's
    processing and handling days (plus the template's), then the zone's
    transit range. With a `template`, only the methods it offers are quoted
    (the others are left out, not "unavailable": the store never ships by
    them), and where one of its free-shipping rules holds for `destination`
    and `order_value` the cheapest offer costs 0 and says so. Each offer's
    protection period is the method's promised time, capped per destination.
    Raises MissingExchangeRate when a cost cannot be shown in `currency`.
    """
    offers, unavailable = [], []
    not_from_origin = not_to_country = None  # each message made once, and only if needed
    methods = tuple(methods)
    handling = parcel.handling_days
    if template is not None:
        methods = tuple(m for m in methods if template.offers_method(m, parcel.origin, methods))
        handling += template.handling_days
    cap = protection_cap(destination)
    for method in methods:
        if parcel.origin not in method.origins:
            # Its limits do not matter to this parcel: saying so would only be noise.
            not_from_origin = not_from_origin or (
                "not_from_origin",
                _("Not available from %(country)s.") % {"country": countries.name(parcel.origin)},
            )
            unavailable.append(Unavailable(method=method, reasons=(not_from_origin,)))
            continue
        reasons = limit_problems(parcel, method.limits, rates)
        zone = method.zone_for(destination)
        if zone is None:
            not_to_country = not_to_country or (
                "not_to_country",
                _("Does not deliver to %(country)s.") % {"country": countries.name(destination)},
            )
            reasons.append(not_to_country)
        if reasons:
            unavailable.append(Unavailable(method=method, reasons=tuple(reasons)))
            continue
        cost = convert(zone.rate.price(parcel.weight_grams), zone.rate.first_price.currency.code, rates=rates)
        ready = parcel.processing_days + handling
        offers.append(
            Offer(
                method=method,
                zone=zone.name,
                cost=cost,
                display_cost=convert(cost, currency, rates=rates),
                delivery_from=add_business_days(today, ready + zone.transit_days[0]),
                delivery_to=add_business_days(today, ready + zone.transit_days[1]),
                protection_days=min(method.protection_days, cap),
                list_cost=cost,
            )
        )
    offers.sort(key=lambda o: (o.display_cost.amount, o.delivery_to, o.method.code))
    if offers and template is not None and template.free_to(destination, order_value, rates):
        cheapest = offers[0]
        offers[0] = replace(
            cheapest,
            cost=cheapest.cost * 0,
            display_cost=convert(cheapest.cost * 0, currency, rates=rates),
            free=True,
        )
    return Quote(offers=tuple(offers), unavailable=tuple(unavailable))
