"""The one place that rounds, converts and formats money.

Amounts are Decimal with a currency attached (py-moneyed `Money`); a float is
refused. Rounding is half-up to the currency's minor unit (JPY 0, EUR 2, KWD 3)
and happens only here. Conversion goes through stored exchange rates quoted
against one base currency (EUR, as the ECB publishes them); a missing rate is an
error, never a silent 1:1.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_currency, get_currency_precision
from django.utils.translation import get_language, to_locale
from moneyed import Money

from .errors import DomainError

ROUNDING = ROUND_HALF_UP


class MissingExchangeRate(DomainError):
    code = "missing_exchange_rate"

    def __init__(self, currency: str):
        super().__init__(f"No exchange rate is stored for {currency}; prices cannot be converted to or from it.")
        self.currency = currency


def minor_units(currency: str) -> int:
    """Digits after the decimal point in the currency's minor unit (ISO 4217, via Babel/CLDR)."""
    return get_currency_precision(currency)


@lru_cache(maxsize=512)
def quantum(currency: str) -> Decimal:
    """The currency's smallest unit as a Decimal (0.01 EUR, 1 JPY, 0.001 KWD); cached, as settlement
    asks it for every line of every batch."""
    return Decimal(1).scaleb(-minor_units(currency))


def _as_decimal(amount) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Money amounts must be Decimal, never float.")
    return amount if isinstance(amount, Decimal) else Decimal(amount)


def round_money(money: Money) -> Money:
    """Round half-up to the currency's minor unit."""
    code = money.currency.code
    return Money(_as_decimal(money.amount).quantize(quantum(code), rounding=ROUNDING), code)


def money(amount, currency: str) -> Money:
    """Build a Money from a Decimal, int or string (never a float)."""
    return Money(_as_decimal(amount), currency)


def convert(value: Money, to_currency: str, *, rates: Mapping[str, Decimal] | None = None) -> Money:
    """Convert `value` into `to_currency` and round it there.

    `rates` maps a currency code to units per one base-currency unit; by default
    the current stored rates. Raises MissingExchangeRate if either side has none.
    """
    from_currency = value.currency.code
    if from_currency == to_currency:
        return round_money(value)
    if rates is None:
        from .selectors import exchange_rates_current

        rates = exchange_rates_current()
    from_rate = _rate(rates, from_currency)
    to_rate = _rate(rates, to_currency)
    amount = _as_decimal(value.amount) * _as_decimal(to_rate) / _as_decimal(from_rate)
    return round_money(Money(amount, to_currency))


def _rate(rates: Mapping[str, Decimal], currency: str) -> Decimal:
    from django.conf import settings

    if currency == settings.CARAVAN_RATES_BASE_CURRENCY:
        return Decimal(1)
    try:
        rate = rates[currency]
    except KeyError:
        raise MissingExchangeRate(currency) from None
    if rate <= 0:
        raise MissingExchangeRate(currency)
    return rate


def babel_locale(language: str | None = None) -> str:
    """Django language code ('pt-br', 'zh-hans') to a Babel locale ('pt_BR', 'zh_Hans')."""
    return to_locale(language or get_language() or "en")


def format_money(value: Money, language: str | None = None) -> str:
    """Round and format for a locale: '$1,234.50' (en), '1 234,50 ₽' (ru), 'R$ 12,50' (pt-br)."""
    rounded = round_money(value)
    code = rounded.currency.code
    return format_currency(rounded.amount, code, locale=babel_locale(language), currency_digits=True)
