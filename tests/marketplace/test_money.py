from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from marketplace.models import ExchangeRate
from marketplace.money import (
    MissingExchangeRate,
    convert,
    format_money,
    minor_units,
    money,
    round_money,
)

RATES = {
    "USD": Decimal("1.1582"),
    "JPY": Decimal("181.12"),
    "KWD": Decimal("0.3560"),
    "BRL": Decimal("6.2117"),
    "CNY": Decimal("8.2113"),
    "RUB": Decimal("94.00"),
    "TRY": Decimal("49.2114"),
}


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1.005", "EUR", "1.01"),  # half-up, not banker's rounding
        ("1.015", "EUR", "1.02"),
        ("2.5", "JPY", "3"),
        ("3.5", "JPY", "4"),
        ("1.0005", "KWD", "1.001"),
        ("-1.005", "EUR", "-1.01"),
        ("10", "EUR", "10.00"),
    ],
)
def test_round_money_half_up_to_minor_unit(amount, currency, expected):
    result = round_money(Money(Decimal(amount), currency))
    assert result.amount == Decimal(expected)
    assert str(result.amount) == expected  # the exponent is the currency's minor unit


def test_minor_units_per_currency():
    assert (minor_units("JPY"), minor_units("EUR"), minor_units("KWD"), minor_units("CNY")) == (0, 2, 3, 2)


def test_float_is_refused():
    with pytest.raises(TypeError):
        money(1.1, "EUR")
    with pytest.raises(TypeError):
        convert(Money("1", "EUR"), "USD", rates={"USD": 1.1})


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", Money("1234.5", "USD"), "$1,234.50"),
        ("en", Money("1234.5", "JPY"), "¥1,235"),
        ("ru", Money("1234.5", "RUB"), "1\xa0234,50\xa0₽"),
        ("zh-hans", Money("1234.5", "CNY"), "¥1,234.50"),
        ("tr", Money("1234.5", "TRY"), "₺1.234,50"),
        ("pt-br", Money("1234.5", "BRL"), "R$\xa01.234,50"),
        ("fr", Money("1234.5", "EUR"), "1\u202f234,50\xa0€"),
        ("en", Money("1.2345", "KWD"), "KWD1.235"),
    ],
)
def test_format_money_per_locale(language, value, expected):
    assert format_money(value, language) == expected


def test_convert_through_base_currency():
    # 100 USD -> EUR -> BRL: 100 / 1.1582 * 6.2117 = 536.3236...
    assert convert(Money("100", "USD"), "BRL", rates=RATES) == Money("536.32", "BRL")
    assert convert(Money("100", "EUR"), "JPY", rates=RATES) == Money("18112", "JPY")
    assert convert(Money("18112", "JPY"), "EUR", rates=RATES) == Money("100.00", "EUR")
    assert convert(Money("9.999", "EUR"), "EUR", rates=RATES) == Money("10.00", "EUR")


def test_convert_missing_rate_is_a_clear_error():
    with pytest.raises(MissingExchangeRate) as excinfo:
        convert(Money("10", "USD"), "XAF", rates=RATES)
    assert "XAF" in str(excinfo.value)
    with pytest.raises(MissingExchangeRate):
        convert(Money("10", "XAF"), "USD", rates=RATES)


def test_mixed_currency_arithmetic_raises():
    with pytest.raises(TypeError):
        Money("1", "EUR") + Money("1", "USD")


@pytest.mark.django_db
def test_convert_uses_the_newest_stored_rate():
    import datetime as dt

    from django.core.cache import cache

    cache.clear()
    ExchangeRate.objects.create(currency="XTS", rate=Decimal("2"), source="manual", effective_date=dt.date(2026, 1, 1))
    ExchangeRate.objects.create(currency="XTS", rate=Decimal("4"), source="manual", effective_date=dt.date(2026, 2, 1))
    assert convert(Money("10", "EUR"), "XTS") == Money("40.00", "XTS")


currencies = st.sampled_from([*sorted(RATES), "EUR"])


@given(
    amount=st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000000"), allow_nan=False, places=6),
    source=currencies,
    target=currencies,
)
def test_convert_never_has_more_places_than_the_target_allows(amount, source, target):
    result = convert(Money(amount, source), target, rates=RATES)
    assert result.currency.code == target
    assert -result.amount.as_tuple().exponent <= minor_units(target)
    assert result.amount >= 0
