"""The cart's writes: add, set, remove lines, and merge a visitor's cart into
the buyer's at log-in. Prices are never stored as the truth: a line keeps what
the buyer saw, and the cart is priced live through listings.pricing."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from listings.models import ListingVariant
from listings.pricing import listing_tiers, unit_price
from listings.selectors import listings_public
from listings.shipping import origin_for, stock_at_origins
from marketplace.errors import DomainError, NotFound

from .models import Cart, CartLine

SESSION_KEY = "cart_id"


def cart_of(*, user=None, session=None, create: bool = False) -> Cart | None:
    """The signed-in buyer's cart, or the visitor's one named in their session;
    made on demand with `create`."""
    if user is not None and user.is_authenticated:
        if create:
            return Cart.objects.get_or_create(user=user)[0]
        return Cart.objects.filter(user=user).first()
    cart_id = session.get(SESSION_KEY) if session is not None else None
    cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if cart is None and create:
        cart = Cart.objects.create()
        session[SESSION_KEY] = cart.pk
    return cart


def _public_variant(variant_id) -> ListingVariant:
    variant = (
        ListingVariant.objects.select_related("listing__seller")
        .filter(pk=variant_id, listing__in=listings_public())
        .prefetch_related("listing__tiers")
        .first()
    )
    if variant is None:
        raise NotFound(_("This product is not available."))
    return variant


def _checked_lots(variant: ListingVariant, lots, stock: int) -> int:
    if not isinstance(lots, int) or isinstance(lots, bool) or lots < 1:
        raise DomainError(_("Order at least one lot."), field="lots")
    if lots > settings.CARAVAN_CART_MAX_LOTS:
        raise DomainError(
            _("At most %(n)s lots of one product per order.") % {"n": settings.CARAVAN_CART_MAX_LOTS}, field="lots"
        )
    if lots > stock:
        raise DomainError(
            _("Only %(n)s lots left of %(sku)s.") % {"n": stock, "sku": variant.sku}
            if stock
            else _("%(sku)s is out of stock.") % {"sku": variant.sku},
            field="lots",
        )
    return lots


@transaction.atomic
def cart_line_set(*, cart: Cart, variant_id: int, lots: int, add: bool = False, ships_from: str = "") -> CartLine:
    """Put `lots` lots of a public variant shipping from `ships_from` in the
    cart (with `add`, on top of what the cart's line for that origin holds).
    `ships_from`: "" or the store's country for its home stock, else the
    country of one of its warehouses (DomainError on `ships_from` for a
    country the store does not ship from); the same variant from two origins
    is two lines. Refused beyond that origin's stock, the per-line cap or the
    cart's line limit, with the reason on `lots`."""
    Cart.objects.select_for_update().filter(pk=cart.pk).first()  # the cart's writes queue here
    variant = _public_variant(variant_id)
    origin = origin_for(variant.listing, (ships_from or "").strip().upper() or None)
    ships_from = origin.country if origin.warehouse is not None else ""
    stock = stock_at_origins([(variant, ships_from)])[(variant.pk, ships_from)] or 0
    line = CartLine.objects.filter(cart=cart, variant=variant, ships_from=ships_from).first()
    if line is None and cart.lines.count() >= settings.CARAVAN_CART_MAX_LINES:
        raise DomainError(
            _("A cart holds at most %(n)s products.") % {"n": settings.CARAVAN_CART_MAX_LINES}, field="variant"
        )
    total = _checked_lots(variant, lots + (line.lots if line and add else 0), stock)
    listing = variant.listing
    seen = unit_price(base=listing.price, tiers=listing_tiers(listing), lots=total, override=variant.price_override)
    if line is None:
        line = CartLine(cart=cart, variant=variant, ships_from=ships_from)
    line.lots, line.seen_title, line.seen_sku, line.seen_unit_price = total, listing.title, variant.sku, seen
    line.save()
    cart.save(update_fields=["updated_at"])
    return line


@transaction.atomic
def cart_line_remove(*, cart: Cart, line_id: int) -> None:
    deleted, _counts = CartLine.objects.filter(cart=cart, pk=line_id).delete()
    if not deleted:
        raise NotFound(_("This product is not in your cart."))


@transaction.atomic
def cart_merge(*, session, user) -> Cart | None:
    """At log-in: the visitor's cart joins the buyer's. A product in both (from
    the same origin; another origin is another line) keeps the larger number
    of lots; stock is not checked here: the cart says what is short when it is
    shown, rather than dropping anything unseen. The visitor's cart is then
    deleted. Safe to call when there is none."""
    visitor = cart_of(session=session)
    session.pop(SESSION_KEY, None)
    if visitor is None:
        return cart_of(user=user)
    cart = cart_of(user=user, create=True)
    mine = {(line.variant_id, line.ships_from): line for line in cart.lines.all()}
    for line in visitor.lines.all():
        kept = mine.get((line.variant_id, line.ships_from)) if line.variant_id is not None else None
        if kept is None:
            line.cart = cart
            line.save(update_fields=["cart"])
        elif line.lots > kept.lots:
            kept.lots = line.lots
            kept.save(update_fields=["lots"])
    visitor.delete()
    return cart
