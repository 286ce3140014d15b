"""Payment gateway adapters by code (settings.CARAVAN_PAYMENT_GATEWAYS)."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from marketplace.errors import NotFound

from .base import Gateway


@cache
def _gateway_class(path: str):
    return import_string(path)


def gateway_get(code: str) -> Gateway:
    """The adapter registered under `code`; NotFound for a code not in settings."""
    path = settings.CARAVAN_PAYMENT_GATEWAYS.get(code)
    if path is None:
        raise NotFound(_("There is no payment gateway %(code)s.") % {"code": code}, field="gateway")
    return _gateway_class(path)()


def gateway_default() -> Gateway:
    return gateway_get(settings.CARAVAN_PAYMENT_GATEWAY_DEFAULT)
