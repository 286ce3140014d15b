"""Demo catalogue for seed_demo: realistic listings from the five demo sellers.

Two ways in:

- `seed_listings(target)` makes a few hundred listings through the real
  services (listing_create, listing_image_add, listing_set_status), so every
  rule of a listing holds: titles and descriptions in the seller's language,
  attributes, colour × size variants with stock (some sold out, some dearer),
  lots and quantity tiers, small-parcel weights and sizes, generated photos.
  Deterministic and idempotent: listing number i is always built from the
  same seed, and a run creates only the numbers the demo sellers still lack.
- `seed_bulk_listings(total)` tops the catalogue up to `total` rows with bulk
  inserts (benchmarks: 100,000 listings in a couple of minutes). Same
  vocabulary, variants and tiers, images from a small shared pool of files,
  search vectors filled by one set-based UPDATE at the end.

Each demo seller sells what its store is about (and the Chinese seller,
like a real cross-border one, a bit of everything): a sub-category is sold
by the sellers that have a product title for it in their language.
"""

import io
import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from moneyed import Money
from PIL import Image

from listings import services
from listings.models import Category, Listing, ListingImage, ListingStatus, ListingVariant, PriceTier
from listings.pricing import Tier, lowest_unit_price
from listings.search import listings_search_index_fill
from listings.services import ListingInput, TierInput, VariantInput
from listings.translations import listing_translation_store_human, listing_translations_fill
from marketplace.money import MissingExchangeRate, convert
from sellers.models import Seller, SellerStatus

from .catalogue import (
    DEMO_TRANSLATION_ENGINE,
    INGREDIENTS,
    LABELS,
    LANGUAGES,
    ORIGIN,
    ORIGIN_ELECTRONICS_ZH,
    PLAN,
    RING_SIZES,
    SELLER_CODE,
    SHORT,
    SIZES,
    Leaf,
    Product,
    colour_name,
    english_text,
    make_description,
    make_title,
    material_name,
)
from .photos import IMAGE_SIZE, product_photo
from .sellers import DEMO_SELLERS

DEFAULT_TARGET = 320
BULK_BATCH_SIZE = 2000

# What each seller's prices look like next to a typical EUR price (a Yiwu
# factory is cheaper than a Florentine workshop).
PRICE_FACTOR = {"zh": Decimal("0.55"), "ru": Decimal("0.9"), "it": Decimal("1.5"), "es": Decimal("1.15"),
                "tr": Decimal("0.8")}  # fmt: skip
PROCESSING_DAYS = {"zh": (1, 2, 2, 3, 3, 5), "ru": (2, 3, 3, 5, 7), "it": (3, 5, 5, 7, 10), "es": (2, 3, 5, 5, 7),
                   "tr": (1, 2, 3, 3, 5)}  # fmt: skip
# Margins under the parcel limits, so a rate change does not unpublish the demo.
MAX_DECLARED_EUR = Decimal("140")
MAX_WEIGHT_GRAMS = 1900
# How much dearer the bigger choices are (index in the window of sizes shown).
SIZE_PRICE_STEPS = {"towel": (1, Decimal("1.6"), Decimal("2.4")), "volume": (1, Decimal("1.5"), Decimal("2.6"))}


# --- prices, parcels, variants -------------------------------------------------------------------

CENT = Decimal("0.01")


def nice_price(amount: Decimal, currency: str) -> Decimal:
    """A shop-like price near `amount` (24.90 EUR, 349 RUB, 1290 RUB, 449.90 TRY, 159 CNY)."""
    amount = max(amount, Decimal(1))
    if currency == "RUB":
        if amount < 100:
            return Decimal(int(amount))
        step = 50 if amount < 1000 else 100
        return Decimal(max(1, round(amount / step)) * step - (1 if step == 50 else 10))
    if currency == "TRY" and amount >= 100:
        return Decimal(int(amount / 10) * 10) + Decimal("9.90")
    if currency == "CNY" and amount >= 100:
        return Decimal(int(amount / 10) * 10 + 9)
    return Decimal(int(amount)) + Decimal("0.90")


def plain_price(amount: Decimal, currency: str) -> Decimal:
    quantum = Decimal(1) if currency == "RUB" else CENT
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass
class Spec:
    """Everything one demo listing is made of, derived from its number alone."""

    index: int
    lang: str
    leaf: Leaf
    product: Product
    data: ListingInput
    colours: list[str]
    family: str
    status: str
    images: list[tuple[str, str, int]] = field(default_factory=list)  # (family, colour, style)
    english: dict | None = None  # our human English translation (zh/ru/tr listings), see english_text


