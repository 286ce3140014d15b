"""Tracking numbers: is this the number of a parcel sent by this method from this country?

Postal methods carry UPU S10 numbers (standard S10-12): two letters (the service
indicator), an eight-digit serial, a check digit (mod 11 with the weights
8 6 4 2 3 5 9 7: 11 − (sum mod 11), where 10 becomes 0 and 11 becomes 5) and the
ISO country code of the post that issued it, which is the country the parcel
leaves from. Courier methods carry their carrier's own format (a DHL Express
waybill: ten digits, the last the first nine mod 7).

The formats and check digits come from the `tracking-numbers` package (a port of
the tracking_number_data definitions: S10 with its service-indicator table, DHL
Express, UPS, FedEx); python-stdnum has no S10. What is ours is the choice of
format by the method, the match with the origin and the messages a seller reads.
`s10_check_digit` is hand-written for the one thing the package does not do:
make a number (the demo and the sandbox carrier need valid ones).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from tracking_numbers import get_definition
from tracking_numbers.definition import TrackingNumberDefinition

from marketplace.errors import DomainError

from .models import MethodKind, ShippingMethod

FIELD = "tracking_number"
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
S10_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")
# Characters a seller may type between the parts of a number (as printed on a receipt).
SEPARATORS = re.compile(r"[\s\-.]+")
# Service indicators that never name a parcel: M is a mail bag (M-bag), Q an international reply coupon.
S10_NOT_PARCELS = ("M", "Q")
EMS_INDICATOR = "E"
GENERIC_COURIER = re.compile(r"^[A-Z0-9]{8,35}$")


@dataclass(frozen=True)
class CourierFormat:
    name: str  # the format's name in messages ("DHL Express waybill")
    definition: str  # the tracking-numbers product name
    shape: str  # what a seller should type, for the message ("10 digits")
    example: str


# Courier carriers by their code in `Carrier.code`; a courier carrier not listed here
# gets the generic check (8–35 letters and digits). Examples are valid numbers.
COURIER_FORMATS: dict[str, CourierFormat] = {
    "dhl-express": CourierFormat("DHL Express waybill", "DHL Express", "10 digits", "1234567891"),
    "ups": CourierFormat("UPS tracking number", "UPS", "1Z and 16 letters or digits", "1Z5R89390357567127"),
    "fedex": CourierFormat("FedEx Express tracking number", "FedEx Express (12)", "12 digits", "986578788855"),
}


def normalise(number: str) -> str:
    """Upper case, without the spaces, dashes and dots a receipt prints between the parts."""
    return SEPARATORS.sub("", (number or "").strip()).upper()


def s10_check_digit(serial: str) -> int:
    """The S10 check digit of an eight-digit serial."""
    if not re.fullmatch(r"[0-9]{8}", serial):
        raise ValueError(f"an S10 serial has eight digits, not {serial!r}")
    remainder = sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {0: 5, 1: 0}.get(remainder, 11 - remainder)


def s10_number(service: str, serial: str | int, country: str) -> str:
    """A valid S10 number, e.g. s10_number("RR", 12345678, "CN") == "RR123456785CN"."""
    serial = f"{int(serial):08d}" if isinstance(serial, int) else serial
    return f"{service.upper()}{serial}{s10_check_digit(serial)}{country.upper()}"


def s10_check(number: str, *, origin: str, express: bool | None = None) -> str:
    """Validate a normalised S10 number sent from `origin`; return it.

    `express` True: an EMS number (service indicator E…); False: any parcel or
    letter-post indicator but EMS; None: any parcel indicator."""
    example = s10_number("EE" if express else "RR", "12345678", origin or "CN")
    if not S10_SHAPE.match(number):
        raise DomainError(
            _("A postal tracking number has 13 characters: two letters, nine digits and the two-letter code of "
              "the country it was posted in, like %(example)s.") % {"example": example},
            field=FIELD,
        )  # fmt: skip
    result = _definition("S10").test(number)
    errors = dict(result.validation_errors) if result else {"format": ""}
    indicator = number[:2]
    if "Service Type" in errors or indicator[0] in S10_NOT_PARCELS:
        raise DomainError(
            _("%(letters)s is not a postal service code for a parcel (the first two letters of %(number)s).")
            % {"letters": indicator, "number": number},
            field=FIELD,
        )
    if express is True and indicator[0] != EMS_INDICATOR:
        raise DomainError(
            _("An EMS tracking number starts with E (like %(example)s); %(number)s is not an EMS number.")
            % {"example": example, "number": number},
            field=FIELD,
        )
    if express is False and indicator[0] == EMS_INDICATOR:
        raise DomainError(
            _("%(number)s is an EMS number (it starts with E): choose the EMS method, or enter the number of the "
              "small packet's receipt.") % {"number": number},
            field=FIELD,
        )  # fmt: skip
    if "checksum" in errors:
        raise DomainError(
            _("The check digit of %(number)s (its eleventh character) does not match the eight digits before it: "
              "look for a mistyped digit.") % {"number": number},
            field=FIELD,
        )  # fmt: skip
    country = number[-2:]
    if country != origin:
        raise DomainError(
            _("%(number)s was issued by the post of %(country)s, but this parcel leaves from %(origin)s: a postal "
              "number ends with the code of the country it was posted in.")
            % {"number": number, "country": country, "origin": origin},
            field=FIELD,
        )  # fmt: skip
    if errors:  # an unknown country code
        raise DomainError(
            _("%(number)s does not end with the code of a country's post.") % {"number": number}, field=FIELD
        )
    return number


def courier_check(carrier_code: str, carrier_name: str, number: str) -> str:
    """Validate a normalised courier number by its carrier's published format; return it."""
    spec = COURIER_FORMATS.get(carrier_code)
    if spec is None:
        if not GENERIC_COURIER.match(number):
            raise DomainError(
                _("A %(carrier)s tracking number is 8 to 35 letters and digits.") % {"carrier": carrier_name},
                field=FIELD,
            )
        return number
    result = _definition(spec.definition).test(number)
    if result is None:
        raise DomainError(
            _("A %(format)s has %(shape)s, like %(example)s.")
            % {"format": spec.name, "shape": spec.shape, "example": spec.example},
            field=FIELD,
        )
    if not result.valid:
        raise DomainError(
            _("%(number)s is not a valid %(format)s: its check digit does not match; look for a mistyped digit.")
            % {"number": number, "format": spec.name},
            field=FIELD,
        )
    return number


