import pytest

from translation.detect import detect_language
from translation.engines.deepl import DeepLEngine

SENTENCES = {
    "en": ["Hello, is this dress available in red?", "The package arrived yesterday, thank you very much."],
    "zh-hans": ["你好，这件连衣裙有红色的吗？", "包裹昨天到了，非常感谢。"],
    "ru": ["Здравствуйте, есть ли это платье в красном цвете?", "Посылка пришла вчера, большое спасибо."],
    "it": ["Ciao, questo vestito è disponibile in rosso?", "Il pacco è arrivato ieri, grazie mille."],
    "es": ["Hola, ¿este vestido está disponible en rojo?", "El paquete llegó ayer, muchas gracias."],
    "tr": ["Merhaba, bu elbisenin kırmızısı var mı?", "Paket dün geldi, çok teşekkür ederim."],
    "pt-br": ["Olá, este vestido está disponível em vermelho?", "O pacote chegou ontem, muito obrigado."],
    "fr": ["Bonjour, cette robe est-elle disponible en rouge ?", "Le colis est arrivé hier, merci beaucoup."],
}


@pytest.mark.parametrize("language", SENTENCES)
def test_detects_each_language(language):
    for sentence in SENTENCES[language]:
        assert detect_language(sentence) == language, sentence


@pytest.mark.parametrize("text", ["", "  ", "ok", "XL", "42", "A2389"])
def test_too_short_or_uncertain_is_none(text):
    assert detect_language(text) is None


def test_deepl_is_inert_without_a_key(settings):
    settings.DEEPL_API_KEY = ""
    engine = DeepLEngine()
    assert not engine.supports("en", "de")
    assert not engine.supports("zh-hans", "en")
    assert engine.translate("hello", "en", "es") is None


def test_deepl_with_a_key_supports_caravan_pairs():
    engine = DeepLEngine(api_key="not-a-real-key")
    assert engine.supports("zh-hans", "pt-br")
    assert not engine.supports("en", "en")
