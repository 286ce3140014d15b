"""What Caravan does with carrier events: recognise the ones it has already seen."""

from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

from .events import TrackingEvent
from .models import CarrierEventReceipt, ReceiptChannel


def tracking_events_accept(*, carrier_code: str, events: Sequence[TrackingEvent], via: str) -> list[TrackingEvent]:
    """The events among `events` never received before from `carrier_code`, in
    their order; each is recorded (carrier, event id) so a replayed webhook, a
    repeated poll or an event that came both ways is recognised and left out.

    Call it inside the transaction that applies the events (the shipment's
    timeline): if that rolls back, so does the record, and the event is taken
    again when the carrier retries. One INSERT … ON CONFLICT DO NOTHING
    RETURNING, whatever the count; concurrent calls with the same event let
    exactly one through."""
    if via not in ReceiptChannel.values:
        raise ValueError(f"via is one of {ReceiptChannel.values}, not {via!r}")
    unique = list({e.event_id: e for e in events}.values())
    if not unique:
        return []
    table = CarrierEventReceipt._meta.db_table
    columns = ["carrier_code", "event_id", "tracking_number", "code", "occurred_at", "via", "received_at"]
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    rows, params = [], []
    for e in unique:
        rows.append("(" + ", ".join(["%s"] * len(columns)) + ")")
        occurred_at = ops.adapt_datetimefield_value(e.occurred_at)
        params += [carrier_code, e.event_id, e.tracking_number, e.code, occurred_at, via, now]
    # Table and column names are the model's own; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(rows)} "  # noqa: S608
        "ON CONFLICT (carrier_code, event_id) DO NOTHING RETURNING event_id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        new = {row[0] for row in cursor.fetchall()}
    return [e for e in unique if e.event_id in new]
