"""Storage for private files (seller documents): outside MEDIA_ROOT, with no
URL; served only by views that check who is asking."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT when used (not at import), so the location
    follows the settings and migrations do not record a machine's path."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    def deconstruct(self):
        return ("marketplace.storage.PrivateStorage", (), {})


def private_storage() -> PrivateStorage:
    """The storage callable of private FileFields (migrations record this name)."""
    return PrivateStorage()
