"""Exchange-rate feeds: the ECB's daily reference rates (eurofxref XML), the
Central Bank of Russia's daily rates (XML_daily.asp: RUB and the currencies of
Russia's neighbours and trading partners, which the ECB does not publish), and
the offline seed file shipped in marketplace/data/. Every rate is stored as
units of the currency per EUR."""

import datetime as dt
import json
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

ECB_NS = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}"
SEED_FILE = Path(__file__).resolve().parent / "data" / "exchange_rates_seed.json"


class RateFeedError(Exception):
    """The feed did not parse as a rate file (not worth retrying soon)."""


class RateFeedUnavailable(RateFeedError):
    """The feed could not be fetched (transient: retry with backoff)."""


@dataclass(frozen=True)
class RateQuote:
    currency: str
    rate: Decimal
    effective_date: dt.date


def parse_ecb_xml(payload: bytes) -> list[RateQuote]:
    """Parse eurofxref-daily.xml. Raises RateFeedError on anything malformed:
    a half-read feed must never replace good rates."""
    try:
        root = fromstring(payload)
    except (ParseError, DefusedXmlException) as exc:
        raise RateFeedError(f"ECB feed is not well-formed XML: {exc}") from exc
    day_cube = root.find(f"{ECB_NS}Cube/{ECB_NS}Cube[@time]")
    if day_cube is None:
        raise RateFeedError("ECB feed has no dated Cube element.")
    try:
        day = dt.date.fromisoformat(day_cube.get("time", ""))
    except ValueError as exc:
        raise RateFeedError(f"ECB feed has a bad date: {day_cube.get('time')!r}") from exc
    quotes = []
    for cube in day_cube.findall(f"{ECB_NS}Cube"):
        code, raw = cube.get("currency", ""), cube.get("rate", "")
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise RateFeedError(f"ECB feed has a bad currency code: {code!r}")
        try:
            rate = Decimal(raw)
        except InvalidOperation as exc:
            raise RateFeedError(f"ECB feed has a bad rate for {code}: {raw!r}") from exc
        if not rate.is_finite() or rate <= 0:
            raise RateFeedError(f"ECB feed has a non-positive rate for {code}: {raw!r}")
        quotes.append(RateQuote(code, rate, day))
    if not quotes:
        raise RateFeedError("ECB feed lists no rates.")
    return quotes


def _cbr_decimal(raw: str | None, what: str) -> Decimal:
    try:
        value = Decimal((raw or "").strip().replace(",", "."))
    except InvalidOperation as exc:
        raise RateFeedError(f"CBR feed has a bad {what}: {raw!r}") from exc
    if not value.is_finite() or value <= 0:
        raise RateFeedError(f"CBR feed has a non-positive {what}: {raw!r}")
    return value


def parse_cbr_xml(payload: bytes) -> list[RateQuote]:
    """Parse the CBR's XML_daily.asp (windows-1251; `Value` roubles for `Nominal`
    units of each currency, decimal commas) into EUR-based quotes: RUB per EUR is
    the EUR line's value, and X per EUR is (RUB per EUR) / (RUB per X). Raises
    RateFeedError on anything malformed, so a half-read feed replaces nothing."""
    try:
        root = fromstring(payload)
    except (ParseError, DefusedXmlException) as exc:
        raise RateFeedError(f"CBR feed is not well-formed XML: {exc}") from exc
    if root.tag != "ValCurs":
        raise RateFeedError(f"CBR feed's root is {root.tag!r}, not ValCurs.")
    try:
        day = dt.datetime.strptime(root.get("Date", ""), "%d.%m.%Y").date()
    except ValueError as exc:
        raise RateFeedError(f"CBR feed has a bad date: {root.get('Date')!r}") from exc
    roubles_per_unit = {}
    for valute in root.findall("Valute"):
        code = (valute.findtext("CharCode") or "").strip()
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise RateFeedError(f"CBR feed has a bad currency code: {code!r}")
        nominal = _cbr_decimal(valute.findtext("Nominal"), f"nominal for {code}")
        roubles_per_unit[code] = _cbr_decimal(valute.findtext("Value"), f"rate for {code}") / nominal
    if "EUR" not in roubles_per_unit:
        raise RateFeedError("CBR feed has no EUR rate to convert through.")
    per_eur = roubles_per_unit.pop("EUR")
    quotes = [RateQuote("RUB", per_eur, day)]
    quotes += [RateQuote(code, per_eur / roubles, day) for code, roubles in sorted(roubles_per_unit.items())]
    return quotes


def _fetch(url: str, *, timeout: float, name: str) -> bytes:
    if urlsplit(url).scheme not in ("http", "https"):
        raise RateFeedError(f"Exchange-rate feed URL must be http(s): {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": "Caravan exchange-rate refresh"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            return response.read(2_000_000)
    except OSError as exc:  # URLError, HTTPError, timeouts
        raise RateFeedUnavailable(f"{name} feed could not be fetched from {url}: {exc}") from exc


def fetch_ecb(url: str, *, timeout: float) -> list[RateQuote]:
    return parse_ecb_xml(_fetch(url, timeout=timeout, name="ECB"))


def fetch_cbr(url: str, *, timeout: float) -> list[RateQuote]:
    return parse_cbr_xml(_fetch(url, timeout=timeout, name="CBR"))


def load_seed() -> list[RateQuote]:
    """The offline seed: EUR-based rates for every display and settlement currency."""
    data = json.loads(SEED_FILE.read_text())
    day = dt.date.fromisoformat(data["effective_date"])
    return [RateQuote(code, Decimal(rate), day) for code, rate in data["rates"].items()]
