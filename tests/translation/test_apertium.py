import contextlib
import os
import shutil
import signal
import subprocess

import pytest

from translation.engines.apertium import ApertiumEngine, destxt, retxt, route, warm_pool
from translation.engines.base import HTML
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


# Warm pipelines --------------------------------------------------------------------------------

FORMAT_SAMPLES = [
    "Women summer floral chiffon long dress",
    "The red dress is beautiful.",
    "Men leather jacket\n\nblack [x] ^$ @ a/b <c> {d} \\ back",
    "  leading and trailing blanks  ",
    "Dress. Nice! 50% off: 3 pcs/set\tOK",
    "line one\nline two\n\n\nthird  paragraph",
    "Keep ZXQ0Z and ZXQ1Z here.",
]
TITLES_EN = [
    "Women summer floral chiffon long dress",
    "Men leather jacket black",
    "Cotton short sleeve T-shirt for boys",
    "Stainless steel water bottle with handle",
    "Wireless earphones with charging case",
    "The red dress is beautiful and comfortable.",
    "Silver necklace for women with a small heart",
    "Waterproof hiking boots for men, brown",
]


def _real(program, text):
    return subprocess.run([program], input=text.encode(), capture_output=True, check=True).stdout.decode()


@pytest.fixture
def fresh_pool(settings):
    settings.CARAVAN_APERTIUM_WARM_PIPELINES = 4
    warm_pool.close_all()
    yield warm_pool
    warm_pool.close_all()


@pytest.mark.parametrize("text", FORMAT_SAMPLES)
def test_text_format_matches_apertiums_own_deformatter_and_reformatter(text):
    assert destxt(text) == _real("apertium-destxt", text)
    stream = _real("apertium-destxt", text)
    assert retxt(stream) == _real("apertium-retxt", stream) == text


def cold(apertium, text, source, target, fmt="txt"):
    for mode in route(source, target):
        text = apertium._run(mode, text, fmt)
    return text.strip()


@pytest.mark.parametrize("source, target", [("en", "es"), ("en", "it"), ("it", "en")])
def test_a_warm_translation_is_the_cold_one(apertium, fresh_pool, source, target):
    texts = TITLES_EN[:4] if source == "en" else [cold(apertium, t, "en", source) for t in TITLES_EN[4:6]]
    for text in texts:
        fresh_pool.close_all()  # a fresh pipeline: the taggers carry no context from the text before
        assert apertium.translate(text, source, target).text == cold(apertium, text, source, target)


def test_warm_html_is_apertiums_html(apertium, fresh_pool):
    html = "<p>The red <b>dress</b> is beautiful &amp; cheap.</p>\n<ul><li>Cotton shirt</li><li>Size XL</li></ul>"
    warm = apertium.translate(html, "en", "it", format=HTML).text
    assert warm == cold(apertium, html, "en", "it", "html")
    assert "<ul><li>" in warm and "&amp;" in warm


def _pids(pool):
    return {mode: [process.pid for process in pipeline.processes] for mode, pipeline in pool.pipelines.items()}


def test_one_pipeline_per_mode_serves_every_text_and_batch(apertium, fresh_pool):
    apertium.translate("The red dress.", "en", "it")
    started = _pids(fresh_pool)
    assert set(started) == {"eng-spa", "spa-ita"}
    batch = [f"{title} {n}" for n, title in enumerate(TITLES_EN * 5)]
    results = apertium.translate_many(batch, "en", "it")
    assert len(results) == len(batch)
    for n, result in enumerate(results):  # every text came back apart, in its place
        assert result.engine == "apertium"
        assert result.text.endswith(str(n)), (n, result.text)
    assert "rosso" in results[5].text.lower()
    assert _pids(fresh_pool) == started  # no process started for them


def test_a_dead_pipeline_costs_speed_never_a_text(apertium, fresh_pool):
    expected = apertium.translate("The red dress is beautiful.", "en", "es").text
    pipeline = fresh_pool.pipelines["eng-spa"]
    pipeline.processes[3].kill()
    pipeline.processes[3].wait()
    assert apertium.translate("The red dress is beautiful.", "en", "es").text == expected
    assert "eng-spa" in fresh_pool.pipelines
    assert fresh_pool.pipelines["eng-spa"] is not pipeline and fresh_pool.pipelines["eng-spa"].alive()


def test_a_stuck_pipeline_times_out_and_the_text_goes_cold(fresh_pool):
    apertium = ApertiumEngine(timeout=2)
    expected = apertium.translate("A blue shirt.", "en", "es").text
    stuck = fresh_pool.pipelines["eng-spa"]
    os.kill(stuck.processes[5].pid, signal.SIGSTOP)
    try:
        assert apertium.translate("A blue shirt.", "en", "es").text == expected
        assert fresh_pool.pipelines.get("eng-spa") is not stuck  # closed, not reused
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(stuck.processes[5].pid, signal.SIGCONT)


def test_the_pool_keeps_at_most_its_size_and_closes_idle_pipelines(apertium, fresh_pool, settings):
    settings.CARAVAN_APERTIUM_WARM_PIPELINES = 1
    assert "rosso" in apertium.translate("The red dress.", "en", "it").text.lower()
    assert list(fresh_pool.pipelines) == ["spa-ita"]  # eng-spa, used first, was closed
    processes = fresh_pool.pipelines["spa-ita"].processes
    assert fresh_pool.close_idle(older_than=0) == 1
    assert not fresh_pool.pipelines
    assert all(process.poll() is not None for process in processes)  # the programs ended


def test_no_warm_pipelines_means_a_process_per_call(apertium, fresh_pool, settings):
    settings.CARAVAN_APERTIUM_WARM_PIPELINES = 0
    assert "vestido" in apertium.translate("The red dress.", "en", "es").text.lower()
    assert not fresh_pool.pipelines
