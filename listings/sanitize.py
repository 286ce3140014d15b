"""Listing descriptions: a small safe subset of HTML (nh3, the Ammonia
sanitiser). No scripts, no event handlers, no iframes, no styles, no images
from elsewhere; links get rel="nofollow noopener"."""

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "table", "thead", "tbody",
                "tr", "th", "td", "blockquote", "a"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan"}}


def sanitize_description(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http"},
        link_rel="nofollow noopener noreferrer",
    ).strip()
