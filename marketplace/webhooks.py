"""The one signed-webhook scheme of Caravan's providers (payment gateways,
carriers), in Stripe's shape:

    <header>: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>

A provider rolling its secret sends one v1 per secret; one matching is enough.
A timestamp further than `tolerance` seconds from now (either way) is refused,
so a captured request cannot be replayed later (within the window a replay
carries event ids already seen; the receivers record those once). Signatures
are compared in constant time.

`verify` raises SignatureRejected, whose `reason` says which check failed; a
provider's adapter turns it into its own error class (and field) if it has one.
The header's name is the provider's business, not this module's."""

import hashlib
import hmac
import time

from django.utils.translation import gettext as _

from marketplace.errors import DomainError

SCHEME = "v1"


class SignatureRejected(DomainError):
    """A webhook that is not provably from the provider, or too old to trust."""

    code = "webhook_rejected"

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason  # "missing", "malformed", "stale" or "mismatch"


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header's value for `body` signed now (or at `timestamp`)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},{SCHEME}={_digest(secret, timestamp, body)}"


def verify(secret: str, body: bytes, header: str | None, *, tolerance: int, now: float | None = None) -> None:
    """Return if `header` signs `body` with `secret` within `tolerance` seconds
    of `now` (default: the clock); SignatureRejected otherwise."""
    if not header:
        raise SignatureRejected(_("The webhook has no signature."), reason="missing")
    timestamps, signatures = [], []
    for part in header.split(","):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep:
            continue
        if key == "t":
            timestamps.append(value)
        elif key == SCHEME and value:
            signatures.append(value)
    if len(timestamps) != 1 or not (timestamps[0].isascii() and timestamps[0].isdigit()) or not signatures:
        raise SignatureRejected(_("The webhook signature is malformed."), reason="malformed")
    timestamp = int(timestamps[0])
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureRejected(_("The webhook's timestamp is outside the tolerance."), reason="stale")
    expected = _digest(secret, timestamp, body)
    if not any(hmac.compare_digest(expected.encode(), signature.encode()) for signature in signatures):
        raise SignatureRejected(_("The webhook signature does not match."), reason="mismatch")


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
