import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.cache import cache
from moneyed import Money

from marketplace.models import ExchangeRate
from marketplace.money import convert
from marketplace.rates import RateFeedError, parse_ecb_xml
from marketplace.selectors import exchange_rates_current
from marketplace.tasks import exchange_rates_refresh_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_parse_real_format_feed(ecb_xml):
    quotes = parse_ecb_xml(ecb_xml)
    by_code = {q.currency: q for q in quotes}
    assert len(quotes) == 30
    assert by_code["USD"].rate == Decimal("1.1582")
    assert by_code["JPY"].effective_date == dt.date(2026, 11, 25)


def test_migration_seeds_every_display_currency():
    from django.conf import settings

    rates = exchange_rates_current()
    missing = set(settings.CURRENCIES) - set(rates) - {"EUR"}
    assert not missing


def test_refresh_task_stores_ecb_rates_from_the_feed(feed_server, ecb_xml):
    feed_server.body = ecb_xml
    stored = exchange_rates_refresh_task.apply(kwargs={"url": feed_server.url + "/eurofxref-daily.xml"}).get()
    assert stored == 30
    assert feed_server.requests == ["/eurofxref-daily.xml"]
    usd = ExchangeRate.objects.get(currency="USD", source="ecb")
    assert usd.rate == Decimal("1.1582")
    assert usd.effective_date == dt.date(2026, 11, 25)
    # The newest rate now wins over the seed, and conversions use it.
    assert exchange_rates_current()["USD"] == Decimal("1.1582")
    assert convert(Money("100", "EUR"), "USD") == Money("115.82", "USD")
    # RUB is not published by the ECB: the seed rate stays in use.
    assert exchange_rates_current()["RUB"] == Decimal("94.00")


def test_refresh_twice_the_same_day_is_idempotent(feed_server, ecb_xml):
    feed_server.body = ecb_xml
    exchange_rates_refresh_task.apply(kwargs={"url": feed_server.url})
    exchange_rates_refresh_task.apply(kwargs={"url": feed_server.url})
    assert ExchangeRate.objects.filter(source="ecb").count() == 30


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Service unavailable</body></html>",
        b"<?xml version='1.0'?><broken",
        b"",
        # well-formed but one bad rate: nothing of it may be stored
        b"""<?xml version="1.0"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
        xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube><Cube time='2026-11-25'>
        <Cube currency='USD' rate='1.2'/><Cube currency='JPY' rate='-3'/></Cube></Cube></gesmes:Envelope>""",
    ],
)
def test_malformed_feed_leaves_rates_untouched_and_logs(feed_server, body, caplog):
    before = list(ExchangeRate.objects.values_list("currency", "rate", "source", "effective_date"))
    feed_server.body = body
    with caplog.at_level(logging.ERROR, logger="marketplace.services"):
        result = exchange_rates_refresh_task.apply(kwargs={"url": feed_server.url})
    assert result.get() == 0
    assert list(ExchangeRate.objects.values_list("currency", "rate", "source", "effective_date")) == before
    assert any("Exchange-rate refresh failed" in r.message for r in caplog.records)


def test_unreachable_feed_is_retried_with_backoff(feed_server):
    feed_server.status = 503
    result = exchange_rates_refresh_task.apply(kwargs={"url": feed_server.url}, throw=False)
    # apply() runs the retries inline: one try plus five bounded retries, then a failure.
    assert result.state == "FAILURE"
    assert len(feed_server.requests) == 6
    assert "503" in str(result.result)
    assert ExchangeRate.objects.filter(source="ecb").count() == 0


def test_parse_rejects_feed_without_rates():
    with pytest.raises(RateFeedError):
        parse_ecb_xml(b"<?xml version='1.0'?><root/>")