def _variants(rng, lang, leaf, code, price, currency, *, max_variants=20) -> tuple[list[VariantInput], list[str]]:
    colours = []
    if leaf.palette:
        colours = rng.sample(leaf.palette, k=min(len(leaf.palette), rng.choice((1, 2, 2, 3, 3, 4))))
    sizes: list[str] = []
    steps: tuple = ()
    if leaf.sizes == "ring":
        sizes = list(RING_SIZES[lang])
    elif leaf.sizes:
        scale = SIZES[leaf.sizes]
        width = {"model": rng.choice((3, 4, 6)), "towel": rng.choice((2, 3)), "volume": 2}.get(
            leaf.sizes, rng.choice((3, 4, 5))
        )
        start = rng.randrange(0, len(scale) - width + 1) if leaf.sizes not in ("towel", "volume") else 0
        sizes = list(scale[start : start + width])
        steps = SIZE_PRICE_STEPS.get(leaf.sizes, ())
    while len(colours) * max(len(sizes), 1) > max_variants and len(colours) > 1:
        colours.pop()
    labels = LABELS[lang]
    size_key = labels["shoe" if leaf.sizes.startswith("shoe") else leaf.sizes] if leaf.sizes else ""
    variants = []
    for colour in colours or [""]:
        for position, size in enumerate(sizes or [""]):
            options = {}
            if colour:
                options[labels["colour"]] = colour_name(colour, lang)
            if size:
                options[size_key] = size
            size_code = "".join(ch for ch in size.upper() if ch.isascii() and ch.isalnum())
            sku = "-".join(part for part in (code, colour.upper(), size_code) if part)
            stock = 0 if rng.random() < 0.15 else rng.choice((3, 8, 15, 25, 40, 60, 120, 300, 999))
            override = None
            if steps and position < len(steps) and steps[position] != 1:
                override = nice_price(price * steps[position], currency)
            elif size in ("XXL", "iPhone 16 Pro Max") or (colour == "gold" and rng.random() < 0.5):
                override = nice_price(price * Decimal("1.1"), currency)
            variants.append(VariantInput(sku=sku or f"{code}-STD", options=options, stock=stock,
                                         price_override=override))  # fmt: skip
    return variants, colours


def _tiers(rng, price: Decimal, currency: str) -> list[TierInput]:
    shape = rng.choice(
        (
            ((1, 9, 1), (10, 49, Decimal("0.93")), (50, None, Decimal("0.86"))),
            ((1, 4, 1), (5, 19, Decimal("0.95")), (20, None, Decimal("0.9"))),
            ((1, 2, 1), (3, None, Decimal("0.95"))),
        )
    )
    tiers, last = [], None
    for low, high, factor in shape:
        amount = price if factor == 1 else plain_price(price * factor, currency)
        if last is not None and amount >= last:
            amount = last - (Decimal(1) if currency == "RUB" else CENT)
        tiers.append(TierInput(min_lots=low, max_lots=high, unit_price=amount))
        last = amount
    return tiers


def _parcel(rng, leaf: Leaf, lot: int) -> tuple[int, tuple[Decimal, Decimal, Decimal]]:
    grams = rng.randint(*leaf.grams)
    weight = min(MAX_WEIGHT_GRAMS, int(grams * lot * (0.9 if lot > 1 else 1)) + (30 if lot > 1 else 0))
    factor = lot ** (1 / 3) if lot > 1 else 1
    length, width, height = (side * rng.uniform(0.9, 1.1) for side in leaf.box)
    height = height * factor
    length, width = length * min(factor, 1.3), width * min(factor, 1.3)
    sides = [length, width, height]
    limit_side = float(settings.CARAVAN_PARCEL_MAX_SIDE_CM) - 2
    limit_sum = float(settings.CARAVAN_PARCEL_MAX_DIMENSIONS_SUM_CM) - 2
    shrink = min(1, limit_side / max(sides), limit_sum / sum(sides))
    return weight, tuple(Decimal(str(round(max(1.0, side * shrink), 1))) for side in sides)


