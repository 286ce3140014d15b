"""Source-feed import, the pure part: reading a CSV or JSON feed of
Chinese-language source listings and turning each row into the dashboard's
ListingInput, or into the list of everything wrong with it.

No database writes and no network here (listings.imports.services does both);
the same catalogue rules as the dashboard apply when the row is written,
because the import goes through listings.services.listing_create/update.
The format is documented column by column in README.md ("Source-feed import").
"""

import csv
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.errors import DomainError

from ..services import ListingInput, TierInput, VariantInput

FEED_EXTENSIONS = {".csv": "csv", ".json": "json", ".zip": "zip"}  # a zip is a data packet with its pictures
COLUMNS = [
    "source_id", "title", "description", "category", "attributes", "price_cny", "weight_g", "stock", "images",
    "variants", "lot_size", "tiers", "length_cm", "width_cm", "height_cm", "declared_value_cny", "processing_days",
    "hs_code", "language",
]  # fmt: skip
REQUIRED_COLUMNS = ["source_id", "title", "category", "price_cny", "weight_g"]
SOURCE_ID_MAX = 100
# The dashboard's field names (listings.services errors) -> the feed's column names.
SERVICE_FIELDS = {
    "price": "price_cny",
    "declared_value": "declared_value_cny",
    "weight_grams": "weight_g",
    "image": "images",
    "source_language": "language",
    "status": "source_id",
}
# Chinese keyboards type full-width separators; they mean the same.
FULL_WIDTH = str.maketrans({"：": ":", "；": ";", "，": ",", "＝": "=", "｜": "|", "／": "/", "＞": ">"})


@dataclass
class RowProblem:
    field: str
    message: str


