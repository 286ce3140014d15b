"""Reads of the cart: priced live, grouped by seller, each line saying what
changed since the buyer added it."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django_countries import countries
from moneyed import Money

from listings.display import ListingText
from listings.models import ListingTranslation, ListingVariant, PriceTier
from listings.pricing import LineQuote, line_quote, listing_tiers
from listings.selectors import listings_public
from listings.shipping import stock_at_origins
from marketplace.money import format_money, round_money

from .cart import SESSION_KEY
from .models import Cart, CartLine, Order, OrderEvent, OrderStatus


@dataclass
class CartItem:
    line: CartLine
    title: str
    options: dict
    quote: LineQuote | None
    problems: list[str] = field(default_factory=list)
    origin: str = ""  # the country the lots ship from (the store's, or its warehouse's)

    @property
    def origin_name(self) -> str:
        return str(countries.name(self.origin)) if self.origin else ""

    @property
    def buyable(self) -> bool:
        return self.quote is not None and not self.problems


@dataclass
class SellerGroup:
    """One seller's lines shipping from one origin: one order, one parcel."""

    seller_id: int
    store_name: str
    items: list[CartItem]
    subtotal: Money  # of the buyable lines, in the buyer's currency
    ships_from: str = ""  # "" = the store's home; else the warehouse's country
    origin: str = ""  # the country the parcel leaves from

    @property
    def key(self) -> str:
        """Names the group in checkout's shipping choices: the seller id, with the warehouse's country."""
        return f"{self.seller_id}-{self.ships_from}" if self.ships_from else str(self.seller_id)

    @property
    def origin_name(self) -> str:
        return str(countries.name(self.origin)) if self.origin else ""


@dataclass
class CartView:
    groups: list[SellerGroup]
    gone: list[CartItem]  # lines whose product is no longer sold
    currency: str
    total: Money

    @property
    def count(self) -> int:
        return sum(item.line.lots for group in self.groups for item in group.items)

    @property
    def buyable(self) -> bool:
        return bool(self.groups) and not self.gone and all(i.buyable for g in self.groups for i in g.items)


def cart_lines_count(*, user=None, session=None) -> int:
    """Products in the signed-in buyer's or the visitor's cart (the header's
    mini-cart): one query, none for a visitor without a cart."""
    if user is not None and user.is_authenticated:
        return CartLine.objects.filter(cart__user=user).count()
    cart_id = session.get(SESSION_KEY) if session is not None else None
    return CartLine.objects.filter(cart_id=cart_id, cart__user__isnull=True).count() if cart_id else 0


def cart_view(cart: Cart | None, *, currency: str, language: str, rates=None) -> CartView:
    """The cart priced now for a buyer paying in `currency` and reading
    `language`, grouped by seller and origin (one order each at checkout),
    each line's stock that of its origin, in a fixed number of queries
    whatever its size (two more when some line ships from a warehouse)."""
    zero = Money(Decimal(0), currency)
    if cart is None:
        return CartView([], [], currency, zero)
    public = set(listings_public().values_list("pk", flat=True).filter(pk__in=cart.lines.values("variant__listing_id")))
    lines = cart.lines.select_related("variant__listing__seller").prefetch_related(
        Prefetch("variant__listing__tiers", queryset=PriceTier.objects.order_by("min_lots")),
        Prefetch("variant__listing__translations", queryset=ListingTranslation.objects.filter(language=language),
                 to_attr="reader_translations"),
    )  # fmt: skip
    groups: dict[tuple[int, str], SellerGroup] = {}
    gone = []
    lines = list(lines)
    stocks = stock_at_origins(
        [(line.variant, line.ships_from) for line in lines if line.variant and line.variant.listing_id in public]
    )
    for line in lines:
        variant: ListingVariant | None = line.variant
        if variant is None or variant.listing_id not in public:
            gone.append(CartItem(line, line.seen_title, {}, None, [_("This product is no longer sold.")],
                                 line.ships_from))  # fmt: skip
            continue
        listing = variant.listing
        origin = line.ships_from or str(listing.seller.country)
        text = ListingText(listing, language, next(iter(listing.reader_translations), None))
        quote = line_quote(variant, line.lots, currency, rates=rates, tiers=listing_tiers(listing))
        problems = []
        stock = stocks[(variant.pk, line.ships_from)]
        if stock is None:
            problems.append(
                _("The store no longer ships from %(country)s: remove it and add it again.")
                % {"country": countries.name(origin)}
            )
        elif stock < line.lots:
            problems.append(
                _("Only %(n)s lots left: lower the quantity.") % {"n": stock} if stock else _("Out of stock.")
            )
        if quote.unit_price != line.seen_unit_price:
            problems.append(
                _("The price changed from %(old)s to %(new)s a lot since you added it.")
                % {"old": format_money(round_money(line.seen_unit_price)), "new": format_money(quote.unit_price)}
            )
        seller = listing.seller
        group = groups.setdefault(
            (seller.pk, line.ships_from), SellerGroup(seller.pk, seller.store_name, [], zero, line.ships_from, origin)
        )
        group.items.append(CartItem(line, text.title, variant.options, quote, problems, origin))
    total = zero
    for group in groups.values():
        group.subtotal = round_money(
            sum((i.quote.converted_line_total for i in group.items if i.quote is not None), zero)
        )
        total += group.subtotal
    return CartView(list(groups.values()), gone, currency, total)


# --- orders ---------------------------------------------------------------------------


def orders_for_buyer(buyer) -> QuerySet[Order]:
    """The buyer's orders, newest first, with their store (one query a page)."""
    return (
        Order.objects.filter(buyer=buyer)
        .select_related("seller")
        .annotate(line_count=Count("lines"))
        .order_by("-created_at", "-pk")
    )


def orders_for_seller(seller) -> QuerySet[Order]:
    """The store's orders: paid ones to ship first, by ship-by date; then those
    awaiting payment, newest first; then the rest, newest first."""
    rank = Case(
        When(status=OrderStatus.PAID, then=Value(0)),
        When(status=OrderStatus.AWAITING_PAYMENT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Order.objects.filter(seller=seller)
        .select_related("buyer")
        .annotate(line_count=Count("lines"), rank=rank)
        .order_by("rank", F("ship_by").asc(nulls_last=True), "-created_at", "-pk")
    )


def order_with_history(orders: QuerySet[Order], pk: int) -> Order | None:
    """One order of `orders` with its lines and events, its shipment and the
    shipment's tracking events (four queries)."""
    return (
        orders.filter(pk=pk)
        .select_related("shipment")
        .prefetch_related(
            "lines", Prefetch("events", queryset=OrderEvent.objects.select_related("actor")), "shipment__events"
        )
        .first()
    )


def order_for_party(user, pk: int) -> Order | None:
    """Order `pk` if `user` is its buyer or its store's user, with its store (and
    the store's user), its buyer and its lines (two queries); None otherwise, so
    the caller answers "no such order" to anyone else. (Messaging reads it to put
    an order in context: orders never needs to know about conversations.)"""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Order.objects.filter(Q(buyer=user) | Q(seller__user=user), pk=pk)
        .select_related("seller__user", "buyer")
        .prefetch_related("lines")
        .first()
    )


def checkout_orders(checkout_id: int) -> list[Order]:
    return list(Order.objects.filter(checkout_id=checkout_id).select_related("seller").order_by("pk"))
