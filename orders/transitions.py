"""The order status machine, as data, and the one function that moves an order.

A move is a conditional UPDATE (`WHERE id = … AND status = from`) plus an event
row in the same transaction: of two concurrent attempts at the same move (two
expiry runs, a capture racing the payment window), exactly one updates the row
and gets True; the other waits for the first to commit, finds the status
changed and gets False, so the caller's side effects (stock returned, a refund,
emails) happen once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.errors import ConflictError

from .models import Order, OrderEvent
from .models import OrderStatus as S

ALLOWED: dict[str, set[str]] = {
    S.AWAITING_PAYMENT: {S.PAID, S.CANCELLED},
    # The fulfilment issue builds these moves (ship-by expiry cancels and refunds a paid order).
    S.PAID: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.DELIVERED},
    S.DELIVERED: {S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}

# --- completion (issue 13, orders/completion.py): the buyer confirms a shipped order it got before the
# carrier said so, and buyer protection can end before any delivery scan ---
ALLOWED[S.SHIPPED] = ALLOWED[S.SHIPPED] | {S.COMPLETED}
# --- end of completion block ---


class TransitionNotAllowed(ConflictError):
    code = "transition_not_allowed"


def assert_allowed(current: str, target: str) -> None:
    if target not in ALLOWED.get(current, set()):
        raise TransitionNotAllowed(
            _("An order that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )


@transaction.atomic
def order_move(*, order_id: int, from_status: str, to_status: str, actor=None, reason: str = "", **fields) -> bool:
    """Move the order from `from_status` to `to_status` (setting `fields` on the
    same row) and write its event, if and only if it is still in `from_status`.
    True: this call made the move. False: it was not in `from_status` (already
    moved by someone else, or never there); nothing written."""
    assert_allowed(from_status, to_status)
    moved = Order.objects.filter(pk=order_id, status=from_status).update(
        status=to_status, updated_at=timezone.now(), **fields
    )
    if not moved:
        return False
    OrderEvent.objects.create(order_id=order_id, actor=actor, from_status=from_status, to_status=to_status,
                              reason=reason[:300])  # fmt: skip
    return True


def order_note(*, order_id: int, status: str, actor=None, reason: str, detail: str = "") -> OrderEvent:
    """An event that is no move (a declined card on an awaiting order): from = to.

    `reason` is translated when the history is shown (a gettext_noop msgid);
    `detail` is someone else's words (a carrier's description), shown as they are after it."""
    return OrderEvent.objects.create(order_id=order_id, actor=actor, from_status=status, to_status=status,
                                     reason=reason[:300], detail=detail[:300])  # fmt: skip
