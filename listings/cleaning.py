"""A listing's input checked and cleaned into its field values: every rule a
listing, its variants, tiers and attributes follow, each refusal a DomainError
naming the field. The writes (listings.services) call listing_input_clean and
store what it returns."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.errors import DomainError
from sellers.models import Seller

from .inputs import ListingInput, TierInput, VariantInput
from .models import Category
from .pricing import Tier
from .sanitize import sanitize_description


def _positive_decimal(value, field_name: str, message: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(message, field=field_name) from None
    if not number.is_finite() or number <= 0:
        raise DomainError(message, field=field_name)
    return number


def _validate_tiers(tiers: list[TierInput], currency: str) -> list[Tier]:
    """Tiers start at 1 lot, never overlap, leave no gaps, only the last is
    open-ended, and the price per lot never rises with quantity. Errors name
    the tier by its position in the input (tiers.N.field)."""
    if len(tiers) > settings.CARAVAN_LISTING_MAX_TIERS:
        raise DomainError(_("At most %(n)s price tiers.") % {"n": settings.CARAVAN_LISTING_MAX_TIERS}, field="tiers")
    result: list[Tier] = []
    order = sorted(range(len(tiers)), key=lambda i: tiers[i].min_lots or 0)
    for position, index in enumerate(order):
        tier, where = tiers[index], f"tiers.{index}"
        price = _positive_decimal(tier.unit_price, f"{where}.unit_price", _("Each tier needs a price above zero."))
        if position == 0 and tier.min_lots != 1:
            raise DomainError(_("The first price tier must start at 1 lot."), field=f"{where}.min_lots")
        if position > 0:
            previous_index = order[position - 1]
            previous = tiers[previous_index]
            if previous.max_lots is None:
                raise DomainError(
                    _("Only the last tier can be open-ended (“and more”)."), field=f"tiers.{previous_index}.max_lots"
                )
            if tier.min_lots <= previous.max_lots:
                raise DomainError(
                    _("Price tiers overlap: %(a)s–%(b)s and from %(c)s.")
                    % {"a": previous.min_lots, "b": previous.max_lots, "c": tier.min_lots},
                    field=f"{where}.min_lots",
                )
            if tier.min_lots != previous.max_lots + 1:
                raise DomainError(
                    _("Price tiers leave a gap between %(b)s and %(c)s lots.")
                    % {"b": previous.max_lots, "c": tier.min_lots},
                    field=f"{where}.min_lots",
                )
            if price > result[-1].unit_price.amount:
                raise DomainError(_("The price per lot cannot rise with quantity."), field=f"{where}.unit_price")
        if tier.max_lots is not None and tier.max_lots < tier.min_lots:
            raise DomainError(_("A tier ends before it starts."), field=f"{where}.max_lots")
        result.append(Tier(tier.min_lots, tier.max_lots, Money(price, currency)))
    return result


def _validate_variants(variants: list[VariantInput], currency: str) -> list[VariantInput]:
    if not variants:
        raise DomainError(_("Add at least one variant (SKU) with its stock."), field="variants")
    if len(variants) > settings.CARAVAN_LISTING_MAX_VARIANTS:
        raise DomainError(_("At most %(n)s variants.") % {"n": settings.CARAVAN_LISTING_MAX_VARIANTS}, field="variants")
    seen = set()
    for index, variant in enumerate(variants):
        sku = (variant.sku or "").strip()
        if not sku:
            raise DomainError(_("Every variant needs a SKU."), field=f"variants.{index}.sku")
        if sku.lower() in seen:
            raise DomainError(_("SKU %(sku)s is used twice.") % {"sku": sku}, field=f"variants.{index}.sku")
        seen.add(sku.lower())
        variant.sku = sku[:64]
        if not isinstance(variant.stock, int) or variant.stock < 0:
            raise DomainError(_("Stock cannot be negative."), field=f"variants.{index}.stock")
        if variant.price_override is not None:
            variant.price_override = _positive_decimal(
                variant.price_override, f"variants.{index}.price_override", _("A variant price must be above zero.")
            )
        variant.options = {str(k)[:40]: str(v)[:80] for k, v in (variant.options or {}).items() if str(v).strip()}
    return variants


def listing_input_clean(
    data: ListingInput, seller: Seller, *, categories: dict[int, Category] | None = None
) -> tuple[dict, list[VariantInput], list[Tier]]:
    """Everything listing_create/update check, and the listing's field values.
    `categories` (pk -> Category): looked up there instead of one query (batches)."""
    currency = seller.settlement_currency
    title = " ".join((data.title or "").split())
    if len(title) < 5:
        raise DomainError(_("The title needs at least 5 characters."), field="title")
    if len(title) > 200:
        raise DomainError(_("The title can have at most 200 characters."), field="title")
    if categories is not None:
        category = categories.get(data.category_id) if isinstance(data.category_id, int) else None
    else:
        category = Category.objects.filter(pk=data.category_id).first()
    if category is None:
        raise DomainError(_("Choose a category."), field="category")
    if category.parent_id is None:
        raise DomainError(_("Choose a sub-category, not a top-level one."), field="category")
    language = data.source_language or seller.store_language
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose the language the listing is written in."), field="source_language")
    price = _positive_decimal(data.price, "price", _("Enter a price above zero."))
    declared = _positive_decimal(data.declared_value, "declared_value", _("Enter the declared value for customs."))
    if not isinstance(data.lot_size, int) or not 1 <= data.lot_size <= 10_000:
        raise DomainError(_("A lot has between 1 and 10,000 pieces."), field="lot_size")
    if not isinstance(data.weight_grams, int) or data.weight_grams < 1:
        raise DomainError(_("Enter the package weight in grams."), field="weight_grams")
    dims = {}
    for name in ("length_cm", "width_cm", "height_cm"):
        dims[name] = _positive_decimal(getattr(data, name), name, _("Enter the package size in centimetres."))
    if not isinstance(data.processing_days, int) or not 1 <= data.processing_days <= 10:
        raise DomainError(_("Processing time is 1 to 10 days."), field="processing_days")
    hs_code = (data.hs_code or "").replace(".", "").replace(" ", "")
    if hs_code and (not hs_code.isdigit() or not 6 <= len(hs_code) <= 10):
        raise DomainError(_("An HS code has 6 to 10 digits."), field="hs_code")
    if len(data.description or "") > settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS:
        raise DomainError(
            _("The description can have at most %(n)s characters.")
            % {"n": settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS},
            field="description",
        )
    attributes = _validate_attributes(data.attributes)
    tiers = _validate_tiers(data.tiers, currency)
    if tiers:
        price = tiers[0].unit_price.amount  # the 1-lot price is the first tier's
    variants = _validate_variants(data.variants, currency)
    option_names = list(dict.fromkeys(name for v in variants for name in v.options))
    values = {
        "option_names": option_names,
        "category": category,
        "title": title,
        "description": sanitize_description(data.description),
        "attributes": attributes,
        "source_language": language,
        "price": Money(price, currency),
        "declared_value": Money(declared, currency),
        "lot_size": data.lot_size,
        "weight_grams": data.weight_grams,
        "processing_days": data.processing_days,
        "hs_code": hs_code,
        **dims,
    }
    return values, variants, tiers


def _validate_attributes(raw) -> dict[str, str]:
    """Name: value pairs, blank ones dropped. Too many, or a name or value too
    long, is refused on `attributes` (never cut silently: a cut name can merge
    two attributes, a cut value can change its meaning)."""
    if not raw:
        return {}
    if not isinstance(raw, dict):
        raise DomainError(_("Attributes are pairs of a name and a value."), field="attributes")
    most = settings.CARAVAN_LISTING_MAX_ATTRIBUTES
    if len(raw) > most * 2:  # before looking at each one: blanks aside, this many is too many
        raise DomainError(_("A listing has at most %(n)s attributes.") % {"n": most}, field="attributes")
    key_max, value_max = (
        settings.CARAVAN_LISTING_ATTRIBUTE_KEY_MAX_CHARS,
        settings.CARAVAN_LISTING_ATTRIBUTE_VALUE_MAX_CHARS,
    )
    attributes = {}
    for key, value in raw.items():
        key, value = str(key).strip(), str(value).strip()
        if not key or not value:
            continue
        if len(key) > key_max:
            raise DomainError(
                _("An attribute name can have at most %(n)s characters: “%(name)s…” is longer.")
                % {"n": key_max, "name": key[:key_max]},
                field="attributes",
            )
        if len(value) > value_max:
            raise DomainError(
                _("The value of “%(name)s” can have at most %(n)s characters.") % {"n": value_max, "name": key},
                field="attributes",
            )
        attributes[key] = value
    if len(attributes) > most:
        raise DomainError(_("A listing has at most %(n)s attributes.") % {"n": most}, field="attributes")
    return attributes