def build_spec(index: int, plan: list[tuple[Leaf, str]], rates: dict[str, Decimal], *, bulk: bool = False) -> Spec:
    """Listing number `index` of the demo catalogue (the same every time)."""
    rng = random.Random(f"caravan-demo-{index}")
    leaf, lang = plan[index % len(plan)]
    choices = leaf.products_in(lang)
    product = choices[(index // len(plan) + rng.randrange(len(choices))) % len(choices)]
    currency = settings.CARAVAN_SELLER_COUNTRIES[SELLER_CODE[lang]]
    rate = rates[currency] if currency != "EUR" else Decimal(1)
    limit = MAX_DECLARED_EUR * rate

    unit_eur = Decimal(str(round(rng.uniform(*leaf.eur), 2))) * PRICE_FACTOR[lang]
    # The dearest variant (a bigger towel, XXL...) must still fit under the declared-value limit.
    headroom = max(SIZE_PRICE_STEPS.get(leaf.sizes, ()), default=Decimal("1.1"))
    lot = 1
    if leaf.lots and rng.random() < 0.45:
        lot = rng.choice(leaf.lots)
        while lot > 1 and (leaf.grams[1] * lot * 0.9 > MAX_WEIGHT_GRAMS
                           or unit_eur * lot * Decimal("0.9") * headroom > MAX_DECLARED_EUR):  # fmt: skip
            lot = max((x for x in leaf.lots if x < lot), default=1)
    lot_price = unit_eur * rate * lot * (Decimal("0.9") if lot > 1 else 1)
    price = nice_price(min(lot_price, limit / headroom), currency)
    code = f"{SELLER_CODE[lang]}{index:06d}"
    variants, colours = _variants(rng, lang, leaf, code, price, currency, max_variants=4 if bulk else 20)
    tiers = _tiers(rng, price, currency) if rng.random() < 0.33 else []
    declared = min(max([price] + [v.price_override for v in variants if v.price_override]), limit)
    weight, (length, width, height) = _parcel(rng, leaf, lot)
    days = rng.choice(PROCESSING_DAYS[lang])
    family = product.family or leaf.family
    attributes = {LABELS[lang]["ingredients" if product.material in INGREDIENTS else "material"]:
                  material_name(product.material, lang)}  # fmt: skip
    origin = ORIGIN_ELECTRONICS_ZH if lang == "zh" and leaf.segment == "phone" else ORIGIN[lang]
    attributes[LABELS[lang]["origin"]] = origin
    title_state = rng.getstate()  # the English twins replay the same draws from here
    title = make_title(rng, lang, product.titles[lang], lot=lot, colours=len(colours))
    description_state = rng.getstate()
    description = make_description(
        rng, lang, leaf, product.material, colours=colours, days=days, lot=lot,
        tier_from=tiers[1].min_lots if tiers else 0,
    )  # fmt: skip
    english = None
    if not bulk:
        english = english_text(
            {"lang": lang, "leaf": leaf, "product": product, "lot": lot, "colours": colours, "days": days,
             "tier_from": tiers[1].min_lots if tiers else 0},
            title_state, description_state,
        )  # fmt: skip
    data = ListingInput(
        category_id=0,  # filled in by the caller, which knows the rows
        title=title,
        price=price,
        weight_grams=weight,
        length_cm=length,
        width_cm=width,
        height_cm=height,
        declared_value=declared,
        source_language=LANGUAGES[lang],
        description=description,
        attributes=attributes,
        lot_size=lot,
        processing_days=days,
        hs_code=leaf.hs if rng.random() < 0.7 else "",
        variants=variants,
        tiers=tiers,
    )
    status = {13: ListingStatus.DRAFT, 29: ListingStatus.PAUSED}.get(index % 32, ListingStatus.ACTIVE)
    if status != ListingStatus.DRAFT and not any(v.stock > 0 for v in variants):
        variants[0].stock = 20  # it is published (paused ones were active once)
    spec = Spec(index=index, lang=lang, leaf=leaf, product=product, data=data, colours=colours, family=family,
                status=status, english=english)  # fmt: skip
    count = 1 + (rng.random() < 0.55) + (rng.random() < 0.2)
    for position in range(count):
        colour = colours[position] if position < len(colours) else (colours[0] if colours else "")
        spec.images.append((family, colour, position if position >= len(colours) else 0))
    return spec


# --- seeding -------------------------------------------------------------------------------------


def demo_sellers() -> dict[str, Seller]:
    """The approved demo stores, by short language code (zh, ru, it, es, tr)."""
    emails = {demo.email: SHORT[demo.language] for demo in DEMO_SELLERS if demo.outcome == SellerStatus.APPROVED}
    sellers = Seller.objects.filter(user__email__in=emails, status=SellerStatus.APPROVED).select_related("user")
    return {emails[seller.user.email]: seller for seller in sellers}


def _rates() -> dict[str, Decimal]:
    from marketplace.selectors import exchange_rates_current

    rates = exchange_rates_current()
    missing = sorted(set(settings.CARAVAN_SELLER_COUNTRIES.values()) - set(rates) - {"EUR"})
    if missing:
        raise MissingExchangeRate(", ".join(missing))
    return rates


def _leaf_categories() -> dict[str, int]:
    return dict(Category.objects.filter(parent__isnull=False).values_list("slug", "pk"))


def seed_listings(target: int = DEFAULT_TARGET) -> int:
    """Create demo listings through the services until the demo sellers have
    `target` between them; return how many were created (0 when already there).

    Needs the demo sellers (seed_sellers) and exchange rates. Each listing is
    one transaction (create, photos, publish), so an interrupted run leaves
    whole listings and the next run carries on from where it stopped."""
    sellers = demo_sellers()
    if not sellers:
        raise RuntimeError("The demo sellers are missing: run `manage.py seed_demo`.")
    existing = Listing.objects.filter(seller__in=sellers.values()).count()
    if existing >= target:
        return 0
    rates = _rates()
    categories = _leaf_categories()
    plan = [(leaf, lang) for leaf, lang in PLAN if lang in sellers]
    created = 0
    with_english = []
    for index in range(existing, target):
        spec = build_spec(index, plan, rates)
        seller = sellers[spec.lang]
        spec.data.category_id = categories[spec.leaf.slug]
        with transaction.atomic():
            listing = services.listing_create(actor=seller.user, seller_id=seller.pk, data=spec.data)
            for number, (family, colour, style) in enumerate(spec.images):
                photo = product_photo(family, colour, style, spec.product.material)
                upload = SimpleUploadedFile(f"photo-{number}.jpg", photo, content_type="image/jpeg")
                services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=upload)
            if spec.status != ListingStatus.DRAFT:
                services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
            if spec.status == ListingStatus.PAUSED:
                services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.PAUSED)
            if spec.english:
                listing_translation_store_human(
                    listing_id=listing.pk, language="en", engine=DEMO_TRANSLATION_ENGINE, **spec.english
                )
                with_english.append(listing.pk)
        created += 1
    # The other languages of those come from the engines: at once where the glossary reads their
    # titles offline (seed_demo's own pass only looks at listings without any translation); the
    # languages Apertium translates from our English (Spanish, Italian, Portuguese, French) and
    # the descriptions are left to the jobs publishing queued: no engine call is waited for here
    # that takes more than a fraction of a millisecond.
    if with_english:
        listing_translations_fill(with_english, with_description=False, skip_pivot=True)
    return created


