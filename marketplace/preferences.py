"""Resolving a visitor's display language, currency and ship-to country.

Order of precedence: the saved profile of a logged-in person, then the session
(or the language cookie), then a guess from the Accept-Language header, then the
site defaults.
"""

import datetime as dt

from babel.numbers import get_territory_currencies
from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header
from django_countries import countries

SESSION_CURRENCY = "caravan_currency"
SESSION_COUNTRY = "caravan_country"


def country_from_accept_language(header: str) -> str:
    """'pt-BR,pt;q=0.9' -> 'BR'; '' when no region is named."""
    for lang, _q in parse_accept_lang_header(header or ""):
        parts = lang.replace("_", "-").split("-")
        for part in parts[1:]:
            if len(part) == 2 and part.upper() in countries:
                return part.upper()
    return ""


def currency_for_country(country: str) -> str:
    """The country's own currency if prices can be shown in it, else the default."""
    if country:
        for code in get_territory_currencies(country, dt.date.today()):
            if code in settings.CARAVAN_DISPLAY_CURRENCIES:
                return code
    return settings.CARAVAN_DEFAULT_CURRENCY


def resolve_country(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.country:
        return user.country.code
    country = request.session.get(SESSION_COUNTRY, "")
    if country in countries:
        return country
    return country_from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or (
        settings.CARAVAN_DEFAULT_COUNTRY
    )


def resolve_currency(request, country: str) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.currency in settings.CARAVAN_DISPLAY_CURRENCIES:
        return user.currency
    currency = request.session.get(SESSION_CURRENCY, "")
    if currency in settings.CARAVAN_DISPLAY_CURRENCIES:
        return currency
    return currency_for_country(country)
