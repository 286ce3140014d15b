"""What the demo sells and how its sellers write: the vocabulary, the catalogue of
sub-categories and products, the titles and descriptions in each seller's
language and our human English twins of the zh/ru/tr ones, and the selling plan.

The tables are data, in demo/data/*.json (read once, at import); what is here is
how they are used. Deterministic: every choice is drawn from the `rng` it is given.
"""

import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _tuples(value):
    """JSON arrays as tuples, as the tables were written (hashable, read-only)."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


def _load(name: str) -> dict:
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    data.pop("about", None)
    return _tuples(data)


# Short codes used in the data -> the demo sellers' store languages.
LANGUAGES = {"zh": "zh-hans", "ru": "ru", "it": "it", "es": "es", "tr": "tr"}
SHORT = {code: short for short, code in LANGUAGES.items()}
SELLER_CODE = {"zh": "CN", "ru": "RU", "it": "IT", "es": "ES", "tr": "TR"}


# --- vocabulary ---------------------------------------------------------------------------------

_VOCABULARY = _load("vocabulary.json")
COLOURS: dict[str, tuple] = _VOCABULARY["colours"]  # key: (rgb, zh, ru, it, es, tr)
_LANG_INDEX = {"zh": 1, "ru": 2, "it": 3, "es": 4, "tr": 5}
MATERIALS: dict[str, tuple[str, ...]] = _VOCABULARY["materials"]  # key: (zh, ru, it, es, tr)
INGREDIENTS = set(_VOCABULARY["ingredients"])  # beauty: shown as the main ingredient, not a material
# The colour a material lends a drawing (stones, wood...), when it is not the variant's colour.
MATERIAL_TINTS: dict[str, tuple[int, int, int]] = _VOCABULARY["material_tints"]
LABELS: dict[str, dict[str, str]] = _VOCABULARY["labels"]  # attribute and option names, as each seller types them
ORIGIN: dict[str, str] = _VOCABULARY["origin"]
ORIGIN_ELECTRONICS_ZH: str = _VOCABULARY["origin_electronics_zh"]
# Option values (sizes) by kind; the key of LABELS names the option.
SIZES: dict[str, tuple[str, ...]] = _VOCABULARY["sizes"]
RING_SIZES: dict[str, tuple[str, ...]] = _VOCABULARY["ring_sizes"]


# --- the catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    material: str
    titles: dict[str, str]
    family: str = ""  # the drawing; the sub-category's by default


@dataclass(frozen=True)
class Leaf:
    slug: str
    family: str
    sizes: str  # a key of SIZES, "ring", or "" (colours only)
    palette: tuple[str, ...]
    eur: tuple[int, int]  # typical unit price range
    grams: tuple[int, int]
    box: tuple[int, int, int]  # cm, one piece packed
    hs: str
    products: tuple[Product, ...]
    lots: tuple[int, ...] = ()
    segment: str = ""

    def products_in(self, lang: str) -> list[Product]:
        return [p for p in self.products if lang in p.titles]


def _leaf(row: dict) -> Leaf:
    products = tuple(
        Product(material=p["material"], titles=p["titles"], family=p.get("family", "")) for p in row["products"]
    )
    return Leaf(row["slug"], row["family"], row["sizes"], tuple(row["palette"].split()), row["eur"], row["grams"],
                row["box"], row["hs"], products, row.get("lots", ()))  # fmt: skip


_CATALOGUE = _load("catalogue.json")
SEGMENTS: dict[str, str] = _CATALOGUE["segments"]
CATALOGUE: dict[str, list[Leaf]] = {top: [_leaf(row) for row in rows] for top, rows in _CATALOGUE["catalogue"].items()}
LEAVES: list[Leaf] = [replace(leaf, segment=SEGMENTS[top]) for top, leaves in CATALOGUE.items() for leaf in leaves]


# --- words: titles and descriptions ------------------------------------------------------------

_WORDS = _load("words.json")
ZH_PREFIXES: tuple[str, ...] = _WORDS["zh_prefixes"]
ZH_SUFFIXES: tuple[str, ...] = _WORDS["zh_suffixes"]
TITLE_EXTRAS: dict[str, tuple[str, ...]] = _WORDS["title_extras"]  # gender-neutral phrases that fit after any title
MANY_COLOURS: dict[str, str] = _WORDS["many_colours"]
TURKISH_LOT_SUFFIX = {int(lot): suffix for lot, suffix in _WORDS["turkish_lot_suffix"].items()}
SEGMENT_TEXT: dict[str, dict[str, tuple[str, ...]]] = _WORDS["segment_text"]
STORY: dict[str, tuple[str, ...]] = _WORDS["story"]
DESCRIPTION_WORDS: dict[str, dict[str, str]] = _WORDS["description_words"]


def lot_phrase(lang: str, lot: int) -> str:
    return {
        "zh": f"{lot}件装",
        "ru": f"оптом, {lot} шт.",
        "it": f"confezione da {lot} pz",
        "es": f"lote de {lot} uds.",
        "tr": f"{TURKISH_LOT_SUFFIX.get(lot, f'{lot} Adet')} Paket",
    }[lang]


def colour_name(key: str, lang: str) -> str:
    return COLOURS[key][_LANG_INDEX[lang]]


def material_name(key: str, lang: str) -> str:
    return MATERIALS[key][_LANG_INDEX[lang] - 1]


def make_title(rng: random.Random, lang: str, base: str, *, lot: int, colours: int) -> str:
    if lang == "zh":
        words = [base]
        if rng.random() < 0.6:
            words.insert(0, rng.choice(ZH_PREFIXES))
        if colours > 1 and rng.random() < 0.5:
            words.append(MANY_COLOURS["zh"])
        if lot > 1:
            words.append(lot_phrase(lang, lot))
        if rng.random() < 0.35:
            words.append(rng.choice(ZH_SUFFIXES))
        return " ".join(words)
    extras = []
    if lot > 1:
        extras.append(lot_phrase(lang, lot))
    elif colours > 2 and rng.random() < 0.3:
        extras.append(MANY_COLOURS[lang])
    if rng.random() < 0.35:
        extras.append(rng.choice(TITLE_EXTRAS[lang]))
    if not extras:
        return base
    return f"{base} – {', '.join(extras)}" if lang != "tr" else f"{base} - {' - '.join(extras)}"


def make_description(
    rng: random.Random, lang: str, leaf: Leaf, material: str, *, colours: list[str], days: int, lot: int, tier_from
) -> str:
    words = DESCRIPTION_WORDS[lang]
    segment = SEGMENT_TEXT[lang].get(leaf.segment) or STORY[lang]
    first = " ".join(rng.sample(segment, k=min(len(segment), rng.choice((1, 2)))))
    label = LABELS[lang]["ingredients" if material in INGREDIENTS else "material"]
    facts = [f"{label}: {material_name(material, lang)}"]
    if colours:
        separator = "、" if lang == "zh" else ", "
        facts.append(f"{words['colours']}: {separator.join(colour_name(c, lang) for c in colours)}")
    facts.append(words["ship"].format(days=days))
    if lang == "zh":
        facts = [fact.replace(": ", "：", 1) for fact in facts]
    parts = [f"<p>{first}</p>", "<ul>" + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>"]
    closing = []
    if lot > 1:
        closing.append(words["lot"].format(lot=lot))
    if tier_from:
        closing.append(words["tiers"].format(n=tier_from))
    closing.append(rng.choice(STORY[lang]))
    parts.append(f"<p>{' '.join(closing)}</p>")
    return "".join(parts)


# --- human English translations of the zh/ru/tr demo listings ----------------------------------
# Written by us, so the storefront reads well in English whatever the engines do. build_spec makes
# the English text of a listing from the same random draws as its source text (each English tuple
# below is parallel to its source tuple), and seed_listings stores it as a human ListingTranslation
# (engine "caravan"). Keyed by the source text, so a source phrase without an English one is simply
# left to the engines.

ENGLISH_SOURCES = ("zh", "ru", "tr")
DEMO_TRANSLATION_ENGINE = "caravan"

_ENGLISH = _load("english.json")
EN_TITLES: dict[str, str] = _ENGLISH["titles"]
EN_PHRASES: dict[str, str] = _ENGLISH["phrases"]
EN_COLOURS: dict[str, str] = _ENGLISH["colours"]
EN_MATERIALS: dict[str, str] = _ENGLISH["materials"]
EN_ORIGIN: dict[str, str] = _ENGLISH["origin"]
EN_ORIGIN_ELECTRONICS: str = _ENGLISH["origin_electronics"]
EN_WORDS: dict[str, str] = _ENGLISH["words"]


class _NoEnglish(KeyError):
    """A source phrase without an English one: the listing is left to the engines."""


def _en(text: str) -> str:
    try:
        return EN_PHRASES[text]
    except KeyError as exc:
        raise _NoEnglish(text) from exc


def _en_all(texts) -> tuple[str, ...]:
    return tuple(_en(text) for text in texts)


def english_title(rng: random.Random, lang: str, base: str, *, lot: int, colours: int) -> str:
    """make_title's English twin: the same draws from `rng` (a copy of the state
    make_title started from), so the same choices, in English words."""
    try:
        english = EN_TITLES[base]
    except KeyError as exc:
        raise _NoEnglish(base) from exc
    extras = []
    if lang == "zh":
        if rng.random() < 0.6:
            english = f"{rng.choice(_en_all(ZH_PREFIXES))} {english}"
        if colours > 1 and rng.random() < 0.5:
            extras.append(EN_WORDS["many_colours"])
        if lot > 1:
            extras.append(EN_WORDS["lot_phrase"].format(lot=lot))
        if rng.random() < 0.35:
            extras.append(rng.choice(_en_all(ZH_SUFFIXES)))
    else:
        if lot > 1:
            extras.append(EN_WORDS["lot_phrase"].format(lot=lot))
        elif colours > 2 and rng.random() < 0.3:
            extras.append(EN_WORDS["many_colours"])
        if rng.random() < 0.35:
            extras.append(rng.choice(_en_all(TITLE_EXTRAS[lang])))
    return f"{english} – {', '.join(extras)}" if extras else english


def english_description(
    rng: random.Random, lang: str, leaf: Leaf, material: str, *, colours: list[str], days: int, lot: int, tier_from
) -> str:
    """make_description's English twin (the same draws, English sentences)."""
    segment = _en_all(SEGMENT_TEXT[lang].get(leaf.segment) or STORY[lang])
    first = " ".join(rng.sample(segment, k=min(len(segment), rng.choice((1, 2)))))
    label = EN_WORDS["ingredients" if material in INGREDIENTS else "material"]
    facts = [f"{label}: {EN_MATERIALS[material]}"]
    if colours:
        facts.append(f"{EN_WORDS['colours']}: {', '.join(EN_COLOURS[c] for c in colours)}")
    facts.append(EN_WORDS["ship"].format(days=days))
    parts = [f"<p>{first}</p>", "<ul>" + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>"]
    closing = []
    if lot > 1:
        closing.append(EN_WORDS["lot"].format(lot=lot))
    if tier_from:
        closing.append(EN_WORDS["tiers"].format(n=tier_from))
    closing.append(rng.choice(_en_all(STORY[lang])))
    parts.append(f"<p>{' '.join(closing)}</p>")
    return "".join(parts)


def english_text(spec_values: dict, title_state, description_state) -> dict | None:
    """The human English translation of a zh/ru/tr demo listing (title, attribute
    values by the listing's attribute names, description), or None when one of
    its phrases has no English here (the engines translate that one)."""
    lang, leaf, product = spec_values["lang"], spec_values["leaf"], spec_values["product"]
    if lang not in ENGLISH_SOURCES:
        return None
    try:
        title_rng, description_rng = random.Random(), random.Random()
        title_rng.setstate(title_state)
        description_rng.setstate(description_state)
        title = english_title(
            title_rng, lang, product.titles[lang], lot=spec_values["lot"], colours=len(spec_values["colours"])
        )
        description = english_description(
            description_rng, lang, leaf, product.material, colours=spec_values["colours"],
            days=spec_values["days"], lot=spec_values["lot"], tier_from=spec_values["tier_from"],
        )  # fmt: skip
    except _NoEnglish:
        return None
    labels = LABELS[lang]
    material_label = labels["ingredients" if product.material in INGREDIENTS else "material"]
    origin = EN_ORIGIN_ELECTRONICS if lang == "zh" and leaf.segment == "phone" else EN_ORIGIN[lang]
    attributes = {material_label: EN_MATERIALS[product.material], labels["origin"]: origin}
    return {"title": title, "attributes": attributes, "description": description}


# --- the selling plan ------------------------------------------------------------------------------


def selling_plan() -> list[tuple[Leaf, str]]:
    """Every (sub-category, seller language) pair, in an order where the
    first few listings already reach every seller and every top-level
    category: round-robin over the sellers, each going round its categories."""
    by_lang: dict[str, list[Leaf]] = {lang: [] for lang in LANGUAGES}
    # Within a seller: interleave its sub-categories across segments.
    for lang in LANGUAGES:
        groups = [[leaf for leaf in LEAVES if leaf.segment == segment and leaf.products_in(lang)]
                  for segment in dict.fromkeys(leaf.segment for leaf in LEAVES)]  # fmt: skip
        while any(groups):
            for group in groups:
                if group:
                    by_lang[lang].append(group.pop(0))
    plan = []
    queues = {lang: list(leaves) for lang, leaves in by_lang.items()}
    while any(queues.values()):
        for lang in LANGUAGES:
            if queues[lang]:
                plan.append((queues[lang].pop(0), lang))
    return plan


PLAN = selling_plan()
