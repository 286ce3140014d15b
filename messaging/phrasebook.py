"""The sellers' phrasebook: common answers written by us in every interface
language (messaging/data/phrasebook.json). A message sent from it carries
these human translations, so readers never get a machine's version of them."""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

PATH = Path(__file__).parent / "data" / "phrasebook.json"


@lru_cache(maxsize=1)
def phrasebook() -> dict[str, dict[str, str]]:
    """{phrase key: {language code: text}}, every key in every interface language."""
    return json.loads(PATH.read_text(encoding="utf-8"))


BUYER_PREFIX = "buyer_"  # the buyers' phrases (questions); the others are the sellers' answers


def phrases_in(language: str, role: str = "seller") -> list[tuple[str, str]]:
    """(key, text) of every phrase for `role` ("seller" or "buyer") in
    `language` (English where it is missing)."""
    default = settings.LANGUAGE_CODE
    buyer = role == "buyer"
    return [
        (key, texts.get(language) or texts[default])
        for key, texts in phrasebook().items()
        if key.startswith(BUYER_PREFIX) == buyer
    ]


def phrase_match(key: str, body: str) -> tuple[str, dict[str, str]] | None:
    """(language, every translation) if `body` is exactly phrase `key` in one of
    its languages; None when the key is unknown or the seller edited the text."""
    texts = phrasebook().get(key or "")
    if not texts:
        return None
    wanted = " ".join((body or "").split())
    for language, text in texts.items():
        if " ".join(text.split()) == wanted:
            return language, texts
    return None
