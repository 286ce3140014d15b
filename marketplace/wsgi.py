import os

from django.core.wsgi import get_wsgi_application
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
application = get_wsgi_application()


def _warm() -> None:
    """Start, in the background, what a web worker's first requests would otherwise wait
    for: the callables CARAVAN_WEB_WARM_UP names (dotted paths, as MIDDLEWARE names its
    classes), once per worker process, after gunicorn's fork (no --preload)."""
    from django.conf import settings

    for path in settings.CARAVAN_WEB_WARM_UP:
        import_string(path)()


_warm()
