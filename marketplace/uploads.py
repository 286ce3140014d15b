"""Checking uploaded files by what they contain, not by their name or the type
the browser declares. Three signatures are all Caravan accepts for documents,
so they are checked here directly (python-magic would need the system's
libmagic); images are also fully decoded with Pillow."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from .errors import DomainError

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def document_content_type(upload: UploadedFile, *, max_bytes: int, field: str = "file") -> str:
    """Return the real content type of a PDF, JPEG or PNG upload, or raise a
    DomainError that says what is wrong (empty, too large, not one of those)."""
    size = upload.size or 0
    if size == 0:
        raise DomainError(_("The file is empty."), field=field)
    if size > max_bytes:
        raise DomainError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": max_bytes // 1048576},
            field=field,
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = next((ctype for magic, ctype in SIGNATURES if head.startswith(magic)), None)
    if content_type is None:
        raise DomainError(_("Only PDF, JPEG or PNG files are accepted, and this file is none of them."), field=field)
    if content_type.startswith("image/"):
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise DomainError(_("The image is damaged or incomplete."), field=field) from exc
        finally:
            upload.seek(0)
    else:
        upload.seek(max(0, size - 1024))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise DomainError(_("The PDF is damaged or incomplete."), field=field)
    return content_type
