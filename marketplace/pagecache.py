"""Rendered storefront content kept in the cache (Redis in production).

A page's main content (home rows, a category or search results page, a
listing page) is the same for every visitor who shares its URL, language and
display currency, so it is rendered once and reused for a few minutes. Any
change a buyer could see (a listing saved, a store suspended, new exchange
rates) bumps one version number, which retires every entry at once. The
header (account links, CSRF token) is rendered per request around it.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_KEY = "storefront:version"


def storefront_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key expired or was never set
        cache.set(VERSION_KEY, 2, None)


def storefront_changed() -> None:
    """Retire every cached storefront page: now, and again once the current
    transaction commits (a page rendered in between from the old rows would
    otherwise live on). A rolled-back change only costs a few cache misses."""
    _bump()
    transaction.on_commit(_bump)


def cached_content(
    request, template: str, build_context, *, timeout: int | None = None, vary: str = ""
) -> tuple[str, dict]:
    """The rendered `template` for this request's URL, language and currency
    (and `vary`, e.g. the ship-to country of pages that show shipping), with
    the context's `page_meta` dict (e.g. the page title for <head>);
    `build_context()` (and its queries) runs only on a miss."""
    parts = "|".join(
        [template, request.get_full_path(), get_language() or "", getattr(request, "currency", ""),
         str(storefront_version()), vary]
    )  # fmt: skip
    key = "storefront:page:" + hashlib.sha256(parts.encode()).hexdigest()
    entry = cache.get(key)
    if entry is None:
        context = build_context()
        entry = (render_to_string(template, context, request), context.get("page_meta", {}))
        cache.set(key, entry, timeout or settings.CARAVAN_STOREFRONT_CACHE_SECONDS)
    html, meta = entry
    return mark_safe(html), meta  # noqa: S308 (our own template's output)
