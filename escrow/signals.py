"""What escrow tells the apps above it about payments (orders connects receivers
in its AppConfig.ready()). Both are sent inside the transaction that records the
gateway's event, exactly once per event however often the webhook is delivered.

payment_succeeded(sender=Payment, payment=<Payment>)
    the capture is posted (gateway_clearing → escrow per order, reference
    "capture:payment=<pk>").
payment_failed(sender=Payment, payment=<Payment>, reason=<str a buyer can read>)
    a declined or failed attempt; the payment stays payable.
"""

from django.dispatch import Signal

payment_succeeded = Signal()
payment_failed = Signal()
