import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.cache import cache
from moneyed import Money

from marketplace.models import ExchangeRate
from marketplace.money import convert
from marketplace.rates import RateFeedError, parse_cbr_xml, parse_ecb_xml
from marketplace.selectors import exchange_rates_current
from marketplace.tasks import exchange_rates_refresh_cbr_task, exchange_rates_refresh_task

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


# --- the Central Bank of Russia: RUB and the currencies the ECB does not publish -------------------

CBR_FILE = "cbr-XML_daily.xml"


@pytest.fixture
def cbr_xml() -> bytes:
    from tests.conftest import DATA

    return (DATA / CBR_FILE).read_bytes()


def test_parse_the_cbr_daily_file_into_per_euro_rates(cbr_xml):
    assert cbr_xml.startswith(b'<?xml version="1.0" encoding="windows-1251"?>')  # as the CBR serves it
    by_code = {q.currency: q for q in parse_cbr_xml(cbr_xml)}
    assert by_code["RUB"].rate == Decimal("93.2410")  # roubles per euro: the EUR line itself
    assert by_code["RUB"].effective_date == dt.date(2026, 11, 25)
    assert "EUR" not in by_code
    # KZT is quoted per 100 tenge: 93.2410 / (15.4880 / 100) tenge per euro.
    assert by_code["KZT"].rate.quantize(Decimal("0.0001")) == Decimal("602.0209")
    # UZS per 10,000: 93.2410 / (66.7350 / 10000).
    assert by_code["UZS"].rate.quantize(Decimal("0.01")) == Decimal("13971.83")
    assert by_code["AED"].rate.quantize(Decimal("0.0001")) == Decimal("4.2538")


def test_cbr_refresh_stores_its_currencies_only_and_rub_replaces_the_seed(feed_server, cbr_xml):
    from django.conf import settings

    feed_server.body = cbr_xml
    stored = exchange_rates_refresh_cbr_task.apply(kwargs={"url": feed_server.url + "/scripts/XML_daily.asp"}).get()
    codes = set(ExchangeRate.objects.filter(source="cbr").values_list("currency", flat=True))
    assert stored == len(codes) and codes <= set(settings.CARAVAN_CBR_CURRENCIES)
    assert {"RUB", "KZT", "UAH", "VND", "EGP", "AED", "BYN"} <= codes
    assert not codes & {"USD", "CNY", "TRY", "GBP", "INR", "BRL"}  # the ECB's currencies stay the ECB's
    rub = ExchangeRate.objects.get(currency="RUB", source="cbr")
    assert (rub.rate, rub.effective_date) == (Decimal("93.2410000000"), dt.date(2026, 11, 25))
    assert exchange_rates_current()["RUB"] == Decimal("93.2410")  # newer than the 2025 seed rate
    assert convert(Money("10", "EUR"), "RUB") == Money("932.41", "RUB")
    # Twice the same day: the same rows, not new ones.
    exchange_rates_refresh_cbr_task.apply(kwargs={"url": feed_server.url})
    assert ExchangeRate.objects.filter(source="cbr").count() == len(codes)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Temporarily unavailable</body></html>",
        b"",
        # well-formed, but without the EUR line to convert through: nothing may be stored
        '<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="25.11.2026" name="x"><Valute ID="R01235">'
        "<NumCode>840</NumCode><CharCode>USD</CharCode><Nominal>1</Nominal><Name>Доллар США</Name>"
        "<Value>80,5020</Value></Valute></ValCurs>".encode("cp1251"),
        # a bad nominal
        '<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="25.11.2026" name="x"><Valute ID="R01239">'
        "<NumCode>978</NumCode><CharCode>EUR</CharCode><Nominal>0</Nominal><Name>Евро</Name>"
        "<Value>93,2410</Value></Valute></ValCurs>".encode("cp1251"),
    ],
)
def test_a_bad_cbr_feed_leaves_rates_untouched(feed_server, body, caplog):
    before = list(ExchangeRate.objects.values_list("currency", "rate", "source", "effective_date"))
    feed_server.body = body
    with caplog.at_level(logging.ERROR, logger="marketplace.services"):
        assert exchange_rates_refresh_cbr_task.apply(kwargs={"url": feed_server.url}).get() == 0
    assert list(ExchangeRate.objects.values_list("currency", "rate", "source", "effective_date")) == before
    assert any("Exchange-rate refresh failed (CBR feed)" in r.message for r in caplog.records)


def test_an_unreachable_cbr_feed_is_retried_with_backoff(feed_server):
    feed_server.status = 502
    result = exchange_rates_refresh_cbr_task.apply(kwargs={"url": feed_server.url}, throw=False)
    assert result.state == "FAILURE" and len(feed_server.requests) == 6
    assert not ExchangeRate.objects.filter(source="cbr").exists()
