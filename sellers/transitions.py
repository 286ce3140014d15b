"""The seller status machine, as data."""

from django.utils.translation import gettext as _

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
            _("A seller application that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )
