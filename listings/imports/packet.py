"""Taobao Assistant (淘宝助理) data packets, the pure part: recognising the
tool's CSV among uploads, reading it in whichever encoding it was written,
and turning one of its rows into the same ListingInput as a Caravan feed row
(listings.imports.parse), with the row's warnings.

The format (README "Taobao Assistant data packets"): line 1 `version 1.00`,
line 2 the English field names, line 3 the Chinese ones, then one item per
row; UTF-16LE with a BOM and tab-separated as the tool writes it, GBK or
UTF-8 (tab- or comma-separated) as other store-moving tools do. Cells are
quoted like CSV; descriptions hold HTML with newlines. The pictures are in a
folder named like the CSV, `<name>.tbi` (JPEG bytes), named by the `picture`
cell. Reference data (category ids, property and value names, the keyword
rules that suggest a category) is listings/data/taobao_packet.json.

No database and no network here: listings.imports.services looks categories
up, translates titles for a suggestion and reads the pictures.
"""

import codecs
import csv
import html
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.errors import DomainError

from ..sanitize import sanitize_description
from ..services import ListingInput, VariantInput
from .parse import FeedRow, RowInvalid, RowProblem, _decimal, _integer, _text

FORMAT = "packet"
VERSION_LINE = re.compile(r'\s*"?version\s+\d', re.IGNORECASE)
HEADER_LINES = 3  # "version 1.00", the English field names, the Chinese ones
REQUIRED_FIELDS = ["title", "price"]
PICTURE_EXTENSIONS = (".tbi", ".jpg", ".jpeg", ".png", ".webp")
MAIN_PICTURE, COLOUR_PICTURE = "1", "2"
# listings.services' field names -> the packet's, for the row report.
SERVICE_FIELDS = {
    "price": "price",
    "declared_value": "price",
    "weight_grams": "item_weight",
    "image": "picture",
    "category": "cid",
    "attributes": "cateProps",
    "variants": "skuProps",
    "status": "outer_id",
}


@dataclass(frozen=True)
class Picture:
    """One picture a row names: the file's name in the picture folder (no
    extension), the URL the tool noted (may be empty), and the variant's
    option values for a colour picture."""

    name: str
    url: str = ""
    colour: str = ""

    def __str__(self) -> str:
        return self.name


# --- reference data ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def reference() -> dict:
    return json.loads((Path(__file__).parent.parent / "data" / "taobao_packet.json").read_text(encoding="utf-8"))


def cid_slugs() -> dict[str, str]:
    """Taobao leaf category id -> Caravan sub-category slug."""
    return reference()["cids"]


def _words(text: str) -> set[str]:
    """The words of an English title with their singular guesses ("dresses" -> also "dress")."""
    words = set()
    for word in re.findall(r"[a-z0-9][a-z0-9'-]*", text.lower()):
        words.add(word)
        if word.endswith("es"):
            words.add(word[:-2])
        if word.endswith("s"):
            words.add(word[:-1])
    return words


def suggest_slug(english: str, chinese: str) -> str | None:
    """The sub-category slug a title suggests: the first keyword rule whose every
    word is in the English title, else the first Chinese keyword in the original
    title, else None."""
    rules = reference()["suggest"]
    words = _words(english or "")
    for keywords, slug in rules["en"]:
        if all(word in words for word in keywords.split()):
            return slug
    for keyword, slug in rules["zh"]:
        if keyword in (chinese or ""):
            return slug
    return None


# --- the file ---------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The packet's text in whichever encoding the tool wrote: UTF-16 (BOM or
    not), UTF-8 (BOM or not), else GBK (read as GB18030, its superset)."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    head = data[:400]
    if head.count(b"\x00") * 4 > len(head):  # UTF-16 without a BOM: ASCII with a NUL beside each letter
        odd = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        return data.decode("utf-16-le" if odd else "utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise DomainError(
            _("The data packet's CSV is in no encoding we know (UTF-16, UTF-8 or GBK). Export it again."),
            field="feed",
        ) from None


def looks_like_packet(data: bytes) -> bool:
    """Whether a CSV is a Taobao Assistant packet: its first line is `version <number>`
    (a Caravan CSV starts with its column names). Only the first few KB are read."""
    head = data[:8192]
    if len(data) > len(head) and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Not cut inside a character: a newline byte is never part of a GBK or UTF-8 sequence.
        head = head[: head.rfind(b"\n") + 1] or head
    try:
        text = decode(head)
    except DomainError:
        return False
    return bool(VERSION_LINE.match(text.lstrip("\ufeff").split("\n", 1)[0]))


@dataclass
class PacketRows:
    rows: list[dict]  # English field name (lower case) -> cell, plus "source_id"
    numbers: list[int]  # each row's line as a spreadsheet shows the file (items start at 4)


def parse(data: bytes) -> PacketRows:
    """Every item row of a packet CSV. DomainError(field="feed") when it is not one."""
    text = decode(data).lstrip("\ufeff")
    first, _newline, rest = text.partition("\n")
    if not VERSION_LINE.match(first):
        raise DomainError(
            _("This is not a Taobao Assistant data packet: its first line is not “version …”."), field="feed"
        )
    header_line = rest.split("\n", 1)[0]
    delimiter = "\t" if header_line.count("\t") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter)
    try:
        names = [cell.strip().lower() for cell in next(reader, [])]
        missing = [name for name in REQUIRED_FIELDS if name not in names]
        if missing or not ({"outer_id", "num_id"} & set(names)):
            missing += [] if {"outer_id", "num_id"} & set(names) else ["outer_id"]
            raise DomainError(
                _("The data packet's field names (line 2) lack %(cols)s.") % {"cols": ", ".join(missing)},
                field="feed",
            )
        next(reader, None)  # the Chinese field names
        rows, numbers = [], []
        line = HEADER_LINES
        for cells in reader:
            line += 1
            if not any(cell.strip() for cell in cells):
                continue
            row = dict(zip(names, cells, strict=False))
            outer_id = _text(row.get("outer_id"))
            num_id = _text(row.get("num_id"))
            row["source_id"] = outer_id or (f"num_id:{num_id}" if num_id and num_id != "0" else "")
            rows.append(row)
            numbers.append(line)
    except csv.Error as exc:
        raise DomainError(
            _("The data packet's CSV cannot be read (line %(line)s: %(why)s).")
            % {"line": reader.line_num + 1, "why": exc},
            field="feed",
        ) from None
    return PacketRows(rows=rows, numbers=numbers)


