"""Carts now; checkout, orders and fulfilment come next (issue 12)."""

from django.conf import settings
from django.db import models
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
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_line_one_per_variant"),
            models.CheckConstraint(condition=models.Q(lots__gte=1), name="cart_line_at_least_one_lot"),
        ]

    def __str__(self):
        return f"{self.lots} × {self.seen_sku}"
