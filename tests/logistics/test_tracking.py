"""Tracking numbers checked by the shipping method: UPU S10 for postal methods, the
carrier's format for couriers. Every valid example below is worked out by hand
from the published algorithm in its comment, not taken from the code's output."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logistics.tracking import s10_check_digit, s10_number, tracking_number_check
from marketplace.errors import DomainError

pytestmark = pytest.mark.django_db

# S10: weights 8 6 4 2 3 5 9 7 over the serial; check = 11 − (sum mod 11); 10 → 0, 11 → 5.
# 12345678: 8+12+12+8+15+30+63+56 = 204; 204 mod 11 = 6; 11 − 6 = 5
VALID_CN = "RR123456785CN"
# 47312482 (the UPU standard's worked example): 32+42+12+2+6+20+72+14 = 200; 200 mod 11 = 2; 11 − 2 = 9
VALID_UPU_EXAMPLE = "RA473124829CN"
# 47326902: 32+42+12+4+18+45+0+14 = 167; 167 mod 11 = 2; 11 − 2 = 9, so "RA 47326902 6 CN" is NOT valid
INVALID_STYLE_EXAMPLE = "RA473269026CN"
VALID_STYLE_EXAMPLE = "RA473269029CN"
# 10020000: 8+0+0+4 = 12; 12 mod 11 = 1; 11 − 1 = 10 → 0
VALID_TEN_TO_ZERO = "RR100200000RU"
# 10001000: 8+3 = 11; 11 mod 11 = 0; 11 − 0 = 11 → 5
VALID_ELEVEN_TO_FIVE = "RR100010005IT"
# DHL Express waybill: the first nine digits mod 7. 123456789 = 7 × 17636684 + 1
VALID_DHL = "1234567891"
# 10^8 mod 7 = 2 (10 ≡ 3, 3^8 = 6561 = 7 × 937 + 2)
VALID_DHL_2 = "1000000002"


@pytest.mark.parametrize(
    ("method", "number", "origin", "expected"),
    [
        ("cn-post-registered", VALID_CN, "CN", VALID_CN),
        ("cn-post-registered", VALID_UPU_EXAMPLE, "CN", VALID_UPU_EXAMPLE),
        ("cn-post-registered", VALID_STYLE_EXAMPLE, "CN", VALID_STYLE_EXAMPLE),
        ("ru-post-registered", VALID_TEN_TO_ZERO, "RU", VALID_TEN_TO_ZERO),
        ("it-post-registered", VALID_ELEVEN_TO_FIVE, "IT", VALID_ELEVEN_TO_FIVE),
        # As printed on a receipt: spaces, dashes, lower case.
        ("cn-post-registered", " rr 123 456 785 cn ", "CN", VALID_CN),
        ("cn-post-registered", "RA-47312482-9-CN", "CN", VALID_UPU_EXAMPLE),
        ("cn-ems", "EE123456785CN", "CN", "EE123456785CN"),
        ("caravan-standard", "LK123456785TR", "TR", "LK123456785TR"),
        ("dhl-express", VALID_DHL, "IT", VALID_DHL),
        ("dhl-express", "100 000 0002", "CN", VALID_DHL_2),
    ],
)
def test_valid_numbers_come_back_normalised(method, number, origin, expected):
    assert tracking_number_check(method, number, origin) == expected


@pytest.mark.parametrize(
    ("method", "number", "origin", "message"),
    [
        ("cn-post-registered", INVALID_STYLE_EXAMPLE, "CN", "check digit"),
        ("cn-post-registered", "RR123456784CN", "CN", "check digit"),
        ("ru-post-registered", "RR100200001RU", "RU", "check digit"),
        ("it-post-registered", "RR100010000IT", "IT", "check digit"),
        ("cn-post-registered", "RR12345678CN", "CN", "13 characters"),
        ("cn-post-registered", "RR1234567855CN", "CN", "13 characters"),
        ("cn-post-registered", "R1123456785CN", "CN", "13 characters"),
        ("cn-post-registered", "RR123456785C1", "CN", "13 characters"),
        ("cn-post-registered", "MA123456785CN", "CN", "not a postal service code"),  # M: a mail bag
        ("cn-post-registered", "EE123456785CN", "CN", "EMS number"),
        ("cn-ems", VALID_CN, "CN", "EMS tracking number starts with E"),
        ("dhl-express", "1234567890", "IT", "check digit"),
        ("dhl-express", "123456789", "IT", "10 digits"),
        ("dhl-express", "JD014600003828", "IT", "10 digits"),
        ("cn-post-registered", "", "CN", "tracked method"),
    ],
)
def test_invalid_numbers_are_refused_on_the_tracking_number_field(method, number, origin, message):
    with pytest.raises(DomainError) as error:
        tracking_number_check(method, number, origin)
    assert error.value.field == "tracking_number"
    assert message in error.value.message, error.value.message


def test_a_postal_number_must_be_issued_in_the_parcels_origin_country():
    # Valid S10 (RR123456785 + DE: the check digit does not cover the country), but posted in Germany.
    with pytest.raises(DomainError) as error:
        tracking_number_check("cn-post-registered", "RR123456785DE", "CN")
    assert error.value.field == "tracking_number"
    assert "DE" in error.value.message and "CN" in error.value.message
    # The same serial issued by China Post for a parcel leaving Italy: refused the other way round.
    with pytest.raises(DomainError, match="leaves from IT"):
        tracking_number_check("caravan-standard", VALID_CN, "IT")


def test_an_untracked_method_takes_no_number_or_a_valid_one():
    assert tracking_number_check("cn-post-unregistered", "  ", "CN") == ""
    assert tracking_number_check("cn-post-unregistered", "lk123456785cn", "CN") == "LK123456785CN"
    with pytest.raises(DomainError, match="check digit"):
        tracking_number_check("cn-post-unregistered", "LK123456786CN", "CN")


def test_a_method_that_does_not_exist_or_ship_from_the_origin_is_named():
    with pytest.raises(DomainError) as error:
        tracking_number_check("no-such-method", VALID_CN, "CN")
    assert error.value.field == "method"
    with pytest.raises(DomainError) as error:
        tracking_number_check("cn-post-registered", "RR123456785IT", "IT")  # China Post ships from China only
    assert error.value.field == "method"


def test_a_courier_without_a_known_format_gets_the_generic_check():
    from logistics.models import Carrier, ShippingMethod

    method = ShippingMethod.objects.get(code="dhl-express")
    method.pk, method.code = None, "acme-express"
    method.carrier = Carrier.objects.create(code="acme", name="Acme Couriers")
    method.save()
    assert tracking_number_check("acme-express", "ab-1234-5678", "TR") == "AB12345678"
    with pytest.raises(DomainError, match="8 to 35 letters and digits"):
        tracking_number_check("acme-express", "AB12", "TR")


def test_the_generator_agrees_with_the_hand_worked_examples():
    assert s10_check_digit("12345678") == 5
    assert s10_check_digit("47312482") == 9
    assert s10_check_digit("10020000") == 0  # 11 − 1 = 10 → 0
    assert s10_check_digit("10001000") == 5  # 11 − 0 = 11 → 5
    assert s10_number("RR", 12345678, "CN") == VALID_CN
    with pytest.raises(ValueError):
        s10_check_digit("1234567")


@given(serial=st.integers(min_value=0, max_value=99_999_999), wrong=st.integers(min_value=1, max_value=9))
def test_every_generated_number_passes_and_every_other_check_digit_fails(serial, wrong):
    # The generator is ours, the validator the tracking-numbers package's: they must agree on all serials.
    number = s10_number("RB", serial, "ES")
    assert tracking_number_check("es-post-registered", number, "ES") == number
    bad_digit = (int(number[10]) + wrong) % 10
    with pytest.raises(DomainError, match="check digit"):
        tracking_number_check("es-post-registered", f"{number[:10]}{bad_digit}ES", "ES")
