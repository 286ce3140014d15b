"""The profile's ship-to country list is in the reader's language (issue 15, item 8),
not in English whatever the reader reads."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def country_options(html: str) -> dict[str, str]:
    select = re.search(r'<select name="country"[^>]*id="id_country".*?</select>', html, re.S)
    assert select, "no country list"
    return dict(re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', select.group(0)))


@pytest.mark.parametrize(
    ("language", "germany", "brazil"),
    [("pt-br", "Alemanha", "Brasil"), ("ru", "Германия", "Бразилия"), ("en", "Germany", "Brazil")],
)
def test_the_profile_lists_countries_in_the_readers_language(language, germany, brazil):
    user = UserFactory(language=language)
    client = Client()
    client.force_login(user)
    html = client.get(reverse("profile")).content.decode()
    options = country_options(html)
    assert options["DE"] == germany and options["BR"] == brazil
    assert "Germany" not in options.values() or language == "en"
