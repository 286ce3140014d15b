"""The demo's tables are data (demo/data/*.json): read back, they have the
shapes the code was written for."""

import json
import random

from demo import catalogue


def test_every_data_file_says_what_it_holds():
    for path in sorted(catalogue.DATA_DIR.glob("*.json")):
        assert json.loads(path.read_text(encoding="utf-8"))["about"], path.name


def test_arrays_are_read_as_tuples_and_numeric_keys_as_numbers():
    assert catalogue.COLOURS["black"][0] == (38, 38, 44)
    assert catalogue.MATERIAL_TINTS["jade"] == (110, 170, 120)
    leaf = catalogue.LEAVES[0]
    assert isinstance(leaf.palette, tuple) and isinstance(leaf.eur, tuple) and isinstance(leaf.products, tuple)
    assert hash((leaf.slug, leaf.palette, leaf.box, leaf.lots))  # frozen and hashable, as written in Python
    # JSON keys are strings: the Turkish lot suffixes are keyed by the lot size again.
    assert catalogue.lot_phrase("tr", 10) == "10'lu Paket"
    assert catalogue.lot_phrase("tr", 7) == "7 Adet Paket"
    assert "aloe" in catalogue.INGREDIENTS and "cotton" not in catalogue.INGREDIENTS


def test_leaves_carry_their_segment_and_products_their_own_drawing():
    assert {leaf.segment for leaf in catalogue.LEAVES} == set(catalogue.SEGMENTS.values())
    assert all(leaf.segment == "" for leaves in catalogue.CATALOGUE.values() for leaf in leaves)
    families = {p.family for leaf in catalogue.LEAVES for p in leaf.products}
    assert "" in families and "shirt" in families


def test_titles_are_drawn_from_the_tables_deterministically():
    base = catalogue.LEAVES[0].products[0].titles["zh"]
    first = catalogue.make_title(random.Random(3), "zh", base, lot=5, colours=3)
    assert first == catalogue.make_title(random.Random(3), "zh", base, lot=5, colours=3)
    assert base in first and "5件装" in first
    english = catalogue.english_title(random.Random(3), "zh", base, lot=5, colours=3)
    openings = [catalogue.EN_PHRASES[p] for p in catalogue.ZH_PREFIXES]
    assert english.startswith((*openings, catalogue.EN_TITLES[base]))
    assert "pack of 5" in english
