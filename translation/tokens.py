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
