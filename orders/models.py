"""Carts, checkouts, orders, their lines and events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from djmoney.models.fields import MoneyField


class Cart(models.Model):
    """A buyer's cart: a signed-in buyer's (`user`), or a visitor's, found through
    the id kept in their session and merged into their own cart at log-in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="cart")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self):
        return f"cart {self.pk} ({self.user_id or 'visitor'})"


class CartLine(models.Model):
    """Lots of one variant. What the buyer saw when adding it (title, SKU, unit
    price) is kept, so the cart can say exactly what changed since: a new price,
    less stock, a variant no longer sold."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("listings.ListingVariant", null=True, on_delete=models.SET_NULL, related_name="+")
    lots = models.PositiveIntegerField()
    seen_title = models.CharField(max_length=400)
    seen_sku = models.CharField(max_length=64)
    seen_unit_price = MoneyField(max_digits=19, decimal_places=4)
    # Where the lots ship from: a country of one of the store's warehouses; "" = the store's home.
    ships_from = models.CharField(max_length=2, blank=True, default="")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant", "ships_from"], name="cart_line_one_per_variant_origin"),
            models.CheckConstraint(condition=models.Q(lots__gte=1), name="cart_line_at_least_one_lot"),
        ]

    def __str__(self):
        return f"{self.lots} × {self.seen_sku}"


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid, to be shipped")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# --- cancellation request (issue 13, orders/completion.py) ---
class CancelRequest(models.TextChoices):
    NONE = "", _("None")
    OPEN = "open", _("Awaiting the seller's answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Checkout(models.Model):
    """One placement of a cart: the token the client sends (a double click or a
    retried request finds this row and gets the same orders and payment), where
    it ships to, and the payment that covers its orders (escrow's, as a plain
    id: escrow never knows orders and orders keep no foreign key into it)."""

    token = models.UUIDField(unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkouts")
    address = models.JSONField(help_text="The delivery address as it was at checkout.")
    country = models.CharField(max_length=2)
    currency = models.CharField(max_length=3)
    language = models.CharField(max_length=10)
    payment_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"checkout {self.token}"


class Order(models.Model):
    """One seller's part of a checkout. Amounts in the buyer's currency as
    charged; the seller's settlement currency with the rate locked at checkout
    (buyer-currency units per settlement unit, from stored rows: source, date).
    The status moves only through orders.transitions."""

    number = models.CharField(max_length=20, unique=True)
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.AWAITING_PAYMENT)
    currency = models.CharField(max_length=3)
    goods = MoneyField(max_digits=19, decimal_places=4)
    shipping = MoneyField(max_digits=19, decimal_places=4)
    taxes = MoneyField(max_digits=19, decimal_places=4, help_text="Import taxes collected at checkout.")
    total = MoneyField(max_digits=19, decimal_places=4)
    taxes_note = models.CharField(max_length=300, blank=True)
    # The import-tax rule that set `taxes` (logistics/data/import_taxes.json): it says who remits
    # them, Caravan (kept at release) or the store (paid out with the order). "": none.
    taxes_rule = models.CharField(max_length=40, blank=True)
    settlement_currency = models.CharField(max_length=3)
    settlement_goods = MoneyField(max_digits=19, decimal_places=4)
    settlement_total = MoneyField(max_digits=19, decimal_places=4)
    exchange_rate = models.DecimalField(max_digits=24, decimal_places=10,
                                        help_text="Buyer-currency units per settlement-currency unit.")  # fmt: skip
    rate_source = models.CharField(max_length=40)
    rate_date = models.DateField()
    shipping_method_code = models.CharField(max_length=40)
    shipping_method_name = models.CharField(max_length=120)
    delivery_from = models.DateField()
    delivery_to = models.DateField()
    processing_days = models.PositiveSmallIntegerField()
    address = models.JSONField()
    country = models.CharField(max_length=2)
    # Where the parcel leaves from: the store's home country, or one of its warehouses (then
    # `warehouse_id`, a plain id: the stock reserved there returns there).
    ships_from = models.CharField(max_length=2)
    warehouse_id = models.BigIntegerField(null=True, blank=True)
    pay_by = models.DateTimeField(db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_payment_id = models.BigIntegerField(null=True, blank=True)
    ship_by = models.DateTimeField(null=True, blank=True, db_index=True)
    # Fulfilment (orders.fulfilment): set when the order ships, from the method's promised
    # delivery time capped per destination (CARAVAN_PROTECTION_MAX_DAYS*).
    shipped_at = models.DateTimeField(null=True, blank=True)
    protection_until = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # --- completion, protection extension, cancellation request (issue 13, orders/completion.py) ---
    completed_at = models.DateTimeField(null=True, blank=True)
    in_dispute = models.BooleanField(default=False, help_text="Set by the after-sale work: never auto-completes.")
    protection_extended_at = models.DateTimeField(null=True, blank=True)
    protection_extension_days = models.PositiveSmallIntegerField(default=0)
    cancel_request = models.CharField(max_length=10, choices=CancelRequest.choices, blank=True, default="")
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    cancel_answer_by = models.DateTimeField(null=True, blank=True, db_index=True)
    cancel_request_reason = models.CharField(max_length=300, blank=True)
    cancel_answer_reason = models.CharField(max_length=300, blank=True)
    # --- end of completion block ---

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=OrderStatus.values), name="order_status_valid"),
            models.CheckConstraint(condition=models.Q(exchange_rate__gt=0), name="order_exchange_rate_positive"),
        ]
        indexes = [models.Index(fields=["status", "pay_by"]), models.Index(fields=["seller", "status", "ship_by"])]

    def __str__(self):
        return f"order {self.number}"

    @property
    def is_payable(self) -> bool:
        return self.status == OrderStatus.AWAITING_PAYMENT

    @property
    def ships_from_name(self) -> str:
        return str(countries.name(self.ships_from))


class OrderLine(models.Model):
    """What was bought, as it was: ids of the listing and variant (plain
    numbers, the listing may change or go), titles in the seller's and the
    buyer's language, prices in both currencies, lots, parcel figures."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    listing_id = models.BigIntegerField()
    variant_id = models.BigIntegerField()
    sku = models.CharField(max_length=64)
    title = models.CharField(max_length=400)
    title_buyer = models.CharField(max_length=400)
    options = models.JSONField(default=dict, blank=True)
    lots = models.PositiveIntegerField()
    lot_size = models.PositiveIntegerField()
    unit_price = MoneyField(max_digits=19, decimal_places=4, help_text="Per lot, in the seller's currency.")
    unit_price_buyer = MoneyField(max_digits=19, decimal_places=4)
    line_total = MoneyField(max_digits=19, decimal_places=4)
    line_total_buyer = MoneyField(max_digits=19, decimal_places=4)
    weight_grams = models.PositiveIntegerField()
    hs_code = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=models.Q(lots__gte=1), name="order_line_at_least_one_lot")]

    def __str__(self):
        return f"{self.lots} × {self.sku}"


