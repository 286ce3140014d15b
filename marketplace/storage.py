"""Storage for private files (seller documents): outside MEDIA_ROOT, with no
URL; served only by views that check who is asking."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = _PrivateStorage()
