"""The catalogue glossary engine: a keyword translation of product titles and
attribute values through a curated multilingual glossary (translation/data/glossary.json).

Marketplace titles are keyword lists ("女士 夏季 碎花 连衣裙 雪纺 长裙") more than
sentences, so mapping each term gives a readable offline translation. Chinese is
segmented with jieba (the glossary's Chinese terms loaded as a user dictionary so
they stay whole, then longest match over the segments); other languages are split
on whitespace and punctuation and matched case-insensitively, multi-word terms first.
Unknown terms keep their original script, numbers, model numbers and sizes pass
through, and the output keeps the source order. When fewer than half of the
meaningful terms are known, the engine declines (returns None) so the chain can
ask a real MT engine; full sentences therefore go elsewhere.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from translation import cedict
from translation.engines.base import Engine, EngineResult

LANGUAGES = ("en", "zh-hans", "ru", "it", "es", "tr", "pt-br", "fr")
DATA_PATH = Path(__file__).resolve().parent / "data" / "glossary.json"
DEFAULT_SOURCES = frozenset({"zh-hans", "ru", "tr"})
LEMMATISED = frozenset({"ru", "tr"})  # matched by lemma too (pymorphy3, simplemma)

# Latin-script words: letters/digits, joined by inner hyphens or apostrophes ("t-shirt", "d'oreilles").
WORD_RE = re.compile(r"%?[^\W_]+(?:[-'’][^\W_]+)*%?")
HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Whitespace and punctuation that separates chunks of a Chinese title (ASCII and CJK punctuation).
CHUNK_SPLIT_RE = re.compile(r"[\s,;:!?|/\\()\[\]{}<>\"'*~·•、，。；：！？（）【】《》「」『』〔〕“”‘’…—]+")
# Model numbers and other codes with a digit: "iPhone15", "2025", "S925", "XR-200", "50cm".
CODE_RE = re.compile(r"^[0-9A-Za-z.+#&%_\-×*/]*[0-9][0-9A-Za-z.+#&%_\-×*/]*$")
SIZES = frozenset(["xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl", "5xl", "6xl"])

STOPWORDS = {
    "zh-hans": frozenset({"的", "之", "与", "及", "款", "了", "是"}),
    "ru": frozenset({"в", "во", "на", "из", "по", "от", "до", "к", "у", "о", "а"}),
    "tr": frozenset({"bir", "da", "de"}),
    "en": frozenset({"a", "an", "the", "of", "in", "on"}),
    "it": frozenset({"di", "da", "del", "della", "il", "lo", "la", "i", "gli", "le", "in", "un", "una"}),
    "es": frozenset({"de", "del", "la", "el", "los", "las", "en", "un", "una"}),
    "pt-br": frozenset({"de", "da", "do", "das", "dos", "o", "a", "os", "as", "em", "um", "uma"}),
    "fr": frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "en", "un", "une", "à"}),
}

# Units that follow a number in Chinese titles ("3-6岁", "1米", "500毫升"): kept with the number.
ZH_UNITS = frozenset(
    [
        "岁",
        "米",
        "厘米",
        "毫米",
        "码",
        "号",
        "寸",
        "斤",
        "克",
        "千克",
        "公斤",
        "毫升",
        "升",
        "瓦",
        "伏",
        "毫安",
        "度",
        "个月",
        "cm",
        "mm",
        "ml",
    ]
)

# Longest Chinese term tried when joining jieba segments (in segments).
MAX_ZH_SEGMENTS = 6

logger = logging.getLogger(__name__)


def normalize(text: str, lang: str) -> str:
    """Case-folds a term for lookup (Turkish dotted/dotless i, Russian ё)."""
    text = unicodedata.normalize("NFC", text)
    if lang == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    text = text.lower().replace("\u0307", "").replace("’", "'")
    if lang == "ru":
        text = text.replace("ё", "е")
    return text


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


_morph = None


@lru_cache(maxsize=50_000)
def lemmatise(word: str, lang: str) -> str:
    """The dictionary form of a (normalized) word: pymorphy3 for Russian (OpenCorpora's
    dictionaries: платья → платье, летние → летний), simplemma for Turkish
    (elbiseler → elbise); other languages and unknown words as they are."""
    global _morph
    try:
        if lang == "ru":
            if _morph is None:
                import pymorphy3

                _morph = pymorphy3.MorphAnalyzer()
            return _morph.parse(word)[0].normal_form.replace("ё", "е")
        if lang == "tr":
            import simplemma

            return normalize(simplemma.lemmatize(word, lang="tr"), "tr")
    except ImportError:  # not installed (make install adds them): the surface forms still match
        logger.warning("no lemmatiser for %s installed", lang)
    return word


# Words that make a text a sentence (a message, a question), not a title of keywords: two of them
# (or a question mark, or a Chinese full stop) and the engine declines.
SENTENCE_MARKS = re.compile(r"[?？。！]")
SENTENCE_WORDS = {
    "zh-hans": frozenset(
        re.split(
            r"\s+",
            "我 你 您 他 她 我们 你们 你好 您好 有没有 吗 呢 吧 啊 请问 请 谢谢 什么 怎么 为什么 已经 没有 "
            "时候 一下 能不能 是不是 可以 还是 但是 因为 所以 如果 这个 那个",
        )
    ),
    "ru": frozenset(
        re.split(r"\s+", "я вы ты мы мой ваш твой когда где почему здравствуйте спасибо пожалуйста можно если но")
    ),
    "tr": frozenset(
        re.split(r"\s+", "ben sen siz biz merhaba teşekkürler lütfen ne zaman neden nasıl ama eğer mi mı mu mü")
    ),
}


@dataclass
class Glossary:
    """The loaded glossary: concepts plus a per-language index of normalized forms."""

    concepts: list[dict[str, list[str]]]
    index: dict[str, dict[str, int]] = field(default_factory=dict)
    max_words: dict[str, int] = field(default_factory=dict)
    zh_max_chars: int = 1
    lemma_index: dict[str, dict[str, int]] = field(default_factory=dict)  # ru, tr: forms by their lemmas
    english_words: frozenset[str] = frozenset()

    @classmethod
    def from_file(cls, path: Path = DATA_PATH) -> Glossary:
        data = json.loads(path.read_text(encoding="utf-8"))
        glossary = cls(concepts=data["concepts"])
        for lang in LANGUAGES:
            index: dict[str, int] = {}
            longest = 1
            for number, concept in enumerate(glossary.concepts):
                for form in concept.get(lang, ()):
                    key = glossary.key(form, lang)
                    if key:
                        index.setdefault(key, number)  # the first concept that lists a form owns it
                        if lang == "zh-hans":
                            glossary.zh_max_chars = max(glossary.zh_max_chars, len(key))
                        else:
                            longest = max(longest, key.count(" ") + 1)
            glossary.index[lang] = index
            glossary.max_words[lang] = longest
        glossary.english_words = frozenset(
            word.lower() for concept in glossary.concepts for form in concept["en"] for word in words(form)
        )
        return glossary

    def lemma_lookup(self, lemmas: tuple[str, ...], lang: str) -> int | None:
        """The concept whose form, lemmatised word by word, is `lemmas` (ru, tr), or None."""
        index = self.lemma_index.get(lang)
        if index is None:
            with _lock:
                index = self.lemma_index.get(lang)
                if index is None:
                    index = {}
                    for number, concept in enumerate(self.concepts):
                        for form in concept.get(lang, ()):
                            key = " ".join(lemmatise(normalize(word, lang), lang) for word in words(form))
                            if key:
                                index.setdefault(key, number)
                    self.lemma_index[lang] = index
        return index.get(" ".join(lemmas))

    @staticmethod
    def key(form: str, lang: str) -> str:
        form = normalize(form, lang)
        if lang == "zh-hans":
            return re.sub(r"\s+", "", form)
        return " ".join(words(form))

    def lookup(self, form: str, lang: str) -> int | None:
        """The concept number of a source form, or None."""
        return self.index.get(lang, {}).get(self.key(form, lang))

    def term(self, concept: int, lang: str) -> str:
        """The form a concept takes in the target language (its first form)."""
        return self.concepts[concept][lang][0]

    def zh_terms(self) -> list[str]:
        return sorted({form for concept in self.concepts for form in concept.get("zh-hans", ())})

    def __len__(self) -> int:
        return len(self.concepts)


_lock = threading.Lock()
_glossary: Glossary | None = None
_tokenizer = None


def get_glossary() -> Glossary:
    """The glossary, loaded once per process."""
    global _glossary
    if _glossary is None:
        with _lock:
            if _glossary is None:
                _glossary = Glossary.from_file()
    return _glossary


def get_tokenizer():
    """A jieba tokenizer of its own (not jieba's global one) with the glossary's Chinese terms added."""
    global _tokenizer
    if _tokenizer is None:
        glossary = get_glossary()
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for term in glossary.zh_terms():
                    # A frequency well above ordinary words: glossary terms stay whole, longer ones win.
                    tokenizer.add_word(term, freq=100_000 * len(term))
                _tokenizer = tokenizer
    return _tokenizer


@dataclass
class _Token:
    text: str  # the output text
    concept: int | None = None  # a glossary concept, or None
    meaningful: bool = True  # counts towards the known/unknown ratio
    english: str | None = None  # a dictionary sense (CC-CEDICT) of a segment the glossary does not know


def _is_code(text: str) -> bool:
    return bool(CODE_RE.match(text)) or text.lower() in SIZES


class GlossaryEngine(Engine):
    """Keyword translation of titles and attribute values through the catalogue glossary."""

    name = "glossary"
    kind = "keywords"

    def __init__(self, sources=None, min_known_ratio: float = 0.5, dictionary: bool = True):
        self.sources = frozenset(sources) if sources is not None else DEFAULT_SOURCES
        self.min_known_ratio = min_known_ratio
        self.dictionary = dictionary  # CC-CEDICT for Chinese segments the glossary lacks (into English)

    def supports(self, source: str, target: str) -> bool:
        return source in self.sources and target in LANGUAGES and source != target

    def translate(self, text: str, source: str, target: str) -> EngineResult | None:
        if not self.supports(source, target) or not text or not text.strip():
            return None
        glossary = get_glossary()
        if self.is_sentence(text, source):
            return None  # a message or a question: a sentence engine reads it better
        if source == "zh-hans":
            tokens = self.tokenize_zh(text, dictionary=target == "en" and self.dictionary and cedict.available())
        else:
            tokens = self.tokenize(text, source)
        meaningful = [token for token in tokens if token.meaningful]
        known = [token for token in meaningful if token.concept is not None or token.english]
        if not meaningful or len(known) < self.min_known_ratio * len(meaningful):
            return None
        output: list[str] = []
        used: set[int | str] = set()
        for token in tokens:
            if token.concept is not None:
                if token.concept not in used:  # "女士 … 女" says "women" once
                    used.add(token.concept)
                    output.append(glossary.term(token.concept, target))
            elif token.english:
                if token.english not in used:
                    used.add(token.english)
                    output.append(token.english)
            else:
                output.append(token.text)
        return EngineResult(text=" ".join(output), engine=self.name, kind=self.kind)

    @staticmethod
    def is_sentence(text: str, source: str) -> bool:
        """Whether `text` reads as a sentence (a question mark or a Chinese full stop, or two of
        the language's pronouns, particles and question words), not as a title of keywords."""
        if SENTENCE_MARKS.search(text):
            return True
        markers = SENTENCE_WORDS.get(source, frozenset())
        if source == "zh-hans":
            found = [s for chunk in CHUNK_SPLIT_RE.split(text) if chunk for s in get_tokenizer().cut(chunk, HMM=False)]
        else:
            found = [normalize(word, source) for word in words(text)]
        return sum(word in markers for word in found) >= 2

    def _dictionary(self, tokens: list[_Token]) -> list[_Token]:
        """Chinese segments the glossary does not know, through CC-CEDICT: a dictionary word,
        or a compound split into dictionary words (咖啡杯 → coffee cup); else left as they are."""
        glossary = get_glossary()
        index = glossary.index["zh-hans"]
        shop = glossary.english_words
        out: list[_Token] = []
        for token in tokens:
            if token.concept is not None or token.english or not token.meaningful or not HAN_RE.search(token.text):
                out.append(token)
                continue
            sense = cedict.english(token.text, shop) if len(token.text) >= 2 else None
            if sense:
                out.append(_Token(token.text, english=sense))
                continue
            parts = cedict.split(token.text, known=lambda part: part in index, shop_words=shop)
            if parts is None:
                out.append(token)
                continue
            for part, is_word in parts:
                concept = index.get(part) if is_word else None
                sense = cedict.english(part, shop) if is_word and concept is None else None
                out.append(_Token(part, concept, english=sense))
        return out

    # Chinese -------------------------------------------------------------

    def tokenize_zh(self, text: str, dictionary: bool = False) -> list[_Token]:
        """Chinese title → tokens. With `dictionary`, a segment the glossary does not know
        gets its CC-CEDICT sense before unknown neighbours are merged (电竞 + 游戏 stay two
        words), and what is still unknown after merging is looked up and split (_dictionary)."""
        glossary = get_glossary()
        index = glossary.index["zh-hans"]
        tokens: list[_Token] = []
        for chunk in CHUNK_SPLIT_RE.split(text):
            if not chunk:
                continue
            if not HAN_RE.search(chunk):
                tokens.append(self._latin_in_zh(chunk, index))
                continue
            segments = [s for s in get_tokenizer().cut(chunk, HMM=False) if s.strip()]
            chunk_tokens: list[_Token] = []
            i = 0
            while i < len(segments):
                for j in range(min(len(segments), i + MAX_ZH_SEGMENTS), i, -1):
                    concept = index.get(normalize("".join(segments[i:j]), "zh-hans"))
                    if concept is not None:
                        chunk_tokens.append(_Token("".join(segments[i:j]), concept))
                        i = j
                        break
                else:
                    chunk_tokens.extend(self._zh_segment(segments[i], index, glossary.zh_max_chars))
                    i += 1
            if dictionary:
                shop = glossary.english_words
                chunk_tokens = [
                    _Token(t.text, english=cedict.english(t.text, shop))
                    if t.concept is None and t.meaningful and len(t.text) >= 2 and HAN_RE.search(t.text)
                    else t
                    for t in chunk_tokens
                ]
            tokens.extend(self._merge_unknown(self._absorb_single_characters(chunk_tokens)))
        return self._dictionary(tokens) if dictionary else tokens

    @staticmethod
    def _absorb_single_characters(tokens: list[_Token]) -> list[_Token]:
        """A one-character term next to a one-character unknown is most likely part of a word the
        segmenter does not know (逗 + 猫 + 棒 = 逗猫棒, a cat teaser, not "cat"): it stays unknown."""

        def lone_unknown(k: int) -> bool:
            return (
                0 <= k < len(tokens)
                and tokens[k].concept is None
                and tokens[k].meaningful
                and len(tokens[k].text) == 1
                and bool(HAN_RE.match(tokens[k].text))
            )

        return [
            _Token(token.text)
            if token.concept is not None and len(token.text) == 1 and (lone_unknown(k - 1) or lone_unknown(k + 1))
            else token
            for k, token in enumerate(tokens)
        ]

    @staticmethod
    def _merge_unknown(tokens: list[_Token]) -> list[_Token]:
        """Adjacent unknown Chinese segments are one unknown term (a brand jieba split: 森 + 马 = 森马)."""
        merged: list[_Token] = []
        for token in tokens:
            previous = merged[-1] if merged else None
            if previous is not None and not previous.meaningful and previous.concept is None:
                # "3" "-" "6" "岁" were one code in the source: "3-6岁" stays whole.
                if token.concept is None and not token.meaningful and not HAN_RE.search(previous.text + token.text):
                    merged[-1] = _Token(previous.text + token.text, meaningful=False)
                    continue
                if token.concept is None and token.text in ZH_UNITS and re.search(r"\d$", previous.text):
                    merged[-1] = _Token(previous.text + token.text, meaningful=False)
                    continue
            if (
                previous is not None
                and token.concept is None
                and previous.concept is None
                and token.english is None
                and previous.english is None
                and token.meaningful
                and previous.meaningful
                and HAN_RE.search(token.text)
                and HAN_RE.search(previous.text)
            ):
                merged[-1] = _Token(previous.text + token.text)
            else:
                merged.append(token)
        return merged

    def _latin_in_zh(self, chunk: str, index: dict[str, int]) -> _Token:
        """A Latin-script chunk in a Chinese title: a glossary term ("USB", "POLO"), or a brand/model kept as is."""
        concept = index.get(normalize(chunk, "zh-hans"))
        if concept is not None:
            return _Token(chunk, concept)
        return _Token(chunk, meaningful=False)

    def _zh_segment(self, segment: str, index: dict[str, int], max_chars: int) -> list[_Token]:
        """A segment that is no glossary term: split it into glossary terms if it is made of them
        entirely (forward maximum matching, "女包" = 女 + 包), otherwise keep it whole."""
        if not HAN_RE.search(segment):
            return [self._latin_in_zh(segment, index)]
        if segment in STOPWORDS["zh-hans"]:
            return []
        parts: list[_Token] = []
        i = 0
        while i < len(segment):
            for j in range(min(len(segment), i + max_chars), i, -1):
                concept = index.get(normalize(segment[i:j], "zh-hans"))
                if concept is not None:
                    parts.append(_Token(segment[i:j], concept))
                    i = j
                    break
            else:
                if segment[i] in STOPWORDS["zh-hans"] and parts:
                    i += 1
                    continue
                return [_Token(segment)]  # not fully covered (a brand name, say): the segment survives whole
        return parts

    # Other languages -----------------------------------------------------

    def tokenize(self, text: str, source: str) -> list[_Token]:
        glossary = get_glossary()
        index = glossary.index[source]
        longest = glossary.max_words[source]
        originals = words(unicodedata.normalize("NFC", text))
        keys = [normalize(word, source) for word in originals]
        stopwords = STOPWORDS.get(source, frozenset())
        tokens: list[_Token] = []
        i = 0
        lemmas = [lemmatise(key, source) for key in keys] if source in LEMMATISED else keys
        while i < len(keys):
            for j in range(min(len(keys), i + longest), i, -1):
                concept = index.get(" ".join(keys[i:j]))
                if concept is None and source in LEMMATISED:
                    concept = glossary.lemma_lookup(tuple(lemmas[i:j]), source)  # платья женские → платье женский
                if concept is not None:
                    tokens.append(_Token(" ".join(originals[i:j]), concept))
                    i = j
                    break
            else:
                word = originals[i]
                if _is_code(word):
                    tokens.append(_Token(word, meaningful=False))
                elif keys[i] not in stopwords:
                    tokens.append(_Token(word))
                i += 1
        return tokens


def translate_keywords(text: str, source: str, target: str) -> str | None:
    """A convenience for callers that want the text only."""
    result = GlossaryEngine(sources=LANGUAGES).translate(text, source, target)
    return result.text if result else None
