"""Protected tokens: model numbers, sizes, units, numbers with units and brand
names pass through every engine unchanged.

`protect` swaps each one for a placeholder the engines keep as is (``ZXQ0Z``:
an unknown capitalised word that Apertium copies and neural engines leave alone),
`restore` puts the originals back."""

import re
from dataclasses import dataclass, field

UNITS = [
    "mAh",
    "mm",
    "cm",
    "km",
    "kg",
    "mg",
    "ml",
    "mL",
    "g",
    "l",
    "L",
    "m",
    "W",
    "kW",
    "V",
    "Wh",
    "GB",
    "TB",
    "MB",
    "Hz",
]
_STANDALONE_UNIT = "|".join(re.escape(u) for u in UNITS if len(u) > 1)
_UNIT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))

_PATTERNS = [
    # a number with a unit: 250 ml, 5000mAh, 1.5kg, 20W
    rf"\d+(?:[.,]\d+)?\s?(?:{_UNIT})(?![\w])",
    # model numbers: letters and digits mixed, at least one of each (A2389, SM-G991B, iPhone15)
    r"(?<![\w])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w])",
    # letter sizes
    r"(?<![\w])(?:XXXL|XXL|XL|XS|[2-5]XL)(?![\w])",
    # S, M, L as sizes, but not an elided article (L'uomo, l'été)
    r"(?<![\w'’])[SML](?![\w'’])",
    # numeric sizes 36–46 (shoes, EU clothing) and other plain numbers
    r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])",
    # a unit on its own after a number the previous rule did not join (e.g. "cm" in "30 x 40 cm")
    rf"(?<![\w])(?:{_STANDALONE_UNIT})(?![\w'’])",
]

PLACEHOLDER = "ZXQ{}Z"
_PLACEHOLDER_RE = re.compile(r"Z\s?X\s?Q\s?(\d+)\s?Z", re.IGNORECASE)


@dataclass
class Protected:
    text: str  # the text with placeholders
    tokens: list[str] = field(default_factory=list)

    def restore(self, translated: str) -> str:
        def put_back(match):
            index = int(match.group(1))
            return self.tokens[index] if index < len(self.tokens) else match.group(0)

        return _PLACEHOLDER_RE.sub(put_back, translated)


def protect(text: str, protected: list[str] | tuple[str, ...] = ()) -> Protected:
    """Replace protected tokens (and the given brand names, matched whole-word,
    case-sensitively) with numbered placeholders."""
    patterns = [rf"(?<![\w]){re.escape(p)}(?![\w])" for p in sorted(protected, key=len, reverse=True) if p.strip()]
    patterns += _PATTERNS
    regex = re.compile("|".join(f"(?:{p})" for p in patterns))
    tokens: list[str] = []

    def swap(match):
        tokens.append(match.group(0))
        return PLACEHOLDER.format(len(tokens) - 1)

    return Protected(text=regex.sub(swap, text), tokens=tokens)


# --- HTML: descriptions are sanitised HTML (listings.sanitize) --------------------------------

# A tag, a comment or an entity: markup that no token rule may touch (``<h3>`` is not a model number,
# ``&#39;`` not a number).
_MARKUP_RE = re.compile(r"<[^>]*>|&#?\w+;")


def protect_html(html: str, protected: list[str] | tuple[str, ...] = ()) -> Protected:
    """`protect` for HTML: only the text between tags is touched; tags, their
    attributes and entities reach the engine as they are."""
    result = Protected(text="", tokens=[])
    pieces = []
    position = 0
    for match in _MARKUP_RE.finditer(html):
        pieces.append(_protect_into(html[position : match.start()], protected, result.tokens))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(_protect_into(html[position:], protected, result.tokens))
    result.text = "".join(pieces)
    return result


def _protect_into(text: str, protected, tokens: list[str]) -> str:
    if not text:
        return text
    shielded = protect(text, protected)
    offset = len(tokens)
    tokens.extend(shielded.tokens)
    if not offset:
        return shielded.text
    return _PLACEHOLDER_RE.sub(lambda m: PLACEHOLDER.format(int(m.group(1)) + offset), shielded.text)


# Block elements a description is made of (listings.sanitize.ALLOWED_TAGS); <br> has no end tag.
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset({"br", "hr", "img"})


def html_blocks(html: str) -> list[str]:
    """The top-level pieces of an HTML fragment (each paragraph, list, table...;
    text between them as its own piece), in order: joined, they are `html` again."""
    blocks: list[str] = []
    depth = 0
    start = 0
    for match in _TAG_RE.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if not closing:
            if depth == 0 and match.start() > start:
                blocks.append(html[start : match.start()])
                start = match.start()
            depth += 1
            continue
        depth = max(depth - 1, 0)
        if depth == 0:
            blocks.append(html[start : match.end()])
            start = match.end()
    if start < len(html):
        blocks.append(html[start:])
    return [block for block in blocks if block]


def split_for_limit(text: str, limit: int, *, html: bool) -> list[str]:
    """`text` cut into chunks of at most `limit` characters where possible, at
    block elements (HTML) or line breaks (plain text), never inside a tag; a
    single block longer than `limit` is one chunk. Joined, the chunks are `text`."""
    if limit <= 0 or len(text) <= limit:
        return [text]
    pieces = html_blocks(text) if html else re.split(r"(?<=\n)", text)
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > limit:
            chunks.append(current)
            current = ""
        current += piece
    if current:
        chunks.append(current)
    return chunks
