"""DeepL through its official client (optional: only with DEEPL_API_KEY)."""

from django.conf import settings

from translation.engines.base import HTML, TEXT, Engine, EngineError, EngineResult, EngineUnavailable

# Caravan code → DeepL (source, target) codes
_SOURCE = {"en": "EN", "zh-hans": "ZH", "ru": "RU", "it": "IT", "es": "ES", "tr": "TR", "pt-br": "PT", "fr": "FR"}
_TARGET = {
    "en": "EN-GB",
    "zh-hans": "ZH-HANS",
    "ru": "RU",
    "it": "IT",
    "es": "ES",
    "tr": "TR",
    "pt-br": "PT-BR",
    "fr": "FR",
}


class DeepLEngine(Engine):
    name = "deepl"
    formats = frozenset({TEXT, HTML})

    def __init__(self, api_key: str | None = None):
        self.api_key = api_key if api_key is not None else getattr(settings, "DEEPL_API_KEY", "")
        self._client = None

    def supports(self, source: str, target: str) -> bool:
        return bool(self.api_key) and source in _SOURCE and target in _TARGET and source != target

    def _translator(self):
        if self._client is None:
            import deepl  # imported only when a key is configured

            self._client = deepl.Translator(self.api_key)
            self._client.set_app_info("caravan", "0.1.0")
        return self._client

    def translate(self, text: str, source: str, target: str, format: str = TEXT) -> EngineResult | None:
        if not self.supports(source, target):
            return None
        import deepl

        options = {"tag_handling": "html"} if format == HTML else {}
        try:
            result = self._translator().translate_text(
                text, source_lang=_SOURCE[source], target_lang=_TARGET[target], **options
            )
        except (deepl.TooManyRequestsException, deepl.QuotaExceededException, deepl.ConnectionException) as exc:
            raise EngineUnavailable(f"DeepL: {exc}") from exc
        except deepl.DeepLException as exc:
            if getattr(exc, "http_status_code", None) and exc.http_status_code >= 500:
                raise EngineUnavailable(f"DeepL: {exc}") from exc
            raise EngineError(f"DeepL: {exc}") from exc
        return EngineResult(text=result.text, engine=self.name) if result.text.strip() else None
