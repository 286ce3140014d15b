"""Read queries of the core app."""

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from .models import ExchangeRate

RATES_CACHE_KEY = "marketplace:exchange-rates:current:v1"


def exchange_rates_current_rows() -> list[ExchangeRate]:
    """The newest stored rate row of every currency (one query)."""
    newest = ExchangeRate.objects.filter(
        base_currency=settings.CARAVAN_RATES_BASE_CURRENCY, currency=OuterRef("currency")
    ).order_by("-effective_date", "-fetched_at", "-pk")
    return list(
        ExchangeRate.objects.filter(
            base_currency=settings.CARAVAN_RATES_BASE_CURRENCY, pk=Subquery(newest.values("pk")[:1])
        ).order_by("currency")
    )


def exchange_rates_current() -> dict[str, Decimal]:
    """Currency code -> units per one base-currency unit, cached briefly.

    The cache is cleared by every service that stores rates.
    """
    rates = cache.get(RATES_CACHE_KEY)
    if rates is None:
        rates = {row.currency: row.rate for row in exchange_rates_current_rows()}
        cache.set(RATES_CACHE_KEY, {k: str(v) for k, v in rates.items()}, settings.CARAVAN_RATES_CACHE_SECONDS)
        return rates
    return {k: Decimal(v) for k, v in rates.items()}
