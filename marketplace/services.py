"""State-changing operations of the core app: people and exchange rates."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .errors import DomainError
from .models import ExchangeRate, ExchangeRateSource, User
from .pagecache import storefront_changed
from .rates import RateFeedError, RateQuote, fetch_cbr, fetch_ecb, load_seed
from .selectors import RATES_CACHE_KEY

logger = logging.getLogger(__name__)


@transaction.atomic
def exchange_rates_store(*, quotes: Iterable[RateQuote], source: str) -> int:
    """Store a batch of quotes from one source, all or nothing.

    Idempotent: the same (currency, source, day) is updated, not duplicated.
    Clears the current-rates cache on commit. Returns the number of quotes.
    """
    now = timezone.now()
    count = 0
    for quote in quotes:
        ExchangeRate.objects.update_or_create(
            base_currency=settings.CARAVAN_RATES_BASE_CURRENCY,
            currency=quote.currency,
            source=source,
            effective_date=quote.effective_date,
            defaults={"rate": quote.rate, "fetched_at": now},
        )
        count += 1
    transaction.on_commit(lambda: cache.delete(RATES_CACHE_KEY))
    storefront_changed()  # prices are shown converted
    return count


def exchange_rates_seed() -> int:
    """Load the shipped offline rate file (safe to run any number of times)."""
    return exchange_rates_store(quotes=load_seed(), source=ExchangeRateSource.SEED)


def _exchange_rates_refresh(*, source: str, fetch, url: str, currencies=None) -> int:
    """Fetch one feed and store its quotes (only `currencies`, when given).

    The network call happens outside any transaction. A feed that cannot be
    fetched or parsed raises RateFeedError and leaves the stored rates as they were.
    """
    try:
        quotes = fetch(url, timeout=settings.CARAVAN_RATES_TIMEOUT_SECONDS)
    except RateFeedError:
        logger.exception("Exchange-rate refresh failed (%s feed); keeping the stored rates", source.upper())
        raise
    if currencies is not None:
        quotes = [quote for quote in quotes if quote.currency in currencies]
    count = exchange_rates_store(quotes=quotes, source=source)
    logger.info(
        "Stored %d %s exchange rates for %s", count, source.upper(), quotes[0].effective_date if quotes else "-"
    )
    return count


def exchange_rates_refresh_from_ecb(*, url: str | None = None) -> int:
    """The ECB's daily reference rates (see _exchange_rates_refresh)."""
    return _exchange_rates_refresh(source=ExchangeRateSource.ECB, fetch=fetch_ecb,
                                   url=url or settings.CARAVAN_ECB_RATES_URL)  # fmt: skip


def exchange_rates_refresh_from_cbr(*, url: str | None = None) -> int:
    """The Central Bank of Russia's daily rates, only settings.CARAVAN_CBR_CURRENCIES
    (RUB and the currencies the ECB does not publish), per EUR through the feed's
    own EUR line (see _exchange_rates_refresh)."""
    return _exchange_rates_refresh(source=ExchangeRateSource.CBR, fetch=fetch_cbr,
                                   url=url or settings.CARAVAN_CBR_RATES_URL,
                                   currencies=set(settings.CARAVAN_CBR_CURRENCIES))  # fmt: skip


def user_sign_up(
    *, email: str, password: str, full_name: str = "", language: str = "", currency: str = "", country: str = ""
) -> User:
    """Create a buyer account. Raises DomainError naming the field on bad input."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("An account with this email address already exists.", field="email")
    user = User(
        email=email,
        full_name=full_name,
        language=language or settings.LANGUAGE_CODE,
        currency=currency or settings.CARAVAN_DEFAULT_CURRENCY,
        country=country,
    )
    try:
        password_validation.validate_password(password, user)
    except Exception as exc:  # ValidationError: a list of messages
        raise DomainError(" ".join(getattr(exc, "messages", [str(exc)])), field="password") from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
    return user


def user_profile_update(
    *,
    user: User,
    full_name: str | None = None,
    language: str | None = None,
    currency: str | None = None,
    country: str | None = None,
) -> User:
    """Save name, display language, currency and ship-to country (each only if
    given). Every value is checked before any is set: a bad one changes nothing."""
    from django_countries import countries

    if language is not None and language not in dict(settings.LANGUAGES):
        raise DomainError("This language is not offered.", field="language")
    if currency is not None and currency not in settings.CARAVAN_DISPLAY_CURRENCIES:
        raise DomainError("Prices cannot be shown in this currency.", field="currency")
    if country and country not in countries:
        raise DomainError("Unknown country.", field="country")
    changes = {
        "full_name": full_name.strip()[:150] if full_name is not None else None,
        "language": language,
        "currency": currency,
        "country": country,
    }
    fields = [name for name, value in changes.items() if value is not None]
    for name in fields:
        setattr(user, name, changes[name])
    if fields:
        user.save(update_fields=fields)
    return user
