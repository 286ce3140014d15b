"""Offline keyword translation of titles as real stores write them: the glossary first,
CC-CEDICT for Chinese segments it does not know, lemmas for Russian and Turkish
(tests/translation/data/real_titles.json: 100+ titles per language, each with the
English key terms its translation must carry)."""

import json
import re
from pathlib import Path

import pytest

from translation import cedict
from translation.glossary import GlossaryEngine, lemmatise

DATA = json.loads((Path(__file__).parent / "data" / "real_titles.json").read_text(encoding="utf-8"))["titles"]
REQUIRED_SHARE = 0.90


@pytest.fixture(scope="module")
def engine():
    return GlossaryEngine()


def carries(text: str, term: str) -> bool:
    """Whether `text` has `term` (or one of its |-separated alternatives) as whole words."""
    low = " ".join(text.lower().split())
    return any(re.search(r"(?<![\w-])" + re.escape(alt.lower()) + r"(?![\w-])", low) for alt in term.split("|"))


def english(engine, title, source):
    result = engine.translate(title, source, "en")
    return result.text if result else ""


@pytest.mark.parametrize("source", ["zh-hans", "ru", "tr"])
def test_at_least_ninety_percent_of_real_titles_carry_every_key_term(engine, source):
    titles = DATA[source]
    assert len(titles) >= 100
    assert len({case["title"] for case in titles}) == len(titles)
    missing = {}
    for case in titles:
        text = english(engine, case["title"], source)
        lost = [term for term in case["terms"] if not carries(text, term)]
        if lost:
            missing[case["title"]] = (text, lost)
    share = 1 - len(missing) / len(titles)
    print(f"{source}: {share:.0%} of {len(titles)} titles carry every key term")
    assert share >= REQUIRED_SHARE, missing


# CC-CEDICT fallback ---------------------------------------------------------------------


def test_the_dictionary_is_the_real_cc_cedict():
    assert cedict.available()
    assert len(cedict.entries()) > 100_000


@pytest.mark.parametrize(
    "title, expected",
    [
        ("咖啡杯", "coffee cup"),  # split: 咖啡 + 杯
        ("渔夫帽", "fisherman hat"),  # split: 渔夫 + 帽
        ("渔夫帽 女 夏季", "fisherman hat women summer"),  # glossary first, the dictionary for the rest
        ("太阳镜 偏光 男", "sunglasses polarized men"),
        ("围巾 羊绒", "scarf cashmere"),
    ],
)
def test_unknown_compounds_are_split_into_dictionary_words(engine, title, expected):
    assert english(engine, title, "zh-hans") == expected


def test_the_shop_sense_wins_and_brands_stay_as_written(engine):
    assert cedict.english("杯") == "cup"  # not "trophy cup" or a classifier
    assert cedict.english("小米") is None  # Xiaomi, a company: a brand, not "millet"
    assert english(engine, "小米 数据线 快充", "zh-hans").startswith("小米 ")
    assert english(engine, "森马 男装 牛仔裤", "zh-hans").startswith("森马 ")  # never "forest horse"
    assert cedict.split("森马") is None


def test_the_dictionary_reads_english_only(engine):
    assert engine.translate("咖啡杯", "zh-hans", "it") is None  # no Italian dictionary: declined
    assert GlossaryEngine(dictionary=False).translate("咖啡杯", "zh-hans", "en") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "我想买一个咖啡杯送给我妈妈",  # every word is in the dictionary, but it is a sentence
        "你好 这个杯子有没有蓝色的",
        "请问什么时候发货",
        "这件衣服太大了 可以换小一号吗",
        "咖啡杯收到了，很喜欢。",
    ],
)
def test_the_dictionary_fallback_declines_sentences(engine, sentence):
    assert engine.translate(sentence, "zh-hans", "en") is None


def test_a_title_of_dictionary_words_is_translated_not_declined(engine):
    assert english(engine, "收纳袋 衣物 整理", "zh-hans")  # no pronoun, no particle: a title


# Lemmas -----------------------------------------------------------------------------------


def test_russian_inflected_titles_hit_the_glossary(engine):
    assert lemmatise("платья", "ru") == "платье"
    assert english(engine, "Платья женские летние длинные", "ru") == "dress women summer long"
    assert english(engine, "Сумки женские кожаные", "ru") == "bag women leather"


def test_turkish_inflected_titles_hit_the_glossary(engine):
    assert lemmatise("elbiseler", "tr") == "elbise"
    assert "dress" in english(engine, "Kadın Çiçekli Elbiseler", "tr").split()


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("Здравствуйте, платье пришло, спасибо", "ru"),
        ("Когда вы отправите мой заказ", "ru"),
        ("Merhaba elbise ne zaman gelir", "tr"),
        ("Siparişim geldi mi", "tr"),
    ],
)
def test_russian_and_turkish_messages_are_declined(engine, sentence, source):
    assert engine.translate(sentence, source, "en") is None
