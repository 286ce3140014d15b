import pytest

from translation.services import translation_engines_forget


@pytest.fixture(autouse=True)
def _fresh_engines():
    # Each test builds the engine chain from its own settings (see tests/translation/conftest.py).
    translation_engines_forget()
    yield
    translation_engines_forget()
