"""marketplace.webhooks: the one signed-webhook scheme the payment gateways and
the carriers share (t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">)."""

import hashlib
import hmac

import pytest

from marketplace import webhooks
from marketplace.webhooks import SignatureRejected

SECRET, OTHER = "whsec_one", "whsec_two"
BODY = b'{"id":"evt_1","type":"payment.succeeded"}'
AT = 1_800_000_000
TOLERANCE = 300


def verify(header, *, body=BODY, secret=SECRET, now=AT):
    webhooks.verify(secret, body, header, tolerance=TOLERANCE, now=now)


def rejected(header, **kwargs) -> str:
    with pytest.raises(SignatureRejected) as caught:
        verify(header, **kwargs)
    assert caught.value.code == "webhook_rejected"
    return caught.value.reason


def test_the_header_is_the_documented_hmac_of_timestamp_dot_body():
    mac = hmac.new(SECRET.encode(), b"1800000000." + BODY, hashlib.sha256).hexdigest()
    assert webhooks.sign(SECRET, BODY, AT) == f"t={AT},v1={mac}"


def test_a_valid_signature_passes_within_the_tolerance_either_way():
    header = webhooks.sign(SECRET, BODY, AT)
    verify(header)
    verify(header, now=AT + TOLERANCE)
    verify(header, now=AT - TOLERANCE)
    verify(" " + header.replace(",", " , ") + " ")  # spaces around the parts are allowed


def test_signed_now_by_default():
    webhooks.verify(SECRET, BODY, webhooks.sign(SECRET, BODY), tolerance=5)


def test_a_tampered_body_is_a_mismatch():
    assert rejected(webhooks.sign(SECRET, BODY, AT), body=BODY.replace(b"evt_1", b"evt_2")) == "mismatch"


def test_another_secret_is_a_mismatch():
    assert rejected(webhooks.sign(OTHER, BODY, AT)) == "mismatch"


def test_a_changed_timestamp_is_a_mismatch_even_within_the_tolerance():
    header = webhooks.sign(SECRET, BODY, AT).replace(f"t={AT}", f"t={AT + 1}")
    assert rejected(header) == "mismatch"


def test_a_stale_or_future_timestamp_is_refused_before_the_signature():
    header = webhooks.sign(SECRET, BODY, AT)
    assert rejected(header, now=AT + TOLERANCE + 1) == "stale"
    assert rejected(header, now=AT - TOLERANCE - 1) == "stale"


def test_during_a_rotation_one_matching_signature_of_several_is_enough():
    old, new = webhooks.sign(OTHER, BODY, AT), webhooks.sign(SECRET, BODY, AT)
    both = f"{old},v1={new.split('v1=')[1]}"
    verify(both)
    verify(f"t={AT},v1={'0' * 64},v1={new.split('v1=')[1]}")
    assert rejected(f"t={AT},v1={'0' * 64},v1={'f' * 64}") == "mismatch"


@pytest.mark.parametrize("header", [None, ""])
def test_no_header_is_missing(header):
    assert rejected(header) == "missing"


@pytest.mark.parametrize(
    "header",
    [
        "garbage",
        f"v1={'a' * 64}",  # no timestamp
        f"t={AT}",  # no signature
        f"t={AT},v1=",  # an empty signature
        f"t=soon,v1={'a' * 64}",
        f"t=-{AT},v1={'a' * 64}",
        f"t={AT},t={AT},v1={'a' * 64}",  # two timestamps
        f"t=١٢٣,v1={'a' * 64}",  # digits, but not ASCII ones
        f"t={AT}; v1={'a' * 64}",
    ],
)
def test_a_malformed_header_is_refused(header):
    assert rejected(header) == "malformed"


def test_a_non_ascii_signature_is_a_mismatch_not_a_crash():
    assert rejected(f"t={AT},v1=ünïcode") == "mismatch"
