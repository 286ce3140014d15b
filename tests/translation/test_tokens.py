from translation.tokens import protect


def test_protects_model_numbers_sizes_units_and_brands():
    text = "Nike shoe A2389 size 42, XL, 250 ml, 5000mAh, 1.5 kg, 20W, 30 x 40 cm"
    shielded = protect(text, ["Nike"])
    assert shielded.tokens == ["Nike", "A2389", "42", "XL", "250 ml", "5000mAh", "1.5 kg", "20W", "30", "40 cm"]
    assert shielded.text == "ZXQ0Z shoe ZXQ1Z size ZXQ2Z, ZXQ3Z, ZXQ4Z, ZXQ5Z, ZXQ6Z, ZXQ7Z, ZXQ8Z x ZXQ9Z"
    assert shielded.restore(shielded.text) == text


def test_elided_articles_are_not_sizes():
    shielded = protect("L'uomo e l'été, size M")
    assert shielded.tokens == ["M"]


def test_restore_tolerates_case_and_spacing_from_engines():
    shielded = protect("model A2389")
    assert shielded.restore("modelo zxq0z") == "modelo A2389"
    assert shielded.restore("modelo ZXQ 0Z") == "modelo A2389"


def test_plain_words_pass():
    assert protect("A red summer dress").tokens == []