class RowInvalid(Exception):
    """Everything wrong with one row (the row is not imported)."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


@dataclass
class FeedRow:
    """A mapped row: what listing_create/update take, plus the images to attach."""

    source_id: str
    data: ListingInput
    images: list = field(default_factory=list)  # file names or URLs (a packet's: packet.Picture)
    warnings: list[RowProblem] = field(default_factory=list)  # reported; the row is imported all the same
    category_check: bool | None = False  # the category was suggested (None: a re-import leaves the flag)
    lenient: bool = False  # a picture that cannot be had is a warning, not an error (packets)


@dataclass
class Feed:
    format: str  # "csv", "json" or "packet" (a Taobao Assistant data packet, listings.imports.packet)
    rows: list  # raw rows: dicts of column -> value (JSON items may be anything; map_row says what is wrong)
    numbers: list[int] | None = None  # each row's number where the reader's count is not the position

    def row_number(self, index: int) -> int:
        """The number a person finds the row by: in a CSV the spreadsheet row
        (the header is row 1), in JSON the item's position (from 1), in a data
        packet the spreadsheet row (the three header lines are rows 1-3)."""
        if self.numbers is not None:
            return self.numbers[index]
        return index + 2 if self.format == "csv" else index + 1


# --- the file ---------------------------------------------------------------------------


def feed_format(name: str) -> str:
    """ "csv", "json" or "zip" (a data packet) from the file name; DomainError(field="feed") for anything else."""
    suffix = Path(name or "").suffix.lower()
    if suffix not in FEED_EXTENSIONS:
        raise DomainError(
            _("Upload the feed as a .csv or .json file, or a Taobao Assistant data packet as a .zip."), field="feed"
        )
    return FEED_EXTENSIONS[suffix]


def parse_feed(data: bytes, *, format: str) -> Feed:
    """Read the whole feed; DomainError(field="feed") with what a person can fix
    when it is not UTF-8 text, not the format its name says, or has no rows.
    A data packet (format "packet") is read by listings.imports.packet."""
    if format == "packet":
        from . import packet

        read = packet.parse(data)
        return _counted(Feed(format=format, rows=read.rows, numbers=read.numbers))
    if b"\x00" in data[:4096]:
        raise DomainError(_("This file is not a text feed: upload a UTF-8 CSV or JSON file."), field="feed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            _("The feed is not UTF-8 text. Save it as “CSV UTF-8” (or JSON in UTF-8) and upload it again."),
            field="feed",
        ) from None
    rows = _parse_json(text) if format == "json" else _parse_csv(text)
    return _counted(Feed(format=format, rows=rows))


def _counted(feed: Feed) -> Feed:
    rows = feed.rows
    if not rows:
        raise DomainError(_("The feed has no rows."), field="feed")
    if len(rows) > settings.CARAVAN_IMPORT_MAX_ROWS:
        raise DomainError(
            _("The feed has %(n)s rows; one import takes at most %(max)s. Split it into several files.")
            % {"n": f"{len(rows):,}", "max": f"{settings.CARAVAN_IMPORT_MAX_ROWS:,}"},
            field="feed",
        )
    return feed


# A JSON string, escapes included (its brackets are text, not nesting).
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_too_deep(text: str, limit: int) -> bool:
    """Whether arrays/objects nest deeper than `limit`. Checked before json.loads, whose
    recursion a feed of 100,000 `[` would exhaust (RecursionError: a 500, not a message)."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _parse_json(text: str) -> list:
    limit = settings.CARAVAN_IMPORT_MAX_JSON_DEPTH
    if _json_too_deep(text, limit):
        raise DomainError(
            _("The JSON nests lists and objects more than %(max)s levels deep; a feed needs only a few.")
            % {"max": limit},
            field="feed",
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DomainError(
            _("The JSON cannot be read (line %(line)s, column %(col)s: %(why)s).")
            % {"line": exc.lineno, "col": exc.colno, "why": exc.msg},
            field="feed",
        ) from None
    if isinstance(document, dict):
        document = document.get("items", document.get("listings"))
    if not isinstance(document, list):
        raise DomainError(_("A JSON feed is a list of listings (or an object with an “items” list)."), field="feed")
    return document


def _parse_csv(text: str) -> list:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise DomainError(_("The CSV is empty: the first line must name the columns."), field="feed")
        names = [cell.strip().lower() for cell in header]
        duplicates = sorted({name for name in names if name and names.count(name) > 1})
        if duplicates:
            raise DomainError(
                _("The header names a column twice: %(cols)s.") % {"cols": ", ".join(duplicates)}, field="feed"
            )
        missing = [name for name in REQUIRED_COLUMNS if name not in names]
        if missing:
            raise DomainError(
                _("The CSV header lacks the required columns %(cols)s (found: %(found)s).")
                % {"cols": ", ".join(missing), "found": ", ".join(n for n in names if n)[:300]},
                field="feed",
            )
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            row = dict(zip(names, cells, strict=False))
            if len(cells) > len(names):
                row[None] = cells[len(names) :]
            rows.append(row)
    except csv.Error as exc:
        raise DomainError(
            _("The CSV cannot be read (line %(line)s: %(why)s).") % {"line": reader.line_num, "why": exc},
            field="feed",
        ) from None
    return rows


def duplicate_source_ids(feed: Feed, upto: int) -> dict[int, int]:
    """{row index: row number of the first row with the same source_id}, for the rows before `upto`."""
    first: dict[str, int] = {}
    dupes: dict[int, int] = {}
    for index, raw in enumerate(feed.rows[:upto]):
        source_id = _text(raw.get("source_id")) if isinstance(raw, dict) else ""
        if not source_id:
            continue
        if source_id in first:
            dupes[index] = feed.row_number(first[source_id])
        else:
            first[source_id] = index
    return dupes


# --- categories --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def source_categories() -> dict[str, str]:
    """Source category path -> Caravan sub-category slug (listings/data/source_categories.json)."""
    document = json.loads((Path(__file__).parent.parent / "data" / "source_categories.json").read_text())
    return {category_key(path): slug for path, slug in document["categories"].items()}


def category_key(path: str) -> str:
    """One spelling of a category path: "女装 > 连衣裙", "女装/连衣裙 " -> "女装/连衣裙"."""
    parts = re.split(r"\s*[/>]\s*", str(path).translate(FULL_WIDTH).strip())
    return "/".join(part.strip().lower() for part in parts if part.strip())


# --- a row ---------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(value)
    return str(value).strip() if isinstance(value, str) else ""


def _decimal(value) -> Decimal | None:
    """A decimal from a cell or a JSON number (via its text, never binary float maths)."""
    if isinstance(value, bool):
        return None
    text = _text(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _integer(value) -> int | None:
    number = _decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _pairs(value, *, name: str, problems: list[RowProblem]) -> dict[str, str]:
    """ "材质:雪纺;季节:夏季" (or a JSON object) -> {"材质": "雪纺", "季节": "夏季"}."""
    if isinstance(value, dict):
        return {_text(k) or str(k): _text(v) for k, v in value.items() if _text(v)}
    text = _text(value).translate(FULL_WIDTH)
    result = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, sep, val = part.partition(":")
        if not sep or not key.strip() or not val.strip():
            problems.append(RowProblem(name, _("“%(part)s” is not a key:value pair.") % {"part": part[:60]}))
            continue
        result[key.strip()] = val.strip()
    return result


def _list(value) -> list:
    if isinstance(value, list):
        return value
    text = _text(value).translate(FULL_WIDTH)
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def _options(value, *, name: str, problems: list[RowProblem]) -> dict[str, str]:
    if isinstance(value, dict):
        return {_text(k): _text(v) for k, v in value.items() if _text(k) and _text(v)}
    result = {}
    for part in filter(None, (p.strip() for p in _text(value).translate(FULL_WIDTH).split(","))):
        key, sep, val = part.partition("=")
        if not sep or not key.strip() or not val.strip():
            problems.append(RowProblem(name, _("Write options as name=value, e.g. 颜色=红色,尺码=M.")))
            continue
        result[key.strip()] = val.strip()
    return result


def _variants(value, *, to_seller, problems: list[RowProblem]) -> list[VariantInput]:
    """CSV: "SKU|颜色=红色,尺码=M|stock|price_cny" entries separated by ";" (price optional);
    JSON: a list of {"sku", "options", "stock", "price_cny"}."""
    result = []
    for index, entry in enumerate(_list(value)):
        where = f"variants.{index}"
        if isinstance(entry, dict):
            sku, options = entry.get("sku"), entry.get("options")
            stock, price = entry.get("stock"), entry.get("price_cny")
        elif isinstance(entry, str):
            cells = [cell.strip() for cell in entry.split("|")]
            if len(cells) not in (3, 4):
                problems.append(RowProblem(where, _("Write a variant as SKU|name=value,...|stock|price_cny.")))
                continue
            sku, options, stock = cells[0], cells[1], cells[2]
            price = cells[3] if len(cells) == 4 else None
        else:
            problems.append(RowProblem(where, _("A variant is an object with sku, options, stock and price_cny.")))
            continue
        stock_value = _integer(stock)
        if stock_value is None or stock_value < 0:
            problems.append(RowProblem(f"{where}.stock", _("Stock is a whole number of lots, 0 or more.")))
            continue
        price_value = None
        if _text(price):
            amount = _decimal(price)
            if amount is None or amount <= 0:
                problems.append(RowProblem(f"{where}.price_cny", _("A variant price must be a number above zero.")))
                continue
            price_value = to_seller(amount)
        result.append(
            VariantInput(
                sku=_text(sku),
                options=_options(options, name=f"{where}.options", problems=problems),
                stock=stock_value,
                price_override=price_value,
            )
        )
    return result


def _tiers(value, *, to_seller, problems: list[RowProblem]) -> list[TierInput]:
    """CSV: "1-9:89;10-49:79;50+:69" (lots: price_cny per lot); JSON: a list of
    {"min_lots", "max_lots", "price_cny"}."""
    result = []
    for index, entry in enumerate(_list(value)):
        where = f"tiers.{index}"
        if isinstance(entry, dict):
            low, high, price = _integer(entry.get("min_lots")), entry.get("max_lots"), _decimal(entry.get("price_cny"))
            high = None if high in (None, "") else _integer(high)
            bad_range = low is None or (entry.get("max_lots") not in (None, "") and high is None)
        elif isinstance(entry, str):
            match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)|(\+))\s*:\s*(\S+)\s*", entry.translate(FULL_WIDTH))
            bad_range = match is None
            low, high, price = (
                (int(match[1]), int(match[2]) if match[2] else None, _decimal(match[4])) if match else (None,) * 3
            )
        else:
            bad_range, low, high, price = True, None, None, None
        if bad_range:
            problems.append(RowProblem(where, _("Write a tier as 1-9:89 or 50+:69 (lots: price per lot in CNY).")))
            continue
        if price is None or price <= 0:
            problems.append(RowProblem(f"{where}.price_cny", _("Each tier needs a price above zero.")))
            continue
        result.append(TierInput(min_lots=low, max_lots=high, unit_price=to_seller(price)))
    return result


