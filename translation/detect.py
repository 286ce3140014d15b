"""Offline language detection (lingua), limited to Caravan's eight languages."""

import threading
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

CARAVAN_CODES = {
    Language.ENGLISH: "en",
    Language.CHINESE: "zh-hans",
    Language.RUSSIAN: "ru",
    Language.ITALIAN: "it",
    Language.SPANISH: "es",
    Language.TURKISH: "tr",
    Language.PORTUGUESE: "pt-br",
    Language.FRENCH: "fr",
}
MIN_LETTERS = 3  # fewer letters than this say nothing about a language
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _detector():
    return (
        LanguageDetectorBuilder.from_languages(*CARAVAN_CODES)
        .with_minimum_relative_distance(0.1)
        .with_preloaded_language_models()
        .build()
    )


def detect_language(text: str) -> str | None:
    """The Caravan language code of `text`, or None when it is too short or uncertain."""
    text = (text or "").strip()
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    detector = _detector()
    language = detector.detect_language_of(text)
    if language is None:
        return None
    if detector.compute_language_confidence(text, language) < MIN_CONFIDENCE:
        return None
    return CARAVAN_CODES[language]


def detector_warm_in_background() -> threading.Thread:
    """Build the detector in a daemon thread now, so that the first message a web
    worker takes is not the one that waits for it (about 2 s and 200 MB: the eight
    languages' models). Called once per web worker process (marketplace/wsgi.py),
    after the fork, never in a process that forks later."""
    thread = threading.Thread(target=_detector, name="language-detector-warm", daemon=True)
    thread.start()
    return thread
