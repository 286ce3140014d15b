"""How orders read for a person: deadlines in the reader's clock and words."""

import zoneinfo
from datetime import datetime

from babel.core import get_global
from babel.dates import format_datetime
from django.conf import settings
from django.utils import timezone

from marketplace.money import babel_locale


def country_timezone(country: str) -> zoneinfo.ZoneInfo:
    """The main time zone of a country (settings for countries with several,
    CLDR's list otherwise), UTC when unknown."""
    name = settings.CARAVAN_COUNTRY_TIMEZONES.get(country or "")
    if name is None:
        zones = get_global("territory_zones").get(country or "", [])
        name = zones[0] if zones else "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def reader_timezone(user, fallback_country: str = "") -> zoneinfo.ZoneInfo:
    country = getattr(getattr(user, "country", None), "code", "") or fallback_country
    return country_timezone(country)


def deadline_text(when: datetime, *, tz, language: str, now: datetime | None = None) -> str:
    """'14:05 tomorrow', '14:05 today', else the date and time, in the reader's zone and language."""
    from django.utils import translation

    now = now or timezone.now()
    local, today = when.astimezone(tz), now.astimezone(tz).date()
    locale = babel_locale(language)
    clock = format_datetime(local, format="HH:mm", tzinfo=tz, locale=locale)
    with translation.override(language):
        if local.date() == today:
            return translation.gettext("%(time)s today") % {"time": clock}
        if (local.date() - today).days == 1:
            return translation.gettext("%(time)s tomorrow") % {"time": clock}
    return format_datetime(local, "medium", tzinfo=tz, locale=locale)