# --- a large catalogue for benchmarks ---------------------------------------------------------------

POOL_DIR = "listings/pool"


def _pool_image(family: str, colour: str, material: str, cache: dict) -> tuple[str, str]:
    """One shared photo (and its thumbnail) per drawing and colour, written once."""
    key = (family, colour or material)
    if key not in cache:
        name = f"{POOL_DIR}/{family}-{colour or material or 'plain'}"
        full, thumb = f"{name}.jpg", f"{name}-400.jpg"
        if not default_storage.exists(full) or not default_storage.exists(thumb):
            data = product_photo(family, colour, 0, material)
            with Image.open(io.BytesIO(data)) as image:
                small = io.BytesIO()
                image.resize((400, 400), Image.Resampling.LANCZOS).save(small, "JPEG", quality=80)
            for path, content in ((full, data), (thumb, small.getvalue())):
                if default_storage.exists(path):
                    default_storage.delete(path)
                default_storage.save(path, ContentFile(content))
        cache[key] = (full, thumb)
    return cache[key]


def seed_bulk_listings(total: int, *, batch_size: int = BULK_BATCH_SIZE, progress=None) -> int:
    """Top the catalogue up to `total` listings with bulk inserts; return how
    many were created (0 when at least `total` exist).

    For benchmarks: rows are written directly (not through the services), in
    batches of `batch_size`, each batch one transaction with its variants,
    tiers and photo rows. The values are the same as the demo's (build_spec),
    so every row satisfies the rules the services enforce; photos are shared
    files from a small pool. Derived columns are filled as the services would:
    min_price and sort_price_eur per row, the search vectors by one set-based
    UPDATE at the end (also repairing rows a crashed run left without one)."""
    sellers = demo_sellers()
    if not sellers:
        raise RuntimeError("The demo sellers are missing: run `manage.py seed_demo`.")
    existing = Listing.objects.count()
    created = 0
    if existing < total:
        rates = _rates()
        categories = _leaf_categories()
        plan = [(leaf, lang) for leaf, lang in PLAN if lang in sellers]
        # Numbers far above the demo's, so their SKUs, prices and titles never collide with seed_listings'.
        first = 1_000_000 + Listing.objects.exclude(seller__in=sellers.values()).count() + existing
        pool: dict = {}
        now = timezone.now()
        for start in range(0, total - existing, batch_size):
            numbers = range(first + start, first + min(start + batch_size, total - existing))
            created += _bulk_batch(numbers, plan, rates, categories, sellers, pool, now)
            if progress:
                progress(existing + created)
    listings_search_index_fill()
    if connection.vendor == "postgresql" and created:
        with connection.cursor() as cursor:
            for model in (Listing, ListingVariant, PriceTier, ListingImage):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return created


