"""The seller status machine, as data."""

from marketplace.errors import ConflictError

from .models import SellerStatus as S

ALLOWED: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.CHANGES_REQUESTED: {S.SUBMITTED},
    S.SUBMITTED: {S.APPROVED, S.REJECTED, S.CHANGES_REQUESTED},
    S.APPROVED: {S.SUSPENDED},
    S.SUSPENDED: {S.APPROVED},
    S.REJECTED: set(),
}


class TransitionNotAllowed(ConflictError):
    code = "transition_not_allowed"


def assert_allowed(current: str, target: str) -> None:
    if target not in ALLOWED.get(current, set()):
        raise TransitionNotAllowed(
            f"A seller application that is {S(current).label.lower()} cannot become {S(target).label.lower()}."
        )