def tracking_number_check(method_code: str, number: str, origin: str) -> str:
    """The normalised tracking number of a parcel sent by `method_code` from `origin`.

    Postal methods: UPU S10, issued in `origin` (EMS numbers for express methods,
    other parcel numbers for the rest). Courier methods: the carrier's format. An
    untracked method takes no number ("" back) or a valid one. Raises DomainError on
    `tracking_number` (or `method` for a method that does not exist or does not ship
    from `origin`) with a message a seller can act on. One query."""
    method = ShippingMethod.objects.select_related("carrier").filter(code=method_code).first()
    if method is None:
        raise DomainError(_("There is no shipping method %(code)s.") % {"code": method_code}, field="method")
    if origin not in (method.origin_countries or []):
        raise DomainError(
            _("%(method)s does not ship from %(origin)s.") % {"method": method.name, "origin": origin}, field="method"
        )
    normalised = normalise(number)
    if not normalised:
        if method.tracked:
            raise DomainError(
                _("%(method)s is a tracked method: enter the parcel's tracking number.") % {"method": method.name},
                field=FIELD,
            )
        return ""
    if method.kind == MethodKind.POSTAL:
        return s10_check(normalised, origin=origin, express=method.service_level == "express")
    return courier_check(method.carrier.code, method.carrier.name, normalised)


_definitions: dict[str, TrackingNumberDefinition] = {}


def _definition(name: str) -> TrackingNumberDefinition:
    if name not in _definitions:
        definition = get_definition(name)
        if definition is None:  # a package upgrade that renamed a product must fail loudly
            raise LookupError(f"tracking-numbers has no definition named {name!r}")
        _definitions[name] = definition
    return _definitions[name]
