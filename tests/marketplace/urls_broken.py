"""The project's URLs and error handlers, plus two views that fail the way a bug does
(tests/marketplace/test_error_pages.py): Django's handler500 is what answers them."""

from django.urls import path

from marketplace.urls import *  # noqa: F403 (the handlers too)
from marketplace.urls import urlpatterns as project_urlpatterns


def broken(request, **kwargs):
    raise ZeroDivisionError("a bug")


urlpatterns = [
    path("api/v1/broken/", broken),
    path("broken/", broken),
    *project_urlpatterns,
]
