# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""The lot note never ends in two full stops ("Лот: 10 шт.." in Russian, issue 15):
the lot text (which may end in an abbreviation's stop) is never followed by one."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_language_gets_a_double_full_stop(language, private_cache, client, make_listing):
    listing = make_listing(lot_size=10)
    html = client.get(reverse("listings:detail", args=[listing.pk]), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    note = re.search(r'data-testid="lot-info">(.*?)</p>', html, re.S)
    assert note, "no lot note"
    text = re.sub(r"<[^>]+>", "", note.group(1))
    assert "10" in text
    assert not re.search(r"\.\s*\.", text), text
    if language == "ru":
        assert "Лот: 10 шт." in text
