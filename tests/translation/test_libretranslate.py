import pytest

from translation.engines.base import EngineError, EngineUnavailable
from translation.engines.libretranslate import LibreTranslateEngine, libre_code


def engine(server, **kwargs):
    return LibreTranslateEngine(url=server.url, api_key=kwargs.pop("api_key", ""), timeout=kwargs.pop("timeout", 5))


def test_codes():
    assert libre_code("zh-hans") == "zh"
    assert libre_code("zh-Hans") == "zh"
    assert libre_code("pt-br") == "pt"
    assert libre_code("en") == "en"


def test_success_sends_the_real_request(libretranslate_server):
    libretranslate_server.translations[("女士连衣裙", "zh", "en")] = "Women's dress"
    result = engine(libretranslate_server, api_key="k").translate("女士连衣裙", "zh-hans", "en")
    assert result.text == "Women's dress"
    assert result.engine == "libretranslate"
    assert result.kind == "machine"
    [call] = libretranslate_server.translate_calls()
    assert call == {"q": "女士连衣裙", "source": "zh", "target": "en", "format": "text", "api_key": "k"}


def test_supports_asks_languages_once(libretranslate_server):
    lt = engine(libretranslate_server)
    assert lt.supports("zh-hans", "pt-br")
    assert lt.supports("ru", "tr")
    assert not lt.supports("en", "en")
    assert not lt.supports("en", "xx")
    languages_calls = [r for r in libretranslate_server.requests if r[1] == "/languages"]
    assert len(languages_calls) == 1


def test_no_url_supports_nothing(settings):
    settings.LIBRETRANSLATE_URL = ""
    lt = LibreTranslateEngine()
    assert not lt.supports("zh-hans", "en")
    assert lt.translate("你好", "zh-hans", "en") is None


def test_unreachable_server_supports_nothing():
    LibreTranslateEngine.forget_languages()
    assert not LibreTranslateEngine(url="http://127.0.0.1:9", timeout=1).supports("zh-hans", "en")


@pytest.mark.parametrize("mode", ["bad_request", "forbidden"])
def test_4xx_is_permanent(libretranslate_server, mode):
    libretranslate_server.mode = mode
    with pytest.raises(EngineError) as caught:
        engine(libretranslate_server).translate("hello", "en", "ru")
    assert "40" in str(caught.value)


def test_wrong_api_key_is_403(libretranslate_server):
    libretranslate_server.api_key = "right"
    with pytest.raises(EngineError, match="Invalid API key"):
        engine(libretranslate_server, api_key="wrong").translate("hello", "en", "ru")


def test_rate_limit_is_transient(libretranslate_server):
    libretranslate_server.mode = "rate_limited"
    with pytest.raises(EngineUnavailable, match="429: Too many request"):
        engine(libretranslate_server).translate("hello", "en", "ru")


def test_5xx_is_transient(libretranslate_server):
    libretranslate_server.mode = "server_error"
    with pytest.raises(EngineUnavailable, match="500"):
        engine(libretranslate_server).translate("hello", "en", "ru")


def test_timeout_is_transient(libretranslate_server):
    libretranslate_server.mode = "slow"
    libretranslate_server.delay = 1.5
    with pytest.raises(EngineUnavailable, match="timed out"):
        engine(libretranslate_server, timeout=0.3).translate("hello", "en", "ru")


def test_detect(libretranslate_server):
    assert engine(libretranslate_server).detect("hello there") == [{"language": "en", "confidence": 90.0}]


def test_html_goes_with_format_html_and_comes_back_as_sent(libretranslate_server):
    html = "<p>轻薄 <strong>雪纺</strong></p>\n<ul><li>可机洗</li></ul>"
    libretranslate_server.translations[(html, "zh", "en")] = (
        "<p>Light <strong>chiffon</strong></p>\n<ul><li>Washable</li></ul>"
    )
    result = engine(libretranslate_server).translate(html, "zh-hans", "en", format="html")
    assert result.text == "<p>Light <strong>chiffon</strong></p>\n<ul><li>Washable</li></ul>"
    [call] = libretranslate_server.translate_calls()
    assert call["format"] == "html"


def test_a_long_text_is_sent_in_pieces_within_the_char_limit(libretranslate_server):
    lt = LibreTranslateEngine(url=libretranslate_server.url, api_key="", timeout=5, char_limit=12)
    result = lt.translate("第一行文字\n第二行文字\n第三行文字", "zh-hans", "en")
    calls = libretranslate_server.translate_calls()
    assert [call["q"] for call in calls] == ["第一行文字\n第二行文字\n", "第三行文字"]
    assert result.text == "[en] 第一行文字\n第二行文字\n[en] 第三行文字"  # line breaks kept between the pieces


def test_a_failing_piece_fails_the_whole_text(libretranslate_server):
    lt = LibreTranslateEngine(url=libretranslate_server.url, api_key="", timeout=5, char_limit=10)
    libretranslate_server.mode = "rate_limited"
    with pytest.raises(EngineUnavailable):
        lt.translate("<p>一二三四五六</p><p>七八九十</p>", "zh-hans", "en", format="html")
