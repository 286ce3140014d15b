"""What a carrier can say about a parcel: one vocabulary for every carrier.

Each adapter maps its carrier's own codes onto `EventCode`; the carrier's own
words travel along in `description` (in the carrier's language, shown as it is),
while `event_label` and `event_explanation` are ours, marked for translation, so
buyer and seller each read the timeline in their language.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventCode(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted by the carrier")
    EXPORT_CUSTOMS = "export_customs", _("Cleared export customs")
    DEPARTED_ORIGIN = "departed_origin", _("Left the country of origin")
    ARRIVED_DESTINATION = "arrived_destination", _("Arrived in the destination country")
    IMPORT_CUSTOMS = "import_customs", _("Cleared import customs")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Delivery problem")
    RETURNED = "returned", _("Returned to the sender")


# One sentence per event, for the timeline (what happened and what comes next).
EVENT_EXPLANATIONS = {
    EventCode.ACCEPTED: _("The carrier has scanned the parcel in; it is on its way."),
    EventCode.EXPORT_CUSTOMS: _("Customs in the country of origin have let the parcel leave."),
    EventCode.DEPARTED_ORIGIN: _("The parcel has left the country of origin for the destination country."),
    EventCode.ARRIVED_DESTINATION: _("The parcel has reached the destination country and waits for import customs."),
    EventCode.IMPORT_CUSTOMS: _("Customs in the destination country have released the parcel to the local post."),
    EventCode.OUT_FOR_DELIVERY: _("The parcel is with the courier who brings it to the address today."),
    EventCode.DELIVERED: _("The parcel has been delivered to the address or handed to the recipient."),
    EventCode.EXCEPTION: _("The carrier could not move the parcel on; its message says why."),
    EventCode.RETURNED: _("The parcel is on its way back to the seller."),
}
# Events after which the carrier reports nothing more about the parcel.
FINAL_CODES = frozenset({EventCode.DELIVERED, EventCode.RETURNED})


def event_label(code: str) -> str:
    """The short name of an event code in the active language."""
    return str(EventCode(code).label)


def event_explanation(code: str) -> str:
    """One sentence on what the event means, in the active language."""
    return str(EVENT_EXPLANATIONS[EventCode(code)])


@dataclass(frozen=True)
class TrackingEvent:
    """One thing a carrier reported about one parcel. `event_id` is the carrier's
    own id of the event: the same event polled twice or delivered by webhook and
    by polling has the same id."""

    event_id: str
    tracking_number: str
    code: str  # an EventCode value
    occurred_at: datetime  # aware
    location: str
    description: str  # the carrier's own words
    shipment_id: str = ""  # the carrier's id of the shipment, when it gives one
