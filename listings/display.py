"""Prices in a buyer's currency and language, for pages and the API alike."""

from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.conf import settings
from django.utils.translation import get_language
from moneyed import Money

from marketplace.money import MissingExchangeRate, convert, format_money, quantum, round_money
from marketplace.selectors import exchange_rates_current

from .pricing import LineQuote, Tier, line_quote


class Prices:
    """Converts and formats money for one request: the buyer's currency and
    language, with the stored rates read once."""

    def __init__(self, currency: str, language: str | None = None):
        self.currency = currency or settings.CARAVAN_DEFAULT_CURRENCY
        self.language = language or get_language()

    @classmethod
    def for_request(cls, request) -> "Prices":
        return cls(getattr(request, "currency", "") or settings.CARAVAN_DEFAULT_CURRENCY)

    @cached_property
    def rates(self) -> dict[str, Decimal]:
        return exchange_rates_current()

    def convert(self, value: Money) -> Money:
        try:
            return convert(value, self.currency, rates=self.rates)
        except MissingExchangeRate:
            return round_money(value)  # shown in the seller's currency rather than not at all

    def quote(self, variant, lots: int, *, tiers: list[Tier] | None = None) -> LineQuote:
        """listings.pricing.line_quote in this currency, with these rates; without
        a rate for either currency the quote stays in the seller's currency, as
        `convert` shows prices rather than not at all."""
        try:
            return line_quote(variant, lots, self.currency, rates=self.rates, tiers=tiers)
        except MissingExchangeRate:
            return line_quote(variant, lots, variant.listing.price.currency.code, rates=self.rates, tiers=tiers)

    def text(self, value: Money) -> str:
        return format_money(self.convert(value), self.language)

    def original_text(self, value: Money) -> str:
        return format_money(value, self.language)

    def money(self, value: Money) -> dict:
        """Amount (string), currency and formatted text, for the API."""
        rounded = round_money(value)
        return {"amount": str(rounded.amount), "currency": rounded.currency.code,
                "formatted": format_money(rounded, self.language)}  # fmt: skip

    def both(self, value: Money) -> dict:
        """The original price and the converted one (the original if no rate)."""
        return {"original": self.money(value), "display": self.money(self.convert(value))}

    def _per_base(self, currency: str) -> Decimal:
        if currency == settings.CARAVAN_RATES_BASE_CURRENCY:
            return Decimal(1)
        return self.rates[currency]

    def bound_to_eur(self, amount: Decimal, *, upper: bool) -> Decimal | None:
        """A price bound typed in the display currency, in EUR (the unit of
        `sort_price_eur`), widened by half a minor unit of each currency so a
        listing shown as exactly the bound is inside it (the shown price is
        rounded, and so is the stored EUR sort price)."""
        half = quantum(self.currency) / 2
        amount = amount + half if upper else max(amount - half, Decimal(0))
        try:
            eur = amount * self._per_base("EUR") / self._per_base(self.currency)
        except (KeyError, ZeroDivisionError, InvalidOperation):
            return None
        half_eur = quantum("EUR") / 2
        return eur + half_eur if upper else max(eur - half_eur, Decimal(0))


# --- a listing's text in a reader's language ----------------------------------------------------


class Terms:
    """A listing's attribute names, option names and option values in a
    reader's language: `terms` is a translation's {original: translation}
    (listings.translations.listing_terms); a term without one stays original."""

    def __init__(self, terms: dict | None = None):
        self.terms = terms or {}

    def term(self, original) -> str:
        original = str(original)
        return self.terms.get(" ".join(original.split())) or original

    def option_names(self, names) -> list[dict]:
        return [{"name": self.term(name), "original": name} for name in names]

    def variant_label(self, variant, names) -> str:
        """variant.label (option values in the listing's option order) in the reader's language."""
        options = variant.options or {}
        ordered = [options[n] for n in names if n in options] + [v for k, v in options.items() if k not in names]
        return " / ".join(self.term(value) for value in ordered)

    def variant_options(self, variant, names=()) -> list[dict]:
        """The variant's options in the listing's option order (`names`), each with its original."""
        options = variant.options or {}
        ordered = [n for n in names if n in options] + [n for n in options if n not in names]
        return [
            {"name": self.term(name), "value": self.term(options[name]), "original_name": name,
             "original_value": str(options[name])}
            for name in ordered
        ]  # fmt: skip


class ListingText(Terms):
    """A listing's title, attributes and description in `language`: its
    translation when there is one (`translation`, a ListingTranslation or None),
    the original otherwise; a description without a translation stays in the
    original (`description_translated` False). Attribute names, option names
    and option values come from the translation's `terms` (Terms.term), each in
    the original where the row has no translation of it. `untranslated`: the
    reader's language is not the listing's and there is no translation yet."""

    def __init__(self, listing, language: str, translation=None):
        usable = translation is not None and language != listing.source_language
        super().__init__((translation.terms or {}) if usable else {})
        self.language = language
        self.source_language = listing.source_language
        self.translated = usable
        self.untranslated = not usable and language != listing.source_language
        self.kind = translation.kind if usable else None
        self.title = translation.title if usable else listing.title
        attributes = listing.attributes or {}
        self.attributes = (
            {name: (translation.attributes or {}).get(name) or value for name, value in attributes.items()}
            if usable
            else dict(attributes)
        )
        self.description_translated = bool(usable and translation.description)
        self.description = translation.description if self.description_translated else listing.description

    @property
    def translated_from(self) -> str | None:
        return self.source_language if self.translated else None

    def specifications(self, listing) -> list[dict]:
        """The attributes as the reader sees them, each with its original."""
        return [
            {"name": self.term(name), "value": self.attributes[name], "original_name": name,
             "original_value": str(value)}
            for name, value in (listing.attributes or {}).items()
        ]  # fmt: skip
