"""Business registration numbers of the five seller countries, validated with
their real checksums (python-stdnum)."""

import re

from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.es import nif
from stdnum.it import iva
from stdnum.ru import inn, ogrn
from stdnum.tr import vkn


def _compact(number: str) -> str:
    return re.sub(r"[\s.\-/]", "", number or "").upper()


def _cn(number: str, entity_type: str) -> bool:
    return uscc.is_valid(number)


def _ru(number: str, entity_type: str) -> bool:
    # Companies: INN of 10 digits or OGRN of 13; individual entrepreneurs: INN of 12 or OGRNIP of 15.
    lengths = {"company": (10, 13), "individual": (12, 15)}[entity_type]
    if len(number) not in lengths:
        return False
    return inn.is_valid(number) if len(number) in (10, 12) else ogrn.is_valid(number)


def _it(number: str, entity_type: str) -> bool:
    return iva.is_valid(number)


def _es(number: str, entity_type: str) -> bool:
    return nif.is_valid(number)


def _tr(number: str, entity_type: str) -> bool:
    return vkn.is_valid(number)


SCHEMES = {
    "CN": (_("unified social credit code"), _("18 characters, e.g. 91110000600037341L"), _cn),
    "RU": (
        _("INN or OGRN"),
        _("companies: INN of 10 digits or OGRN of 13; individual entrepreneurs: INN of 12 digits or OGRNIP of 15"),
        _ru,
    ),
    "IT": (_("Partita IVA"), _("11 digits, e.g. 00743110157"), _it),
    "ES": (_("NIF / CIF"), _("a letter and 8 characters for companies (e.g. B58378431), or a DNI/NIE"), _es),
    "TR": (_("tax number (VKN)"), _("10 digits, e.g. 4540536920"), _tr),
}


def registration_number_clean(country: str, number: str, entity_type: str) -> str:
    """Return the number in compact form, or raise ValueError with a message
    that says what the country expects."""
    if country not in SCHEMES:
        raise ValueError(str(_("Caravan accepts sellers established in China, Russia, Italy, Spain or Turkey only.")))
    name, expected, check = SCHEMES[country]
    compact = _compact(number)
    if country in ("IT", "ES"):  # the VAT-style country prefix is not part of the number
        compact = compact.removeprefix(country)
    if entity_type not in ("company", "individual"):
        raise ValueError(str(_("Choose the legal entity type first.")))
    if not compact or not check(compact, entity_type):
        raise ValueError(
            str(_("This is not a valid %(name)s. Expected: %(expected)s.") % {"name": name, "expected": expected})
        )
    return compact


def registration_scheme_name(country: str) -> str:
    return str(SCHEMES[country][0]) if country in SCHEMES else ""
