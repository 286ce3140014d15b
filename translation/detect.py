"""Offline language detection (lingua), limited to Caravan's eight languages."""

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
