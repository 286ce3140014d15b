"""Business registration numbers of the five seller countries: real formats,
real checksums (python-stdnum), compacted as they are stored."""

import pytest

from sellers.registration import registration_number_clean, registration_scheme_name


@pytest.mark.parametrize(
    ("country", "entity_type", "number", "stored"),
    [
        # CN unified social credit code (18 characters, mod-31 check character)
        ("CN", "company", "91110000600037341L", "91110000600037341L"),
        ("CN", "company", "9133 0106 MA2G L3XK 1L", "91330106MA2GL3XK1L"),
        ("CN", "individual", "91330782ma2e8c1r7e", "91330782MA2E8C1R7E"),
        # RU: companies INN (10) or OGRN (13); individual entrepreneurs INN (12) or OGRNIP (15)
        ("RU", "company", "7707083893", "7707083893"),
        ("RU", "company", "1027700132195", "1027700132195"),
        ("RU", "individual", "500100732259", "500100732259"),
        ("RU", "individual", "304774600001582", "304774600001582"),
        # IT Partita IVA (11 digits, Luhn), with or without the IT prefix
        ("IT", "company", "00743110157", "00743110157"),
        ("IT", "company", "007 431 101 57", "00743110157"),
        ("IT", "company", "IT 01114601006", "01114601006"),
        # ES NIF: CIF of companies, DNI/NIE of sole traders
        ("ES", "company", "B58378431", "B58378431"),
        ("ES", "company", "ES-A28017895", "A28017895"),
        ("ES", "company", "A-28017895", "A28017895"),
        ("ES", "individual", "12345678-Z", "12345678Z"),
        ("ES", "individual", "X1234567L", "X1234567L"),
        # TR VKN (10 digits)
        ("TR", "company", "4540536920", "4540536920"),
        ("TR", "company", "987 654 3217", "9876543217"),
    ],
)
def test_valid_numbers_are_compacted(country, entity_type, number, stored):
    assert registration_number_clean(country, number, entity_type) == stored


@pytest.mark.parametrize(
    ("country", "entity_type", "number"),
    [
        ("CN", "company", "91110000600037341M"),  # wrong check character
        ("CN", "company", "9111000060003734"),  # too short
        ("CN", "company", "91110000600037341I"),  # I is not in the USCC alphabet
        ("RU", "company", "7707083894"),  # wrong check digit
        ("RU", "company", "500100732259"),  # a person's INN is not a company's
        ("RU", "individual", "7707083893"),  # a company's INN is not a person's
        ("RU", "company", "1027700132196"),  # OGRN with a wrong check digit
        ("IT", "company", "00743110158"),
        ("IT", "company", "0074311015"),
        ("ES", "company", "B58378432"),
        ("ES", "company", "A2801789"),
        ("ES", "individual", "12345678A"),
        ("TR", "company", "4540536921"),
        ("TR", "company", "45405369"),
        ("TR", "company", "ABCDEFGHIJ"),
    ],
)
def test_invalid_numbers_say_what_the_country_expects(country, entity_type, number):
    with pytest.raises(ValueError, match="Expected") as excinfo:
        registration_number_clean(country, number, entity_type)
    assert registration_scheme_name(country) in str(excinfo.value)


@pytest.mark.parametrize("country", ["CN", "RU", "IT", "ES", "TR"])
def test_empty_number_is_refused(country):
    with pytest.raises(ValueError):
        registration_number_clean(country, "  ", "company")


def test_other_countries_and_entity_types_are_refused():
    with pytest.raises(ValueError, match="China, Russia, Italy, Spain or Turkey"):
        registration_number_clean("DE", "DE136695976", "company")
    with pytest.raises(ValueError, match="legal entity type"):
        registration_number_clean("TR", "4540536920", "cooperative")
