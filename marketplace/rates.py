"""Exchange-rate feeds: the ECB's daily reference rates (eurofxref XML) and the
offline seed file shipped in marketplace/data/."""

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


def fetch_ecb(url: str, *, timeout: float) -> list[RateQuote]:
    if urlsplit(url).scheme not in ("http", "https"):
        raise RateFeedError(f"Exchange-rate feed URL must be http(s): {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": "Caravan exchange-rate refresh"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            payload = response.read(2_000_000)
    except OSError as exc:  # URLError, HTTPError, timeouts
        raise RateFeedUnavailable(f"ECB feed could not be fetched from {url}: {exc}") from exc
    return parse_ecb_xml(payload)


def load_seed() -> list[RateQuote]:
    """The offline seed: EUR-based rates for every display and settlement currency."""
    data = json.loads(SEED_FILE.read_text())
    day = dt.date.fromisoformat(data["effective_date"])
    return [RateQuote(code, Decimal(rate), day) for code, rate in data["rates"].items()]