def _bulk_batch(numbers, plan, rates, categories, sellers, pool, now) -> int:
    specs, listings = [], []
    for number in numbers:
        spec = build_spec(number, plan, rates, bulk=True)
        rng = random.Random(number)
        data = spec.data
        currency = sellers[spec.lang].settlement_currency
        tiers = [Tier(t.min_lots, t.max_lots, Money(t.unit_price, currency)) for t in data.tiers]
        overrides = [Money(v.price_override, currency) if v.price_override is not None else None
                     for v in data.variants]  # fmt: skip
        price = Money(data.tiers[0].unit_price if data.tiers else data.price, currency)
        min_price = lowest_unit_price(base=price, tiers=tiers, variant_prices=overrides)
        published = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365))
        active = spec.status != ListingStatus.DRAFT
        listings.append(
            Listing(
                seller=sellers[spec.lang],
                category_id=categories[spec.leaf.slug],
                status=ListingStatus.ACTIVE if spec.status != ListingStatus.DRAFT else ListingStatus.DRAFT,
                source_language=data.source_language,
                title=data.title,
                description=data.description,
                attributes=data.attributes,
                option_names=list(dict.fromkeys(name for v in data.variants for name in v.options)),
                price=price,
                lot_size=data.lot_size,
                weight_grams=data.weight_grams,
                length_cm=data.length_cm,
                width_cm=data.width_cm,
                height_cm=data.height_cm,
                declared_value=Money(data.declared_value, currency),
                processing_days=data.processing_days,
                hs_code=data.hs_code,
                min_price=min_price,
                sort_price_eur=convert(min_price, "EUR", rates=rates).amount,
                created_at=published - timedelta(hours=rng.randint(1, 72)),
                published_at=published if active else None,
            )
        )
        specs.append(spec)
    with transaction.atomic():
        Listing.objects.bulk_create(listings)
        variants, tiers, images = [], [], []
        for spec, listing in zip(specs, listings, strict=True):
            currency = listing.price.currency.code
            for position, v in enumerate(spec.data.variants):
                override = Money(v.price_override, currency) if v.price_override is not None else None
                # Stock written directly, with no StockMovement: a benchmark bulk insert, not a seller's change.
                variants.append(ListingVariant(listing_id=listing.pk, sku=v.sku, options=v.options, stock=v.stock,
                                               price_override=override, position=position))  # fmt: skip
            for t in spec.data.tiers:
                tiers.append(PriceTier(listing_id=listing.pk, min_lots=t.min_lots, max_lots=t.max_lots,
                                       unit_price=Money(t.unit_price, currency)))  # fmt: skip
            for position, (family, colour, _style) in enumerate(spec.images[:2]):
                full, thumb = _pool_image(family, colour, spec.product.material, pool)
                images.append(ListingImage(listing_id=listing.pk, image=full, thumbnail=thumb, width=IMAGE_SIZE,
                                           height=IMAGE_SIZE, position=position))  # fmt: skip
        ListingVariant.objects.bulk_create(variants)
        PriceTier.objects.bulk_create(tiers)
        ListingImage.objects.bulk_create(images)
    return len(listings)