def csv_from_zip(archive: zipfile.ZipFile) -> tuple[str, bytes]:
    """The packet CSV inside a zip as sellers make it (the CSV and its picture
    folder): (its name, its bytes). DomainError(field="feed") when there is no
    packet, or more than one, or it is too large."""
    candidates = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".csv")
        and not PurePosixPath(info.filename).name.startswith(("._", "~$"))
        and "__MACOSX" not in info.filename
    ]
    limit = settings.CARAVAN_IMPORT_MAX_FEED_BYTES
    packets = []
    for info in candidates:
        if info.file_size > limit or info.flag_bits & 0x1:
            raise DomainError(
                _("%(name)s in the zip is larger than %(limit)s MB or encrypted.")
                % {"name": info.filename[:100], "limit": limit // 1048576},
                field="feed",
            )
        try:
            with archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            raise DomainError(
                _("%(name)s cannot be read from the zip.") % {"name": info.filename[:100]}, field="feed"
            ) from None
        if len(data) > limit:
            raise DomainError(_("%(name)s is too large.") % {"name": info.filename[:100]}, field="feed")
        if looks_like_packet(data):
            packets.append((info.filename, data))
    if not packets:
        raise DomainError(
            _(
                "The zip holds no Taobao Assistant data packet: zip the .csv the tool exported together with "
                "its picture folder."
            ),
            field="feed",
        )
    if len(packets) > 1:
        raise DomainError(
            _("The zip holds %(n)s data packets (%(names)s); upload one at a time.")
            % {"n": len(packets), "names": ", ".join(name for name, _data in packets)[:300]},
            field="feed",
        )
    return packets[0]


def picture_index(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Picture files of a zip by their name without extension (lower case): how a
    packet's `picture` cell names them (`<name>.tbi` in the folder; .jpg and
    friends as some tools write them)."""
    index: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if not info.is_dir() and path.suffix.lower() in PICTURE_EXTENSIONS and "__MACOSX" not in info.filename:
            index.setdefault(path.stem.lower(), info)
    return index


# --- a row -----------------------------------------------------------------------------------


def _triples(value: str) -> dict[tuple[str, str], str]:
    """ "1627207:28326:酒红;20509:-1001:均码;" -> {("1627207", "28326"): "酒红", ...} (propAlias,
    input_custom_cpv). Names may hold colons; entries without a name are skipped."""
    result = {}
    for part in filter(None, (p.strip() for p in _text(value).split(";"))):
        pid, _sep, rest = part.partition(":")
        vid, sep, name = rest.partition(":")
        if sep and pid.strip() and vid.strip() and name.strip():
            result[(pid.strip(), vid.strip())] = name.strip()
    return result


def _sku_entries(value: str) -> list[tuple[str, str, str, list[tuple[str, str]]]] | None:
    """skuProps: per SKU `price:quantity:sku_code:pid:vid;pid:vid;`, concatenated ->
    [(price, quantity, sku_code, [(pid, vid), ...])]; None when it cannot be read."""
    entries = []
    for part in filter(None, (p.strip() for p in _text(value).split(";"))):
        cells = part.split(":")
        if len(cells) >= 5:
            entries.append((cells[0], cells[1], ":".join(cells[2:-2]), [(cells[-2], cells[-1])]))
        elif len(cells) == 2 and entries:
            entries[-1][3].append((cells[0], cells[1]))
        else:
            return None
    return entries


def _pictures(value: str, names: dict[tuple[str, str], str]) -> list[Picture]:
    """The `picture` cell: main pictures (`name:1:position:|url;`) in position order,
    then colour pictures (`name:2:0:pid:vid|url;`), each file once."""
    main, colour = [], []
    for part in filter(None, (p.strip() for p in _text(value).split(";"))):
        spec, _bar, url = part.partition("|")
        cells = spec.split(":")
        name = PurePosixPath(cells[0].strip()).stem if cells[0].strip() else ""
        if not name:
            continue
        kind = cells[1].strip() if len(cells) > 1 else MAIN_PICTURE
        url = url.strip()
        if kind == COLOUR_PICTURE:
            value_name = names.get((cells[3].strip(), cells[4].strip()), "") if len(cells) >= 5 else ""
            colour.append(Picture(name=name, url=url, colour=value_name))
        else:
            position = _integer(cells[2]) if len(cells) > 2 else None
            main.append((position if position is not None else 99, len(main), Picture(name=name, url=url)))
    ordered = [p for _pos, _n, p in sorted(main, key=lambda t: (t[0], t[1]))] + colour
    seen, result = set(), []
    for picture in ordered:
        if picture.name.lower() not in seen:
            seen.add(picture.name.lower())
            result.append(picture)
    return result


def _weight_grams(value, problems: list[RowProblem], warnings: list[RowProblem]) -> int:
    default = settings.CARAVAN_IMPORT_PACKET_DEFAULT_WEIGHT_GRAMS
    if _text(value) == "":
        kilograms = Decimal(0)
    else:
        kilograms = _decimal(value)
        if kilograms is None or kilograms < 0:
            problems.append(RowProblem("item_weight", _("The weight (item_weight) is a number of kilograms.")))
            return default
    if kilograms == 0:
        warnings.append(
            RowProblem(
                "item_weight",
                _("No weight (item_weight): %(g)s g is assumed. Enter the real package weight before publishing.")
                % {"g": default},
            )
        )
        return default
    return max(1, int((kilograms * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def map_row(
    raw: dict,
    *,
    categories: dict[str, int],
    to_seller: Callable[[Decimal], Decimal],
    suggest: Callable[[str], tuple[int, str]],
    current_category: int | None = None,
) -> FeedRow:
    """One packet row -> FeedRow (with its warnings), or RowInvalid naming every
    bad field by the packet's field name.

    `categories`: cid -> Caravan category id (the mapping). An unknown cid keeps
    `current_category` (a re-imported listing: the seller may have fixed it),
    else takes `suggest(title)` -> (category id, its name) and flags the draft
    ("check the category"). `to_seller` turns CNY into the store's currency."""
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    reference_data = reference()
    properties = reference_data["properties"]

    source_id = _text(raw.get("source_id"))
    if not source_id:
        problems.append(
            RowProblem(
                "outer_id", _("The item has no 商家编码 (outer_id): give it one, it is how a re-import finds it.")
            )
        )
    elif len(source_id) > 100:
        problems.append(RowProblem("outer_id", _("A 商家编码 (outer_id) has at most 100 characters.")))
    title = " ".join(_text(raw.get("title")).split())
    if not title:
        problems.append(RowProblem("title", _("The title (宝贝名称) is missing.")))

    price = None
    amount = _decimal(raw.get("price"))
    if amount is None or amount <= 0:
        problems.append(RowProblem("price", _("The price (宝贝价格) must be a number above zero, in CNY.")))
    else:
        price = to_seller(amount)

    stock = 0
    if _text(raw.get("num")):
        stock = _integer(raw.get("num"))
        if stock is None or stock < 0:
            problems.append(RowProblem("num", _("The quantity (宝贝数量) is a whole number, 0 or more.")))
            stock = 0

    weight = _weight_grams(raw.get("item_weight"), problems, warnings)

    cid = _text(raw.get("cid"))
    category_check: bool | None = False
    category_id = categories.get(cid)
    if category_id is None:
        if current_category is not None:
            category_id, category_check = current_category, None
        elif title:
            category_id, name = suggest(title)
            category_check = True
            warnings.append(
                RowProblem(
                    "cid",
                    _(
                        "Taobao category %(cid)s is not in our mapping: the draft is in “%(name)s”, suggested from "
                        "its title. Check the category in your listings."
                    )
                    % {"cid": cid or "—", "name": name},
                )
            )

    # Names of option values: the seller's alias, their custom values, our table of standard values.
    aliases = _triples(raw.get("propalias"))
    custom = _triples(raw.get("input_custom_cpv"))

    def value_name(pid: str, vid: str) -> str:
        name = aliases.get((pid, vid)) or custom.get((pid, vid))
        name = name or properties.get(pid, {}).get("values", {}).get(vid)
        if name:
            return name
        warnings.append(
            RowProblem(
                "skuProps",
                _(
                    "Value %(pid)s:%(vid)s has no name in propAlias or our table: shown as “%(vid)s”; "
                    "rename it in the editor."
                )
                % {"pid": pid, "vid": vid},
            )
        )
        return vid

    def option_name(pid: str) -> str:
        return properties.get(pid, {}).get("name") or pid

    variants = []
    skus = _sku_entries(raw.get("skuprops"))
    if skus is None:
        problems.append(RowProblem("skuProps", _("skuProps cannot be read: each SKU is price:quantity:code:pid:vid;")))
        skus = []
    for index, (sku_price, quantity, code, pairs) in enumerate(skus):
        where = f"skuProps.{index}"
        sku_stock = _integer(quantity)
        if sku_stock is None or sku_stock < 0:
            problems.append(RowProblem(where, _("A SKU's quantity is a whole number, 0 or more.")))
            continue
        override = None
        if _text(sku_price):
            value = _decimal(sku_price)
            if value is None or value <= 0:
                problems.append(RowProblem(where, _("A SKU's price must be a number above zero.")))
                continue
            if amount is None or value != amount:
                override = to_seller(value)
        options = {option_name(pid): value_name(pid, vid) for pid, vid in pairs}
        sku = code.strip() or f"{source_id}-" + "-".join(vid.replace("-", "n") for _pid, vid in pairs)
        variants.append(VariantInput(sku=sku[:64], options=options, stock=sku_stock, price_override=override))
    if not variants:
        variants = [VariantInput(sku=source_id[:64] or "default", stock=stock)]

    # Item properties whose names we know: cateProps (pid:vid) and the typed ones (inputPids / inputValues).
    attributes = {}
    for part in filter(None, (p.strip() for p in _text(raw.get("cateprops")).split(";"))):
        pid, _sep, vid = part.partition(":")
        prop = properties.get(pid.strip())
        value = (aliases.get((pid.strip(), vid.strip())) or custom.get((pid.strip(), vid.strip()))
                 or (prop or {}).get("values", {}).get(vid.strip()))  # fmt: skip
        if prop and value:
            attributes.setdefault(prop["name"], value)
    pids = [p.strip() for p in _text(raw.get("inputpids")).split(",")]
    values = _text(raw.get("inputvalues")).split(",")
    for pid, value in zip(pids, values, strict=False):
        if pid in properties and value.strip():
            attributes.setdefault(properties[pid]["name"], value.strip()[:200])
    for name in list(attributes):
        if any(name in variant.options for variant in variants):
            del attributes[name]  # a colour or size the variants already carry

    description = _text(raw.get("description"))
    subtitle = _text(raw.get("subtitle"))
    if subtitle:
        description = f"<p><strong>{html.escape(subtitle)}</strong></p>{description}"
    description = sanitize_description(description)

    names = {**custom, **aliases}
    pictures = _pictures(raw.get("picture"), names)
    most = min(settings.CARAVAN_IMPORT_MAX_IMAGES_PER_ROW, settings.CARAVAN_LISTING_MAX_IMAGES)
    if len(pictures) > most:
        warnings.append(
            RowProblem("picture", _("%(n)s pictures; a listing has at most %(max)s: the first %(max)s are kept.")
                       % {"n": len(pictures), "max": most})
        )  # fmt: skip
        pictures = pictures[:most]

    if problems:
        raise RowInvalid(problems)
    data = ListingInput(
        category_id=category_id,
        title=title,
        price=price,
        weight_grams=weight,
        declared_value=price,
        source_language=settings.CARAVAN_IMPORT_SOURCE_LANGUAGE,
        description=description,
        attributes=attributes,
        variants=variants,
        **dict(zip(("length_cm", "width_cm", "height_cm"),
                   map(Decimal, settings.CARAVAN_IMPORT_DEFAULT_DIMENSIONS_CM), strict=True)),
    )  # fmt: skip
    return FeedRow(
        source_id=source_id, data=data, images=pictures, warnings=warnings, category_check=category_check, lenient=True
    )


def packet_field(service_field: str | None) -> str:
    """The packet field a listings.services error is about ("variants.1.price_override" -> "skuProps.1")."""
    name = service_field or ""
    head, _sep, rest = name.partition(".")
    if head == "variants":
        return "skuProps" + ("." + rest.split(".")[0] if rest else "")
    return SERVICE_FIELDS.get(head, name)
