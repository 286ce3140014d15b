"""A web worker starts what CARAVAN_WEB_WARM_UP names as it loads (marketplace/wsgi.py),
and the language detector it names by default is built in the background."""

import importlib
import sys

from translation import detect

CALLS = []


def note_call():
    CALLS.append("warmed")


def test_the_wsgi_module_runs_each_warm_up_once_as_it_loads(settings):
    settings.CARAVAN_WEB_WARM_UP = ["tests.marketplace.test_web_warm_up.note_call"]
    CALLS.clear()
    sys.modules.pop("marketplace.wsgi", None)
    importlib.import_module("marketplace.wsgi")
    assert CALLS == ["warmed"]


def test_the_default_warm_up_builds_the_detector_in_a_background_thread(settings):
    assert "translation.detect.detector_warm_in_background" in settings.CARAVAN_WEB_WARM_UP
    detect._detector.cache_clear()
    thread = detect.detector_warm_in_background()
    assert thread.daemon
    thread.join(timeout=120)
    assert detect._detector.cache_info().currsize == 1
    assert detect.detect_language("¿Pueden enviarlo a Guadalajara, por favor?") == "es"
