"""LibreTranslate (self-hosted HTTP API): the engine for the pairs Apertium lacks
(Chinese, Russian, Turkish to and from everything).

POST {url}/translate {q, source, target, format, api_key} → {"translatedText": ...};
GET {url}/languages → [{"code", "name", "targets"}]. Errors come as {"error": ...}:
400/403 are permanent (EngineError), 429, 5xx and timeouts transient (EngineUnavailable).
A server started with --char-limit refuses longer texts: settings.CARAVAN_LIBRETRANSLATE_CHAR_LIMIT
makes the client send a long text in pieces (HTML at its block elements, plain text at line breaks)."""

import json
import threading
import urllib.error
import urllib.request

from django.conf import settings

from translation.engines.base import HTML, TEXT, Engine, EngineError, EngineResult, EngineUnavailable
from translation.tokens import split_for_limit

# Caravan code → LibreTranslate code
_CODES = {"zh-hans": "zh", "zh": "zh", "pt-br": "pt", "pt": "pt"}


def libre_code(code: str) -> str:
    code = code.lower()
    return _CODES.get(code, code.split("-")[0])


class LibreTranslateEngine(Engine):
    name = "libretranslate"
    formats = frozenset({TEXT, HTML})  # format "html": LibreTranslate translates the text nodes, keeps the tags
    _languages_cache: dict[str, dict[str, set[str]]] = {}  # url → {source: {targets}}
    _lock = threading.Lock()

    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
        char_limit: int | None = None,
    ):
        self.url = (url if url is not None else settings.LIBRETRANSLATE_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else settings.LIBRETRANSLATE_API_KEY
        self.timeout = timeout if timeout is not None else settings.LIBRETRANSLATE_TIMEOUT
        self.char_limit = (
            char_limit if char_limit is not None else getattr(settings, "CARAVAN_LIBRETRANSLATE_CHAR_LIMIT", 0)
        )

    @classmethod
    def forget_languages(cls):
        with cls._lock:
            cls._languages_cache.clear()

    # --- supports ---------------------------------------------------------------
    def languages(self) -> dict[str, set[str]]:
        """{source: {targets}} from GET /languages, fetched once per URL (an empty
        answer is not kept, so a server that was down is asked again later)."""
        with self._lock:
            cached = self._languages_cache.get(self.url)
        if cached is not None:
            return cached
        try:
            answer = self._request("GET", "/languages")
        except (EngineUnavailable, EngineError):
            return {}
        languages = {}
        for entry in answer if isinstance(answer, list) else []:
            code = libre_code(str(entry.get("code", "")))
            languages[code] = {libre_code(str(t)) for t in entry.get("targets", [])}
        if languages:
            with self._lock:
                self._languages_cache[self.url] = languages
        return languages

    def supports(self, source: str, target: str) -> bool:
        if not self.url:
            return False
        source, target = libre_code(source), libre_code(target)
        return source != target and target in self.languages().get(source, set())

    # --- translate -----------------------------------------------------------------
    def translate(self, text: str, source: str, target: str, format: str = TEXT) -> EngineResult | None:
        if not self.url:
            return None
        pieces = []
        for chunk in split_for_limit(text, self.char_limit, html=format == HTML):
            if not chunk.strip():
                pieces.append(chunk)
                continue
            translated = self._translate_one(chunk, source, target, format)
            if translated is None:
                return None
            # the whitespace (line breaks) around a piece stays where it was
            lead, trail = chunk[: len(chunk) - len(chunk.lstrip())], chunk[len(chunk.rstrip()) :]
            pieces.append(lead + translated.strip() + trail)
        joined = "".join(pieces).strip()
        return EngineResult(text=joined, engine=self.name) if joined else None

    def _translate_one(self, text: str, source: str, target: str, format: str) -> str | None:
        payload = {
            "q": text,
            "source": libre_code(source),
            "target": libre_code(target),
            "format": "html" if format == HTML else "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._request("POST", "/translate", payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str) or not translated.strip():
            return None
        return translated

    def detect(self, text: str) -> list[dict]:
        """POST /detect: [{"language": "en", "confidence": 90.0}, ...]."""
        payload = {"q": text}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._request("POST", "/detect", payload)
        return answer if isinstance(answer, list) else []

    def _request(self, method: str, path: str, payload: dict | None = None):
        if not self.url.startswith(("http://", "https://")):
            raise EngineError(f"LibreTranslate URL is not http(s): {self.url!r}")
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:
            message = _error_message(exc)
            if exc.code == 429 or exc.code >= 500:
                raise EngineUnavailable(f"LibreTranslate {exc.code}: {message}") from exc
            raise EngineError(f"LibreTranslate {exc.code}: {message}") from exc
        except TimeoutError as exc:
            raise EngineUnavailable("LibreTranslate timed out") from exc
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            raise EngineUnavailable(f"LibreTranslate unreachable: {exc}") from exc
        try:
            return json.loads(body)
        except ValueError as exc:
            raise EngineUnavailable("LibreTranslate answered with something that is not JSON") from exc


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read() or b"{}")
        return str(body.get("error") or exc.reason)
    except (ValueError, AttributeError):
        return str(exc.reason)
