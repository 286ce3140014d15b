import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

# A phrase of the base layout, as each catalogue must render it.
EXPECTED = {
    "en": "Buyer protection",
    "zh-hans": "买家保障",
    "ru": "Защита покупателя",
    "it": "Protezione acquirenti",
    "es": "Protección al comprador",
    "tr": "Alıcı koruması",
    "pt-br": "Proteção ao comprador",
    "fr": "Protection acheteur",
}


def test_every_interface_language_has_a_compiled_catalogue():
    assert {code for code, _ in settings.LANGUAGES} == set(EXPECTED)
    for code, phrase in EXPECTED.items():
        with translation.override(code):
            assert translation.gettext("Buyer protection") == phrase, code


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_home_page_renders_in_each_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert EXPECTED[language] in html
    if language != "en":
        assert "How buyer protection works" not in html  # the section heading is translated too


@pytest.mark.parametrize("language", ["zh_Hans", "ru", "it", "es", "tr", "pt_BR", "fr"])
def test_catalogue_is_complete(language):
    """Every interface string is translated, and none is a fuzzy guess."""
    from babel.messages.pofile import read_po

    with open(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, missing[:5]
    assert not fuzzy, fuzzy[:5]
