"""The catalogue glossary engine: keyword translation of product titles (no database needed)."""

import json
import time
from pathlib import Path

import pytest

from translation.engines.base import Engine, EngineResult
from translation.glossary import HAN_RE, LANGUAGES, GlossaryEngine, get_glossary, get_tokenizer

TITLES = json.loads((Path(__file__).parent / "data" / "chinese_titles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine():
    return GlossaryEngine()


def en(engine, text, source="zh-hans"):
    result = engine.translate(text, source, "en")
    assert result is not None, text
    return result.text


# The glossary itself ---------------------------------------------------------


def test_glossary_has_at_least_500_concepts_in_all_eight_languages():
    glossary = get_glossary()
    assert len(glossary) >= 500
    assert set(LANGUAGES) == {"en", "zh-hans", "ru", "it", "es", "tr", "pt-br", "fr"}
    for concept in glossary.concepts:
        for lang in LANGUAGES:
            forms = concept.get(lang)
            assert forms, (concept["en"], lang)
            assert all(isinstance(form, str) and form.strip() for form in forms), (concept["en"], lang)


def test_glossary_covers_the_required_families():
    glossary = get_glossary()
    english = {concept["en"][0] for concept in glossary.concepts}
    required = {
        "dress", "skirt", "blouse", "T-shirt", "shirt", "jacket", "coat", "cardigan", "sweater", "hoodie", "jeans",
        "trousers", "shorts", "leggings", "pyjamas", "socks", "underwear", "bra", "swimsuit", "sneakers", "boots",
        "backpack", "necklace", "earrings", "watch", "phone case", "charger", "bedding set", "towel", "pot",
        "yoga mat", "plush toy", "lipstick", "cotton", "linen", "silk", "chiffon", "wool", "cashmere", "leather",
        "PU leather", "denim", "polyester", "ceramic", "stainless steel", "silver 925", "wood", "bamboo", "silicone",
        "plus size", "slim", "loose", "oversize", "floral", "striped", "plaid", "polka dot", "solid colour",
        "spring", "summer", "autumn", "winter", "women", "men", "girls", "boys", "children", "baby", "unisex",
        "waterproof", "breathable", "wireless", "magnetic", "handmade", "vintage", "new 2025", "long sleeve",
        "short sleeve", "high waist", "V-neck",
    }  # fmt: skip
    assert required <= english, required - english
    colours = {"black", "white", "red", "blue", "light blue", "navy", "green", "yellow", "orange", "pink", "purple",
               "grey", "brown", "beige", "khaki", "wine red", "silver colour", "rose gold", "gold", "apricot",
               "off-white", "mint green"}  # fmt: skip
    assert len(colours & english) >= 20


def test_chinese_terms_are_in_the_segmenter_dictionary():
    words = list(get_tokenizer().cut("碎花雪纺连衣裙斜挎包锁骨链", HMM=False))
    assert words == ["碎花", "雪纺", "连衣裙", "斜挎包", "锁骨链"]


# The engine contract ---------------------------------------------------------


def test_engine_contract(engine):
    assert isinstance(engine, Engine)
    assert engine.name == "glossary"
    result = engine.translate("女士 连衣裙", "zh-hans", "en")
    assert result == EngineResult(text="women dress", engine="glossary", kind="keywords")


def test_supports(engine):
    for source in ("zh-hans", "ru", "tr"):
        for target in LANGUAGES:
            assert engine.supports(source, target) is (source != target)
    assert not engine.supports("en", "es")  # European pairs go to Apertium
    assert not engine.supports("zh-hans", "de")
    assert GlossaryEngine(sources=LANGUAGES).supports("fr", "it")


def test_unsupported_pair_and_empty_text(engine):
    assert engine.translate("女士 连衣裙", "zh-hans", "zh-hans") is None
    assert engine.translate("women dress", "en", "fr") is None
    assert engine.translate("   ", "zh-hans", "en") is None


# Chinese titles ---------------------------------------------------------------


def test_at_least_30_titles():
    assert len(TITLES) >= 30


@pytest.mark.parametrize("case", TITLES, ids=[case["title"] for case in TITLES])
def test_chinese_title_to_english(engine, case):
    text = en(engine, case["title"])
    padded = f" {text} "
    for term in case["expected"]:
        assert f" {term} " in padded, f"{term!r} missing from {text!r}"
    # The key terms came out in English: nothing the glossary knows is left in Chinese.
    glossary = get_glossary()
    for word in text.split():
        if HAN_RE.search(word):
            assert glossary.lookup(word, "zh-hans") is None, (word, text)


def test_unknown_terms_survive_untouched(engine):
    text = en(engine, "森马 男装 牛仔裤 直筒 黑色")
    assert text.split()[0] == "森马"  # a brand jieba splits in two stays one term, in Chinese
    assert "jeans" in text and "black" in text
    assert en(engine, "小米 数据线 快充").startswith("小米 ")  # not "small 米"


def test_single_character_terms_inside_unknown_words_stay_unknown(engine):
    # jieba splits an unknown word into 逗 + 猫 + 器; "猫" (cat) must not be pulled out of it.
    assert en(engine, "宠物 玩具 逗猫器") == "pet toy 逗猫器"


def test_numbers_model_numbers_and_sizes_pass_through(engine):
    text = en(engine, "手机壳 适用 iPhone15 Pro Max 硅胶 XL 3-6岁 500ml")
    for token in ("iPhone15", "Pro", "Max", "XL", "3-6岁", "500ml"):
        assert token in text.split(), text
    assert text.startswith("phone case")


def test_order_of_the_source_is_kept(engine):
    assert en(engine, "黑色 连衣裙 雪纺") == "black dress chiffon"
    assert en(engine, "雪纺 黑色 连衣裙") == "chiffon black dress"


def test_unspaced_title_is_segmented(engine):
    assert en(engine, "2025夏季新款韩版宽松显瘦雪纺连衣裙女") == (
        "2025 summer new Korean style loose slim chiffon dress women"
    )


@pytest.mark.parametrize(
    "target, expected",
    [
        ("ru", "женское лето платье шифон"),
        ("es", "mujer verano vestido gasa"),
        ("it", "donna estate abito chiffon"),
        ("fr", "femme été robe mousseline"),
        ("tr", "kadın yaz elbise şifon"),
        ("pt-br", "feminino verão vestido chiffon"),
    ],
)
def test_chinese_to_other_languages(engine, target, expected):
    result = engine.translate("女士 夏季 连衣裙 雪纺", "zh-hans", target)
    assert result is not None
    assert result.text == expected  # the first form of each concept in the target language


def test_glossary_is_loaded_once():
    assert get_glossary() is get_glossary()
    assert get_tokenizer() is get_tokenizer()


# Russian and Turkish titles ----------------------------------------------------


def test_russian_title(engine):
    text = en(engine, "Женское летнее платье шифоновое в цветочек, размер XL", source="ru")
    for term in ("women", "summer", "dress", "chiffon", "floral", "XL"):
        assert term in text.split() or term in text, text
    assert "платье" not in text


def test_russian_inflections(engine):
    assert en(engine, "Мужская кожаная куртка чёрная", source="ru") == "men leather jacket black"


def test_turkish_title(engine):
    text = en(engine, "KADIN Yazlık Çiçekli Şifon Uzun Elbise", source="tr")
    assert text == "women summer floral chiffon long dress"


def test_turkish_multi_word_terms_first(engine):
    text = en(engine, "Erkek Kısa Kollu Pamuklu Tişört Beyaz", source="tr")
    assert text == "men short sleeve cotton T-shirt white"


# Declining full sentences ------------------------------------------------------


@pytest.mark.parametrize(
    "text, source",
    [
        ("请问这件衣服什么时候可以发货？我已经等了很久了。", "zh-hans"),
        ("您好，我想问一下这个有没有其他的颜色，谢谢！", "zh-hans"),
        ("Здравствуйте, когда вы отправите мой заказ?", "ru"),
        ("Merhaba, siparişim ne zaman kargoya verilecek?", "tr"),
    ],
)
def test_full_sentence_returns_none(engine, text, source):
    assert engine.translate(text, source, "en") is None


# Speed ---------------------------------------------------------------------------


def test_fast_after_warm_up(engine):
    titles = [case["title"] for case in TITLES]
    for title in titles:  # warm up
        engine.translate(title, "zh-hans", "en")
    start = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for title in titles:
            engine.translate(title, "zh-hans", "en")
    per_title = (time.perf_counter() - start) / (rounds * len(titles))
    assert per_title < 0.005, f"{per_title * 1000:.2f} ms per title"