def _description(value) -> str:
    """HTML passes to the sanitiser as is; plain text becomes paragraphs."""
    text = _text(value)
    if not text or "<" in text:
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


# The messages every row may need, translated only when a row does (gettext per row and field was
# a tenth of an import's time).
NEED_SOURCE_ID = gettext_lazy("Every row needs a source_id (your own id of the item).")
NEED_TITLE = gettext_lazy("The title is missing.")
NEED_CATEGORY = gettext_lazy("The category is missing.")
NEED_PRICE = gettext_lazy("The price is missing.")
NEED_WEIGHT = gettext_lazy("The package weight (grams) is missing.")
BAD_LOT_SIZE = gettext_lazy("A lot has between 1 and 10,000 pieces.")
BAD_PROCESSING_DAYS = gettext_lazy("Processing time is 1 to 10 days.")
BAD_STOCK = gettext_lazy("Stock is a whole number of lots, 0 or more.")


def map_row(
    raw, *, categories: dict[str, int], to_seller: Callable[[Decimal], Decimal], languages: set[str]
) -> FeedRow:
    """One raw row -> FeedRow, or RowInvalid naming every bad field (by its column).

    `categories` maps category keys (source paths and Caravan slugs) to category
    ids; `to_seller` turns an amount in CNY into the seller's settlement currency."""
    if not isinstance(raw, dict):
        raise RowInvalid([RowProblem("", _("Each item of a JSON feed must be an object."))])
    raw = {str(k).strip().lower() if k is not None else None: v for k, v in raw.items()}
    problems: list[RowProblem] = []

    def need(name: str, message):
        value = raw.get(name)
        if _text(value) == "" and not isinstance(value, list | dict):
            problems.append(RowProblem(name, str(message)))
            return None
        return value

    if raw.get(None):
        problems.append(RowProblem("", _("This row has more cells than the header has columns.")))
    source_id = _text(need("source_id", NEED_SOURCE_ID))
    if len(source_id) > SOURCE_ID_MAX:
        problems.append(RowProblem("source_id", _("A source_id has at most %(n)s characters.") % {"n": SOURCE_ID_MAX}))
    title = _text(need("title", NEED_TITLE))

    category_id = None
    category = _text(need("category", NEED_CATEGORY))
    if category:
        category_id = categories.get(category_key(category))
        if category_id is None:
            problems.append(
                RowProblem(
                    "category",
                    _("Unknown category “%(c)s”: use a path from the category mapping or a Caravan sub-category.")
                    % {"c": category[:80]},
                )
            )

    price = None
    price_raw = need("price_cny", NEED_PRICE)
    if price_raw is not None:
        amount = _decimal(price_raw)
        if amount is None or amount <= 0:
            problems.append(RowProblem("price_cny", _("The price must be a number above zero, in CNY.")))
        else:
            price = to_seller(amount)

    weight = None
    weight_raw = need("weight_g", NEED_WEIGHT)
    if weight_raw is not None:
        weight = _integer(weight_raw)
        if weight is None or weight < 1:
            problems.append(RowProblem("weight_g", _("The weight must be a whole number of grams above zero.")))

    def optional_int(name: str, default: int, low: int, high: int, message) -> int:
        if _text(raw.get(name)) == "":
            return default
        number = _integer(raw.get(name))
        if number is None or not low <= number <= high:
            problems.append(RowProblem(name, str(message)))
            return default
        return number

    lot_size = optional_int("lot_size", 1, 1, 10_000, BAD_LOT_SIZE)
    processing_days = optional_int("processing_days", 5, 1, 10, BAD_PROCESSING_DAYS)
    stock = optional_int("stock", 0, 0, 2_147_483_647, BAD_STOCK)

    dims = {}
    for name, default in zip(
        ("length_cm", "width_cm", "height_cm"), settings.CARAVAN_IMPORT_DEFAULT_DIMENSIONS_CM, strict=True
    ):
        if _text(raw.get(name)) == "":
            dims[name] = Decimal(default)
            continue
        number = _decimal(raw.get(name))
        if number is None or number <= 0 or number >= 100_000:
            problems.append(RowProblem(name, _("Enter the package size in centimetres, above zero.")))
        dims[name] = number or Decimal(default)

    declared = price
    if _text(raw.get("declared_value_cny")):
        amount = _decimal(raw.get("declared_value_cny"))
        if amount is None or amount <= 0:
            problems.append(RowProblem("declared_value_cny", _("The declared value must be a number above zero.")))
        else:
            declared = to_seller(amount)

    language = _text(raw.get("language")).lower() or settings.CARAVAN_IMPORT_SOURCE_LANGUAGE
    if language in ("zh", "zh-cn"):
        language = "zh-hans"
    if language not in languages:
        problems.append(RowProblem("language", _("Unknown language “%(l)s”.") % {"l": language[:20]}))

    attributes = _pairs(raw.get("attributes"), name="attributes", problems=problems)
    variants = _variants(raw.get("variants"), to_seller=to_seller, problems=problems)
    if not variants and "variants" not in {p.field.split(".")[0] for p in problems}:
        variants = [VariantInput(sku=source_id[:64] or "default", stock=stock)]
    tiers = _tiers(raw.get("tiers"), to_seller=to_seller, problems=problems)

    images = [
        _text(i.get("url") or i.get("file")) if isinstance(i, dict) else _text(i) for i in _list(raw.get("images"))
    ]
    images = [i for i in images if i]
    if len(images) > settings.CARAVAN_IMPORT_MAX_IMAGES_PER_ROW:
        problems.append(
            RowProblem("images", _("At most %(n)s images per row.") % {"n": settings.CARAVAN_IMPORT_MAX_IMAGES_PER_ROW})
        )
    for image in images:
        if "://" in image and not image.lower().startswith(("http://", "https://")):
            problems.append(RowProblem("images", _("Image URLs must start with http:// or https://.")))

    if problems:
        raise RowInvalid(problems)
    data = ListingInput(
        category_id=category_id,
        title=title,
        price=price,
        weight_grams=weight,
        declared_value=declared,
        source_language=language,
        description=_description(raw.get("description")),
        attributes=attributes,
        lot_size=lot_size,
        processing_days=processing_days,
        hs_code=_text(raw.get("hs_code")),
        variants=variants,
        tiers=tiers,
        **dims,
    )
    return FeedRow(source_id=source_id, data=data, images=images)


def feed_field(service_field: str | None) -> str:
    """The feed column a listings.services error is about ("variants.1.price_override" -> "variants.1.price_cny")."""
    name = service_field or ""
    if name.endswith(".price_override") or name.endswith(".unit_price"):
        return name.rsplit(".", 1)[0] + ".price_cny"
    return SERVICE_FIELDS.get(name, name)
