import pytest

from translation.engines.base import Engine, EngineError, EngineResult, EngineUnavailable
from translation.engines.memory import normalise, source_hash
from translation.models import TranslationMemory
from translation.selectors import translation_memory_for
from translation.services import NOTE_NOT_TRANSLATED, translate_text

pytestmark = pytest.mark.django_db


class FakeEngine(Engine):
    """An in-process engine that counts its calls and can be told to fail."""

    def __init__(self, name="fake", pairs=(("en", "es"),), fail=None, prefix=None):
        self.name = name
        self.pairs = set(pairs)
        self.fail = fail  # None, EngineUnavailable or EngineError
        self.prefix = prefix or name
        self.calls: list[tuple[str, str, str]] = []

    def supports(self, source, target):
        return (source, target) in self.pairs

    def translate(self, text, source, target):
        self.calls.append((text, source, target))
        if self.fail:
            raise self.fail("boom")
        return EngineResult(text=f"<{self.prefix}> {text}", engine=self.name)


@pytest.fixture
def chain(settings):
    def plug(*engines):
        settings.CARAVAN_TRANSLATION_ENGINES = list(engines)
        return engines

    return plug


def test_same_language_is_the_original(chain):
    [fake] = chain(FakeEngine(pairs=[("en", "en")]))
    result = translate_text(text="Hello", source="en", target="en")
    assert (result.text, result.kind, result.note, result.from_memory) == ("Hello", "original", "", False)
    assert fake.calls == []


def test_engine_result_is_remembered_and_a_memory_hit_makes_no_engine_call(chain):
    [fake] = chain(FakeEngine())
    first = translate_text(text="A red dress", source="en", target="es")
    assert (first.text, first.engine, first.kind, first.from_memory) == ("<fake> A red dress", "fake", "machine", False)
    # The same text, differently spaced, is the same source.
    second = translate_text(text="  A red   dress ", source="en", target="es")
    assert (second.text, second.engine, second.from_memory) == ("<fake> A red dress", "fake", True)
    assert len(fake.calls) == 1
    entry = TranslationMemory.objects.get()
    assert entry.source_hash == source_hash("A red dress")
    assert (entry.source_language, entry.target_language, entry.engine, entry.kind) == ("en", "es", "fake", "machine")
    assert list(translation_memory_for("A red dress", "en", "es")) == [entry]


def test_memory_of_any_engine_prefers_the_chain_order(chain):
    first, second = chain(FakeEngine("first"), FakeEngine("second"))
    TranslationMemory.objects.create(
        source_hash=source_hash("Shoes"), source_language="en", target_language="es", engine="second", text="B"
    )
    TranslationMemory.objects.create(
        source_hash=source_hash("Shoes"), source_language="en", target_language="es", engine="first", text="A"
    )
    TranslationMemory.objects.create(
        source_hash=source_hash("Hat"), source_language="en", target_language="es", engine="retired", text="Sombrero"
    )
    assert translate_text(text="Shoes", source="en", target="es").text == "A"
    hat = translate_text(text="Hat", source="en", target="es")
    assert (hat.text, hat.engine, hat.from_memory) == ("Sombrero", "retired", True)
    assert first.calls == second.calls == []


def test_edited_source_is_a_new_translation(chain):
    [fake] = chain(FakeEngine())
    translate_text(text="Blue shirt", source="en", target="es")
    translate_text(text="Blue shirts", source="en", target="es")
    assert len(fake.calls) == 2
    assert TranslationMemory.objects.count() == 2


def test_engines_that_do_not_support_the_pair_are_skipped(chain):
    other, _fake = chain(FakeEngine("other", pairs=[("ru", "en")]), FakeEngine())
    assert translate_text(text="Bag", source="en", target="es").engine == "fake"
    assert other.calls == []


def test_unavailable_engine_falls_through_to_the_next(chain):
    down, _fake = chain(FakeEngine("down", fail=EngineUnavailable), FakeEngine())
    result = translate_text(text="Bag", source="en", target="es")
    assert (result.engine, result.retry_later, result.note) == ("fake", False, "")
    assert len(down.calls) == 1
    assert TranslationMemory.objects.filter(engine="down").count() == 0


def test_all_engines_unavailable_returns_the_original_with_note_and_retry(chain):
    down, refusing = chain(FakeEngine("down", fail=EngineUnavailable), FakeEngine("refusing", fail=EngineError))
    result = translate_text(text="Bag", source="en", target="es")
    assert result.text == "Bag"
    assert result.kind == "original"
    assert result.engine == ""
    assert result.note == NOTE_NOT_TRANSLATED
    assert result.retry_later is True
    assert not result.translated
    assert TranslationMemory.objects.count() == 0
    assert len(down.calls) == len(refusing.calls) == 1


def test_no_engine_for_the_pair_returns_the_original_without_retry(chain):
    chain(FakeEngine(pairs=[("en", "es")]), FakeEngine("refusing", pairs=[("zh-hans", "en")], fail=EngineError))
    result = translate_text(text="女士连衣裙", source="zh-hans", target="en")
    assert (result.text, result.kind, result.note, result.retry_later) == (
        "女士连衣裙",
        "original",
        NOTE_NOT_TRANSLATED,
        False,
    )


def test_protected_tokens_are_placeholders_for_the_engine(chain):
    [fake] = chain(FakeEngine())
    result = translate_text(text="Acme case for A2389, 250 ml, size XL", source="en", target="es", protected=["Acme"])
    [(sent, _, _)] = fake.calls
    for token in ["Acme", "A2389", "250 ml", "XL"]:
        assert token not in sent
        assert token in result.text


def test_normalise():
    assert normalise(" a \n b\t") == "a b"
    assert source_hash("a b") == source_hash("a  b")


@pytest.mark.django_db
def test_the_default_chain_reads_a_chinese_title_offline_through_the_glossary(settings):
    assert settings.CARAVAN_TRANSLATION_ENGINES[0] == "translation.glossary.GlossaryEngine"
    result = translate_text(text="女士 夏季 碎花 雪纺 连衣裙 长裙", source="zh-hans", target="en")
    assert (result.engine, result.kind) == ("glossary", "keywords")
    for word in ("summer", "floral", "chiffon", "dress"):
        assert word in result.text
    again = translate_text(text="女士 夏季 碎花 雪纺 连衣裙 长裙", source="zh-hans", target="en")
    assert again.from_memory and again.text == result.text
