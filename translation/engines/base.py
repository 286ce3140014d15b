"""The contract every translation engine meets (see translation/services.py
for the chain that calls them, in the order settings.CARAVAN_TRANSLATION_ENGINES
names them)."""

from dataclasses import dataclass


class EngineUnavailable(Exception):
    """A transient failure (network, 5xx, rate limit, timeout): retry later."""


class EngineError(Exception):
    """The engine refused this text for good (4xx, unsupported input)."""


@dataclass(frozen=True)
class EngineResult:
    text: str
    engine: str  # the engine's name, recorded with the translation
    kind: str = "machine"  # "machine" or "keywords" (glossary: a keyword translation, labelled as such)


TEXT = "text"
HTML = "html"


class Engine:
    """One engine. `supports` must be cheap (no network); `translate` returns
    an EngineResult, or None when it cannot translate this text (the chain then
    asks the next engine), and raises EngineUnavailable for transient trouble.

    `formats` says what an engine reads: "text" (every engine) and "html" (an
    engine that translates the text of an HTML fragment and keeps its tags).
    The chain passes `format="html"` only to an engine that lists it, and calls
    `translate(text, source, target)` for plain text, so an engine that does
    only text needs no `format` parameter."""

    name = "engine"
    formats: frozenset[str] = frozenset({TEXT})

    def supports(self, source: str, target: str) -> bool:
        raise NotImplementedError

    def translate(self, text: str, source: str, target: str, format: str = TEXT) -> EngineResult | None:
        raise NotImplementedError