class OrderEvent(models.Model):
    """One move of an order (or a note on it, from = to): who (None: the
    system), from, to, why, when. Written by orders.transitions only."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    # `reason` is a msgid (gettext_noop) translated when shown, or words someone typed, shown as they are;
    # `detail` is text from outside that is never translated (a carrier's own description), shown after it.
    reason = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.order_id}: {self.from_status or '-'} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return OrderStatus(self.to_status).label if self.to_status in OrderStatus.values else self.to_status


# --- fulfilment: shipments and their tracking events (orders.fulfilment) -------------------


class Shipment(models.Model):
    """The parcel of an order (one per order): how it went, its tracking number
    (normalised), when it was handed over, the carrier's own id once it is
    registered (after commit, by a task), and when the carrier reported it
    delivered. Written by orders.fulfilment only."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="shipment")
    method_code = models.CharField(max_length=60)
    carrier_code = models.SlugField(max_length=40)
    tracking_number = models.CharField(max_length=40, blank=True)
    shipped_on = models.DateField()
    carrier_shipment_id = models.CharField(max_length=100, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_code = models.CharField(max_length=20, blank=True, help_text="The latest carrier event's code.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier_code", "tracking_number"],
                condition=~models.Q(tracking_number=""),
                name="shipment_tracking_number_once_per_carrier",
            ),
        ]
        indexes = [models.Index(fields=["carrier_code", "delivered_at"], name="shipment_open_by_carrier")]

    def __str__(self) -> str:
        return f"{self.carrier_code} {self.tracking_number or '(untracked)'}"

    @property
    def is_open(self) -> bool:
        """Still worth polling: tracked, and no final event yet."""
        return bool(self.tracking_number) and self.last_code not in ("delivered", "returned")


class ShipmentEvent(models.Model):
    """One carrier event of a shipment, as the carrier reported it (its code in
    logistics' vocabulary, shown translated with event_label)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=100)
    code = models.CharField(max_length=20)
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=500, blank=True)
    via = models.CharField(max_length=10)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["shipment", "event_id"], name="shipmentevent_once")]

    def __str__(self) -> str:
        return f"{self.shipment_id}: {self.code}"

    @property
    def label(self) -> str:
        from logistics.carriers.events import event_label

        return event_label(self.code)

    @property
    def explanation(self) -> str:
        from logistics.carriers.events import event_explanation

        return event_explanation(self.code)
