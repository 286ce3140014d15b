"""Rendered storefront content kept in the cache (Redis in production).

A page's main content (home rows, a category or search results page, a
listing page) is the same for every visitor who shares its URL, language and
display currency, so it is rendered once and reused for a few minutes. Any
change a buyer could see (a listing saved, a store suspended, new exchange
rates) bumps one version number, which retires every entry at once. The
header (account links, CSRF token) is rendered per request around it.

A listing's translation into one language changes only the pages in that
language (and the answers to text searches, whose index holds every language's
words): `storefront_changed(language=...)` bumps that language's version and the
search version, which only those pages' keys carry. A job that stores many
translations runs inside `storefront_changes_batched()`, which collects the bumps
and makes each once when it ends (a page may show the old content for as long as
the batch runs, never longer).
"""

import hashlib
import threading
from contextlib import ContextDecorator

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_KEY = "storefront:version"


SEARCH_VERSION_KEY = "storefront:version:search"


def language_version_key(language: str) -> str:
    return f"storefront:version:lang:{language}"


def storefront_version(key: str = VERSION_KEY) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, None)
        version = cache.get(key, 1)
    return version


def _bump(key: str = VERSION_KEY) -> None:
    try:
        cache.incr(key)
    except ValueError:  # the key expired or was never set
        cache.set(key, 2, None)


_batch = threading.local()


class storefront_changes_batched(ContextDecorator):
    """Inside it (a `with` block or a decorated function), storefront_changed() only
    notes which versions to bump; each is bumped once when the outermost block ends
    (now, and once the transaction then open commits). For jobs that store many
    translations. Blocks nest; each thread has its own."""

    def __enter__(self):
        if getattr(_batch, "depth", 0) == 0:
            _batch.keys = set()
        _batch.depth = getattr(_batch, "depth", 0) + 1
        return self

    def __exit__(self, *exc):
        _batch.depth -= 1
        if _batch.depth == 0:
            keys, _batch.keys = _batch.keys, None
            _bump_now_and_on_commit(keys)
        return False


def _bump_now_and_on_commit(keys) -> None:
    for key in sorted(keys):
        _bump(key)
        transaction.on_commit(lambda key=key: _bump(key))


def storefront_changed(*, language: str | None = None) -> None:
    """Retire the cached storefront pages a change shows on: every page, or with
    `language` (a listing's translation into it) the pages in that language and
    the text searches. Now, and again once the current transaction commits (a page
    rendered in between from the old rows would otherwise live on). A rolled-back
    change only costs a few cache misses."""
    keys = {VERSION_KEY} if language is None else {language_version_key(language), SEARCH_VERSION_KEY}
    pending = getattr(_batch, "keys", None)
    if pending is not None:
        pending.update(keys)
        return
    _bump_now_and_on_commit(keys)


def cached_content(
    request, template: str, build_context, *, timeout: int | None = None, vary: str = ""
) -> tuple[str, dict]:
    """The rendered `template` for this request's URL, language and currency
    (and `vary`, e.g. the ship-to country of pages that show shipping), with
    the context's `page_meta` dict (e.g. the page title for <head>);
    `build_context()` (and its queries) runs only on a miss."""
    language = get_language() or ""
    keys = [VERSION_KEY, language_version_key(language)]
    if request.GET.get("q"):  # a text search: its index holds every language's words
        keys.append(SEARCH_VERSION_KEY)
    known = cache.get_many(keys)  # one round trip
    versions = [known[key] if key in known else storefront_version(key) for key in keys]
    parts = "|".join(
        [template, request.get_full_path(), language, getattr(request, "currency", ""), *map(str, versions), vary]
    )
    key = "storefront:page:" + hashlib.sha256(parts.encode()).hexdigest()
    entry = cache.get(key)
    if entry is None:
        context = build_context()
        entry = (render_to_string(template, context, request), context.get("page_meta", {}))
        cache.set(key, entry, timeout or settings.CARAVAN_STOREFRONT_CACHE_SECONDS)
    html, meta = entry
    return mark_safe(html), meta  # noqa: S308 (our own template's output)
