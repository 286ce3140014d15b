"""The one check of uploaded images and documents, used by every place that takes
a file (listing photos, feed images, message attachments, seller documents, the
store logo); each caller passes its own limits from its own setting.

Files are judged by what they contain, not by their name or the type the browser
declares. The few signatures Caravan accepts are checked here directly
(python-magic would need the system's libmagic). An image is decoded in full
with a pixel cap, so a decompression bomb is refused before it is expanded, and
is then re-encoded from its pixels: what is stored holds no EXIF (a phone photo's
GPS position), no comments and nothing appended after the image (a polyglot),
only the picture, turned the way its orientation tag said.
"""

import io
import warnings
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError

IMAGE_SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
PDF_SIGNATURE = b"%PDF-"
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
TYPE_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "application/pdf": "PDF"}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
IMAGE_TYPES = ("image/jpeg", "image/png")
# The modes each format is written in; anything else is converted to the first.
OUTPUT_MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGB", "RGBA", "L", "LA"), "WEBP": ("RGB", "RGBA")}


class UploadRejected(DomainError):
    """An uploaded file is refused; the message says what to change."""

    code = "invalid_upload"


@dataclass(frozen=True)
class CleanImage:
    """An accepted image, re-encoded: `data` is what to store."""

    data: bytes
    content_type: str
    width: int
    height: int
    image: Image.Image = field(repr=False, compare=False)  # the decoded, upright picture (for thumbnails)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


@dataclass(frozen=True)
class CleanDocument:
    """An accepted document: a PDF as uploaded, or an image re-encoded. `data` is what to store."""

    data: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _types_named(types) -> str:
    """'JPEG, PNG or WebP'."""
    names = [TYPE_NAMES.get(t, t) for t in types]
    return (
        names[0] if len(names) == 1 else _("%(list)s or %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}
    )


def _read(source: UploadedFile | bytes, *, max_bytes: int, field: str) -> bytes:
    """The bytes of an upload (or bytes already read), refusing empty and too large ones before reading."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        size = len(data)
    else:
        size = source.size or 0
    if size == 0:
        raise UploadRejected(_("The file is empty."), field=field, code="empty")
    if size > max_bytes:
        raise UploadRejected(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": f"{max_bytes / 1048576:.3g}"},
            field=field,
            code="too_large",
        )
    if isinstance(source, bytes | bytearray):
        return data
    source.seek(0)
    data = source.read(max_bytes + 1)
    source.seek(0)
    if len(data) > max_bytes:  # the declared size was wrong
        raise UploadRejected(_("The file is too large."), field=field, code="too_large")
    return data


def sniff(data: bytes) -> str | None:
    """The content type of `data` by its first bytes, among those Caravan accepts."""
    if data.startswith(PDF_SIGNATURE):
        return "application/pdf"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((ctype for magic, ctype in IMAGE_SIGNATURES if data.startswith(magic)), None)


def check_image(
    source: UploadedFile | bytes,
    *,
    max_bytes: int,
    max_pixels: int,
    allowed_types: tuple[str, ...] = IMAGE_TYPES,
    min_side: int = 0,
    field: str = "image",
) -> CleanImage:
    """Check an image by its content and return it re-encoded without metadata,
    or raise UploadRejected on `field` saying what is wrong."""
    data = _read(source, max_bytes=max_bytes, field=field)
    content_type = sniff(data)
    if content_type not in allowed_types:
        raise UploadRejected(
            _("This file is not an image we can read: use a %(types)s image.") % {"types": _types_named(allowed_types)},
            field=field,
            code="wrong_type",
        )
    too_many = _("The image has too many pixels: at most %(max)s megapixels.") % {"max": f"{max_pixels / 1e6:g}"}
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that: a bomb either way.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[content_type]]) as opened:
                if opened.width * opened.height > max_pixels:
                    raise UploadRejected(too_many, field=field, code="too_many_pixels")
                opened.load()  # decode every byte: a truncated or corrupt image fails here
                icc_profile = opened.info.get("icc_profile")
                image = ImageOps.exif_transpose(opened)  # a new image, upright
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(too_many, field=field, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UploadRejected(_("The image is damaged or incomplete."), field=field, code="damaged") from exc
    if min(image.size) < min_side:
        raise UploadRejected(
            _("The image is too small: at least %(n)s×%(n)s pixels.") % {"n": min_side},
            field=field,
            code="too_small",
        )
    fmt = PILLOW_FORMATS[content_type]
    modes = OUTPUT_MODES[fmt]
    if image.mode not in modes:
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        if image.mode not in ("P", "PA", "1"):
            icc_profile = None  # a CMYK or 16-bit profile would misdescribe the converted pixels
        image = image.convert("RGBA" if transparent and "RGBA" in modes else modes[0])
    image.info = {}  # nothing of the original's metadata is written back
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt in ("JPEG", "WEBP"):
        options["quality"] = 90
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return CleanImage(
        data=out.getvalue(), content_type=content_type, width=image.width, height=image.height, image=image
    )


def check_document(
    source: UploadedFile | bytes, *, max_bytes: int, max_pixels: int, field: str = "file"
) -> CleanDocument:
    """A PDF (by its signature, and complete) or a JPEG/PNG image (through
    check_image, so re-encoded without metadata); else UploadRejected on `field`."""
    data = _read(source, max_bytes=max_bytes, field=field)
    content_type = sniff(data)
    if content_type == "application/pdf":
        if b"%%EOF" not in data[-1024:]:
            raise UploadRejected(_("The PDF is damaged or incomplete."), field=field, code="damaged")
        return CleanDocument(data=data, content_type=content_type)
    if content_type not in IMAGE_TYPES:
        raise UploadRejected(
            _("Only PDF, JPEG or PNG files are accepted, and this file is none of them."),
            field=field,
            code="wrong_type",
        )
    image = check_image(data, max_bytes=max_bytes, max_pixels=max_pixels, field=field)
    return CleanDocument(data=image.data, content_type=image.content_type)


def replace_upload_content(upload: UploadedFile, data: bytes) -> None:
    """Make `upload` hold `data` (the cleaned file), in place, for a caller that
    stores the upload object it was given. Writes into the upload's own file, so
    a large upload kept on disk (temporary_file_path) holds the new bytes too."""
    handle = upload.file
    handle.seek(0)
    handle.truncate()
    handle.write(data)
    handle.flush()
    handle.seek(0)
    upload.size = len(data)
