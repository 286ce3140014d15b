"""A feed row's pictures: fetched from a URL through the one SSRF-safe fetcher,
or read from the uploaded zip (listings.imports.services), then checked with the
listing photo rules before any row is written. Every problem is an ImageProblem
whose message the row report shows."""

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace import http, uploads

from ..services import listing_photo_check

MAX_REDIRECTS = 3


class ImageProblem(Exception):
    """An image of a row cannot be used; the message is for a person."""


def check_image(data: bytes, reference: str) -> None:
    """The check listing_image_add makes (listings.services.listing_photo_check),
    before any row is written, so a broken image fails the row without leaving
    a file behind."""
    name = reference[:100]
    try:
        listing_photo_check(data)
    except uploads.UploadRejected as exc:
        # The row report names the file; the reasons keep the import's own wording.
        messages = {
            "too_large": _("%(name)s is too large."),
            "wrong_type": _("%(name)s is not an image we can read (JPEG, PNG or WebP)."),
            "too_many_pixels": _("%(name)s has too many pixels."),
            "too_small": _("%(name)s is too small: at least 200×200 pixels."),
        }
        message = messages.get(exc.code, _("%(name)s is not an image we can read."))
        raise ImageProblem(message % {"name": name}) from None


def fetch_image(url: str) -> bytes:
    """GET an image URL through the one SSRF-safe fetcher (size cap, total
    deadline, a few redirects). Private and loopback hosts are refused unless
    CARAVAN_IMPORT_IMAGE_URL_ALLOW_PRIVATE (the tests' local server)."""
    try:
        result = http.fetch(
            url,
            max_bytes=settings.CARAVAN_LISTING_IMAGE_MAX_BYTES,
            timeout=settings.CARAVAN_IMPORT_IMAGE_TIMEOUT,
            allow_private=settings.CARAVAN_IMPORT_IMAGE_URL_ALLOW_PRIVATE,
            max_redirects=MAX_REDIRECTS,
        )
    except http.FetchError as exc:
        raise ImageProblem(exc.message) from None
    return result.body
