"""The translation service: one entry point, `translate_text`, for every app.

The chain: identical languages → the original; the translation memory (any
engine, the chain's order preferred) → no engine call; then each engine of
settings.CARAVAN_TRANSLATION_ENGINES that supports the pair. Protected tokens
(model numbers, sizes, units, brand names) are swapped for placeholders before
an engine sees the text and put back after. When no engine can translate, the
caller gets the original with a plain note, never an exception and never a fake;
`retry_later` says an engine was only unavailable, so a task may try again."""

import logging
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from translation.engines import memory
from translation.engines.base import HTML, TEXT, Engine, EngineError, EngineUnavailable
from translation.tokens import protect, protect_html

logger = logging.getLogger(__name__)

NOTE_NOT_TRANSLATED = "not translated yet"


@dataclass(frozen=True)
class TranslationResult:
    text: str
    engine: str  # "" for the original
    kind: str  # "human", "machine", "keywords" or "original"
    from_memory: bool = False
    note: str = ""
    retry_later: bool = False  # an engine was unavailable: translating again later may succeed

    @property
    def translated(self) -> bool:
        return self.kind != "original"


@lru_cache(maxsize=8)
def _load_engines(paths: tuple[str, ...]) -> tuple[Engine, ...]:
    return tuple(import_string(path)() for path in paths)


def translation_engines() -> tuple[Engine, ...]:
    """The chain's engines, built once per distinct setting. A setting entry may be
    a dotted path or an Engine instance (tests plug fakes in that way)."""
    configured = list(getattr(settings, "CARAVAN_TRANSLATION_ENGINES", []))
    if all(isinstance(entry, str) for entry in configured):
        return _load_engines(tuple(configured))
    return tuple(import_string(entry)() if isinstance(entry, str) else entry for entry in configured)


def translation_engines_forget():
    _load_engines.cache_clear()


def translate_text(
    *,
    text: str,
    source: str,
    target: str,
    protected: list[str] | tuple[str, ...] = (),
    format: str = TEXT,
) -> TranslationResult:
    """`text` (in language `source`) in language `target`. Never raises for engine trouble.

    `format="html"` (listing descriptions): only engines that keep tags are asked
    (Apertium -f html, LibreTranslate format html, DeepL tag_handling html; not the
    keyword glossary), protected tokens are looked for in the text between tags
    only, and the memory keeps HTML entries apart from plain-text ones. The result
    is the engine's HTML as it came: a caller that shows it sanitises it first."""
    if format not in (TEXT, HTML):
        raise ValueError(f"unknown translation format {format!r}")
    original = TranslationResult(text=text, engine="", kind="original")
    if source == target or not (text or "").strip():
        return original
    engines = [engine for engine in translation_engines() if format in getattr(engine, "formats", (TEXT,))]
    remembered = memory.recall(text, source, target, [engine.name for engine in engines], format)
    if remembered is not None:
        return TranslationResult(text=remembered.text, engine=remembered.engine, kind=remembered.kind, from_memory=True)

    shielded = protect_html(text, protected) if format == HTML else protect(text, protected)
    unavailable = False
    for engine in engines:
        if not engine.supports(source, target):
            continue
        try:
            if format == HTML:
                result = engine.translate(shielded.text, source, target, format=HTML)
            else:
                result = engine.translate(shielded.text, source, target)
        except EngineUnavailable as exc:
            logger.warning("translation engine %s unavailable for %s→%s: %s", engine.name, source, target, exc)
            unavailable = True
            continue
        except EngineError as exc:
            logger.info("translation engine %s refused %s→%s: %s", engine.name, source, target, exc)
            continue
        if result is None or not result.text.strip():
            continue
        translated = shielded.restore(result.text)
        memory.remember(
            text, source, target, engine=result.engine, translated=translated, kind=result.kind, format=format
        )
        return TranslationResult(text=translated, engine=result.engine, kind=result.kind)
    return TranslationResult(text=text, engine="", kind="original", note=NOTE_NOT_TRANSLATED, retry_later=unavailable)


def sentence_engine_supports(source: str, target: str) -> bool:
    """Whether an engine of the chain translates sentences (not only keywords) from `source` to `target`."""
    return any(getattr(engine, "kind", "machine") != "keywords" and engine.supports(source, target)
               for engine in translation_engines())  # fmt: skip
