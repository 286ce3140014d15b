"""One name per country on a page (issue 15): the footer's "Ships direct from" list and
the search filters both take the name from django-countries, in the reader's language."""

import pytest
from django.test import Client
from django.utils import translation
from django_countries import countries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ru", "tr"])
def test_the_footer_and_the_filters_name_turkey_alike(language):
    html = Client().get("/search/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with translation.override(language):
        name = str(countries.name("TR"))
    footer = html[html.index('class="origins"') :]
    footer = footer[: footer.index("</ul>")]
    assert name in footer
    filters = html[html.index('name="from"') :] if 'name="from"' in html else html[: html.index('class="origins"')]
    assert name in filters  # the ships-from filter, outside the footer
    if language == "en":
        assert name == "Türkiye" and "Turkey" not in footer
