import contextlib
import json
import time
from http.server import BaseHTTPRequestHandler

import pytest

from tests.conftest import LocalHTTPServer
from translation.engines.libretranslate import LibreTranslateEngine
from translation.services import translation_engines_forget

LANGUAGES = [
    {"code": code, "name": name, "targets": ["en", "zh", "ru", "it", "es", "tr", "pt", "fr"]}
    for code, name in [
        ("en", "English"),
        ("zh", "Chinese"),
        ("ru", "Russian"),
        ("it", "Italian"),
        ("es", "Spanish"),
        ("tr", "Turkish"),
        ("pt", "Portuguese"),
        ("fr", "French"),
    ]
]


class FakeLibreTranslate(LocalHTTPServer):
    """A local server speaking LibreTranslate's API: GET /languages, POST /translate
    and /detect (JSON or form bodies), {"error": ...} bodies on failure. A test sets
    `mode` to "ok", "bad_request", "forbidden", "rate_limited", "server_error" or
    "slow", and `translations` to {(q, source, target): text}; unknown texts come
    back as "[target] q" so a test can see what was sent."""

    def __init__(self, api_key: str = ""):
        self.api_key = api_key
        self.mode = "ok"
        self.delay = 2.0
        self.translations: dict[tuple[str, str, str], str] = {}
        self.requests: list[tuple[str, str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status, body):
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(raw)  # the client may have given up (the timeout test)

            def _body(self) -> dict:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    return json.loads(raw or b"{}")
                from urllib.parse import parse_qsl

                return dict(parse_qsl(raw.decode()))

            def do_GET(self):
                server.requests.append(("GET", self.path, {}))
                if self.path == "/languages":
                    return self._send(200, LANGUAGES)
                return self._send(404, {"error": "Not Found"})

            def do_POST(self):
                body = self._body()
                server.requests.append(("POST", self.path, body))
                failure = server.failure(body)
                if failure:
                    return self._send(*failure)
                if self.path == "/translate":
                    return server.translate(self, body)
                if self.path == "/detect":
                    return self._send(200, [{"language": "en", "confidence": 90.0}])
                return self._send(404, {"error": "Not Found"})

            def log_message(self, *args):
                pass

        self._serve(Handler)

    def failure(self, body):
        if self.api_key and body.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}
        if self.mode == "forbidden":
            return 403, {"error": "Invalid API key"}
        if self.mode == "rate_limited":
            return 429, {"error": "Too many request limits violations"}
        if self.mode == "server_error":
            return 500, {"error": "Cannot translate text: internal error"}
        if self.mode == "slow":
            time.sleep(self.delay)
        return None

    def translate(self, handler, body):
        q, source, target = body.get("q"), body.get("source"), body.get("target")
        if not q:
            return handler._send(400, {"error": "Invalid request: missing q parameter"})
        codes = {lang["code"] for lang in LANGUAGES}
        if source not in codes | {"auto"}:
            return handler._send(400, {"error": f"{source} is not supported"})
        if target not in codes:
            return handler._send(400, {"error": f"{target} is not supported"})
        if self.mode == "bad_request":
            return handler._send(400, {"error": "Invalid request: format"})
        text = self.translations.get((q, source, target), f"[{target}] {q}")
        return handler._send(200, {"translatedText": text})

    def translate_calls(self):
        return [body for method, path, body in self.requests if path == "/translate"]


@pytest.fixture
def libretranslate_server():
    LibreTranslateEngine.forget_languages()
    with FakeLibreTranslate() as server:
        yield server
    LibreTranslateEngine.forget_languages()


@pytest.fixture(autouse=True)
def _fresh_engines():
    translation_engines_forget()
    yield
    translation_engines_forget()
