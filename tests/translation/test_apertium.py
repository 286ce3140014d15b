import shutil

import pytest

from translation.engines.apertium import ApertiumEngine, route
from translation.models import TranslationMemory
from translation.services import translate_text

pytestmark = pytest.mark.skipif(not shutil.which("apertium"), reason="apertium is not installed (scripts/system-deps)")


@pytest.fixture
def apertium():
    return ApertiumEngine()


def test_english_to_spanish(apertium):
    source = "This summer dress is very comfortable and the colour is beautiful."
    result = apertium.translate(source, "en", "es")
    assert result.text and result.text != source
    assert "vestido" in result.text.lower()
    assert "*" not in result.text


def test_spanish_to_italian(apertium):
    source = "El vestido rojo es muy bonito y cómodo."
    result = apertium.translate(source, "es", "it")
    assert result.text and result.text != source
    assert "vestito" in result.text.lower() or "abito" in result.text.lower()


def test_pivot_through_spanish(apertium):
    assert route("en", "it") == ["eng-spa", "spa-ita"]
    result = apertium.translate("The red dress is beautiful.", "en", "it")
    assert "rosso" in result.text.lower()
    assert route("it", "en")[0] == "ita-spa"
    assert route("pt-br", "fr") == ["pt-es", "es-fr"]
    assert "red" in apertium.translate("Il vestito rosso è bello.", "it", "en").text.lower()


def test_brazilian_portuguese_uses_the_pt_br_variant(apertium):
    assert route("es", "pt-br") == ["es-pt_BR"]
    assert apertium.supports("en", "pt-br")


def test_unsupported_pairs(apertium):
    assert not apertium.supports("zh-hans", "en")
    assert not apertium.supports("en", "ru")
    assert not apertium.supports("es", "es")


def test_placeholders_survive_apertium(apertium):
    for target in ["es", "it", "pt-br", "fr"]:
        result = apertium.translate("Keep ZXQ0Z and ZXQ1Z here, the red dress ZXQ2Z.", "en", target)
        for placeholder in ["ZXQ0Z", "ZXQ1Z", "ZXQ2Z"]:
            assert placeholder in result.text, (target, result.text)


@pytest.mark.django_db
def test_protected_tokens_survive_a_real_round_trip(settings):
    settings.CARAVAN_TRANSLATION_ENGINES = ["translation.engines.apertium.ApertiumEngine"]
    text = "Acme phone case for A2389, size XL or 42, 250 ml bottle with 5000mAh battery and 20W charger, 30 cm long."
    for target in ["es", "it"]:
        result = translate_text(text=text, source="en", target=target, protected=["Acme"])
        assert result.engine == "apertium"
        assert result.kind == "machine"
        for token in ["Acme", "A2389", "XL", "42", "250 ml", "5000mAh", "20W", "30 cm"]:
            assert token in result.text, (target, token, result.text)
        assert "ZXQ" not in result.text
    assert TranslationMemory.objects.filter(engine="apertium").count() == 2
    again = translate_text(text=text, source="en", target="it", protected=["Acme"])
    assert again.from_memory
