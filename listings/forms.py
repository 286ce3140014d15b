"""The seller centre's listing editor: one main form (basics, price, shipping)
and three row formsets (attributes, price tiers, variants).

The forms only parse what was typed; the catalogue rules (tiers start at 1 and
never overlap, SKUs are unique, parcels fit...) live in listings.services, and
their DomainErrors come back here through `ListingEditor.add_domain_error`,
which reads the error's field path ("tiers.1.min_lots") to find the row.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.errors import DomainError
from marketplace.forms import add_domain_error
from marketplace.money import quantum

from .models import Category, Listing
from .sanitize import ALLOWED_TAGS
from .services import ListingInput, TierInput, VariantInput
from .translations import listing_terms

ATTRIBUTE_ROWS_EXTRA = 2
TIER_ROWS_EXTRA = 1
VARIANT_ROWS_EXTRA = 1


def category_choices() -> list:
    """Sub-categories grouped under their top-level category, in the reader's language."""
    groups: dict[int, tuple[str, list]] = {}
    for category in (
        Category.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("parent__position", "parent__name", "position", "name")
    ):
        parent = category.parent
        groups.setdefault(parent.pk, (parent.localized_name(), []))[1].append((category.pk, category.localized_name()))
    return [("", _("Choose a category…")), *groups.values()]


def allowed_tags_text() -> str:
    return ", ".join(f"<{tag}>" for tag in sorted(ALLOWED_TAGS))


def _amount(value: Decimal | None, currency: str) -> Decimal | None:
    """A stored money amount (4 places) as the seller typed it (the currency's places)."""
    if value is None:
        return None
    return value.quantize(quantum(currency))


def _number(**attrs) -> forms.NumberInput:
    return forms.NumberInput(attrs={"inputmode": "decimal", **attrs})


class ListingForm(forms.Form):
    # Basics
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the listing a title.")},
        help_text=_("What it is, the material and who it is for: buyers search these words."),
    )
    category = forms.IntegerField(
        label=_("Category"), widget=forms.Select, error_messages={"required": _("Choose a category.")}
    )
    source_language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=settings.LANGUAGES,
        help_text=_("Write in your own language: buyers see a translation into theirs."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    # Price and wholesale
    price = forms.DecimalField(
        label=_("Price per lot"),
        required=False,
        max_digits=15,
        decimal_places=2,
        widget=_number(step="0.01", min="0"),
        help_text=_("With price tiers, the first tier’s price is the price of one lot."),
    )
    lot_size = forms.IntegerField(
        label=_("Pieces per lot"),
        initial=1,
        widget=_number(min="1", step="1", inputmode="numeric"),
        error_messages={"required": _("A lot has between 1 and 10,000 pieces.")},
        help_text=_("1 for single items; 10 means buyers order in lots of 10 pieces."),
    )

    # Variants: the names of the (at most two) options the variants differ in
    option1_name = forms.CharField(
        label=_("Option 1"), max_length=40, required=False, initial=pgettext_lazy("variant option", "Colour")
    )
    option2_name = forms.CharField(
        label=_("Option 2"), max_length=40, required=False, initial=pgettext_lazy("variant option", "Size")
    )

    # Shipping facts
    weight_grams = forms.IntegerField(
        label=_("Package weight"),
        widget=_number(min="1", step="1", inputmode="numeric"),
        error_messages={"required": _("Enter the package weight in grams.")},
    )
    length_cm = forms.DecimalField(
        label=_("Length"),
        max_digits=6,
        decimal_places=1,
        widget=_number(step="0.1", min="0"),
        error_messages={"required": _("Enter the package size in centimetres.")},
    )
    width_cm = forms.DecimalField(
        label=_("Width"),
        max_digits=6,
        decimal_places=1,
        widget=_number(step="0.1", min="0"),
        error_messages={"required": _("Enter the package size in centimetres.")},
    )
    height_cm = forms.DecimalField(
        label=_("Height"),
        max_digits=6,
        decimal_places=1,
        widget=_number(step="0.1", min="0"),
        error_messages={"required": _("Enter the package size in centimetres.")},
    )
    declared_value = forms.DecimalField(
        label=_("Declared value per lot"),
        max_digits=15,
        decimal_places=2,
        widget=_number(step="0.01", min="0"),
        error_messages={"required": _("Enter the declared value for customs.")},
        help_text=_("What the customs declaration says one lot is worth."),
    )
    processing_days = forms.IntegerField(
        label=_("Processing time"),
        initial=5,
        widget=_number(min="1", max="10", step="1", inputmode="numeric"),
        error_messages={"required": _("Processing time is 1 to 10 days.")},
        help_text=_("Days from payment until you hand the parcel to the carrier (1–10)."),
    )
    hs_code = forms.CharField(
        label=_("HS code"),
        max_length=16,
        required=False,
        help_text=_("The customs tariff number, 6 to 10 digits."),
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["category"].widget.choices = category_choices()
        self.fields["description"].help_text = _(
            "Simple formatting is kept: %(tags)s. Anything else (scripts, styles, images, frames) is removed."
        ) % {"tags": allowed_tags_text()}
        self.fields["description"].widget.attrs["aria-describedby"] = "id_description_helptext"


class _RowForm(forms.Form):
    """A formset row. Its inputs sit under column headers, so each input
    carries its own label (and row number) for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = (self.prefix or "").rsplit("-", 1)[-1]
        for field in self.fields.values():
            label = str(field.label)
            field.widget.attrs["aria-label"] = f"{label} ({int(row) + 1})" if row.isdigit() else label


class AttributeForm(_RowForm):
    name = forms.CharField(
        label=_("Attribute"), max_length=settings.CARAVAN_LISTING_ATTRIBUTE_KEY_MAX_CHARS, required=False
    )
    value = forms.CharField(
        label=_("Value"), max_length=settings.CARAVAN_LISTING_ATTRIBUTE_VALUE_MAX_CHARS, required=False
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or "").strip() and not (data.get("value") or "").strip()


class TierForm(_RowForm):
    min_lots = forms.IntegerField(label=_("From (lots)"), required=False, widget=_number(min="1", step="1"))
    max_lots = forms.IntegerField(
        label=_("To (lots)"), required=False, widget=_number(min="1", step="1", placeholder=_("and more"))
    )
    unit_price = forms.DecimalField(
        label=_("Price per lot"), required=False, max_digits=15, decimal_places=2, widget=_number(step="0.01", min="0")
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) in (None, "") for name in ("min_lots", "max_lots", "unit_price"))

    def clean(self):
        data = super().clean()
        if self.is_blank() or data.get("DELETE"):
            return data
        if data.get("min_lots") is None and "min_lots" not in self.errors:
            self.add_error("min_lots", _("From how many lots?"))
        if data.get("unit_price") is None and "unit_price" not in self.errors:
            self.add_error("unit_price", _("Each tier needs a price above zero."))
        return data


class VariantForm(_RowForm):
    sku = forms.CharField(label=_("SKU"), max_length=64, required=False)
    option1 = forms.CharField(label=_("Option 1 value"), max_length=80, required=False)
    option2 = forms.CharField(label=_("Option 2 value"), max_length=80, required=False)
    stock = forms.IntegerField(label=_("Stock (lots)"), required=False, widget=_number(min="0", step="1"))
    price_override = forms.DecimalField(
        label=_("Own price per lot"),
        required=False,
        max_digits=15,
        decimal_places=2,
        widget=_number(step="0.01", min="0", placeholder=_("same")),
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) in (None, "") for name in ("sku", "option1", "option2", "stock", "price_override"))


AttributeFormSet = forms.formset_factory(
    AttributeForm, extra=ATTRIBUTE_ROWS_EXTRA, max_num=settings.CARAVAN_LISTING_MAX_ATTRIBUTES, absolute_max=60
)
TierFormSet = forms.formset_factory(
    TierForm, extra=TIER_ROWS_EXTRA, can_delete=True, max_num=settings.CARAVAN_LISTING_MAX_TIERS, absolute_max=20
)
VariantFormSet = forms.formset_factory(
    VariantForm,
    extra=VARIANT_ROWS_EXTRA,
    can_delete=True,
    max_num=settings.CARAVAN_LISTING_MAX_VARIANTS,
    absolute_max=settings.CARAVAN_LISTING_MAX_VARIANTS + 20,
)


def _option_names(listing: Listing, variants) -> list[str]:
    """The listing's option names in the seller's order (jsonb keeps no key order)."""
    names = list(listing.option_names or ())
    names += [name for v in variants for name in v.options if name not in names]
    return names[:2]


def _initial_from_listing(listing: Listing) -> tuple[dict, list[dict], list[dict], list[dict]]:
    """The editor's initial values: the listing as input (ListingInput.of), laid
    out as the main form and its three formsets."""
    currency = listing.price.currency.code
    data = ListingInput.of(listing)
    variants = data.variants
    option_names = _option_names(listing, variants)
    main = {
        "title": data.title,
        "category": data.category_id,
        "source_language": data.source_language,
        "description": data.description,
        "price": _amount(data.price, currency),
        "lot_size": data.lot_size,
        "option1_name": option_names[0] if option_names else "",
        "option2_name": option_names[1] if len(option_names) > 1 else "",
        "weight_grams": data.weight_grams,
        "length_cm": data.length_cm,
        "width_cm": data.width_cm,
        "height_cm": data.height_cm,
        "declared_value": _amount(data.declared_value, currency),
        "processing_days": data.processing_days,
        "hs_code": data.hs_code,
    }
    attributes = [{"name": k, "value": v} for k, v in data.attributes.items()]
    tiers = [
        {"min_lots": t.min_lots, "max_lots": t.max_lots, "unit_price": _amount(t.unit_price, currency)}
        for t in data.tiers
    ]
    rows = []
    for variant in variants:
        row = {
            "sku": variant.sku,
            "stock": variant.stock,
            "price_override": _amount(variant.price_override, currency),
        }
        for position, name in enumerate(option_names, start=1):
            row[f"option{position}"] = variant.options.get(name, "")
        rows.append(row)
    return main, attributes, tiers, rows


class ListingEditor:
    """The main form and its row formsets, bound or not, as one thing to
    validate, turn into a ListingInput, and hang service errors on.

    `tier_rows` / `variant_rows` remember which formset row became which
    entry of the ListingInput lists, so an error about "tiers.1" (the service
    counts tiers in ascending order, and skips nothing) lands on the row the
    seller typed it in.
    """

    def __init__(self, *, seller, listing: Listing | None = None, data=None):
        self.seller = seller
        self.listing = listing
        self.currency = seller.settlement_currency
        self.section_errors: dict[str, list[str]] = {}
        self.tier_rows: list[int] = []
        self.variant_rows: list[int] = []
        if listing is not None:
            main, attributes, tiers, variants = _initial_from_listing(listing)
        else:
            main = {"source_language": seller.store_language}
            attributes, tiers = [], []
            variants = [{"sku": "", "stock": None}]
        self.form = ListingForm(data, initial=main, currency=self.currency)
        self.attributes = AttributeFormSet(data, initial=attributes, prefix="attributes")
        self.tiers = TierFormSet(data, initial=tiers, prefix="tiers")
        self.variants = VariantFormSet(data, initial=variants, prefix="variants")

    @property
    def has_errors(self) -> bool:
        if not self.form.is_bound:
            return False
        return bool(
            self.form.errors
            or self.section_errors
            or any(formset.non_form_errors() or any(formset.errors) for formset in self.formsets)
        )

    @property
    def formsets(self):
        return (self.attributes, self.tiers, self.variants)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for formset in self.formsets:
            valid = formset.is_valid() and valid
        return valid

    @staticmethod
    def _rows(formset) -> list[tuple[int, forms.Form]]:
        return [
            (index, form)
            for index, form in enumerate(formset.forms)
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
        ]

    def to_input(self) -> ListingInput | None:
        """The ListingInput for the services, or None after adding an error
        that the services could not word better (no price at all)."""
        data = self.form.cleaned_data
        attributes = {
            f.cleaned_data["name"].strip(): f.cleaned_data["value"].strip() for _i, f in self._rows(self.attributes)
        }
        tier_rows = sorted(self._rows(self.tiers), key=lambda row: row[1].cleaned_data["min_lots"] or 0)
        self.tier_rows = [index for index, _form in tier_rows]
        tiers = [
            TierInput(
                min_lots=f.cleaned_data["min_lots"],
                max_lots=f.cleaned_data["max_lots"],
                unit_price=f.cleaned_data["unit_price"],
            )
            for _i, f in tier_rows
        ]
        names = [(data.get("option1_name") or "").strip(), (data.get("option2_name") or "").strip()]
        variants = []
        self.variant_rows = []
        for index, f in self._rows(self.variants):
            row = f.cleaned_data
            options = {}
            for position, name in enumerate(names, start=1):
                value = (row.get(f"option{position}") or "").strip()
                if value:
                    options[name or (_("Option %(n)s") % {"n": position})] = value
            variants.append(
                VariantInput(
                    sku=row.get("sku") or "",
                    options=options,
                    stock=row["stock"] if row.get("stock") is not None else 0,
                    price_override=row.get("price_override"),
                )
            )
            self.variant_rows.append(index)
        price = data.get("price")
        if price is None and tiers:
            price = tiers[0].unit_price
        if price is None:
            self.form.add_error("price", _("Enter a price per lot, or add price tiers."))
            return None
        return ListingInput(
            category_id=data["category"],
            title=data["title"],
            price=price,
            weight_grams=data["weight_grams"],
            length_cm=data["length_cm"],
            width_cm=data["width_cm"],
            height_cm=data["height_cm"],
            declared_value=data["declared_value"],
            source_language=data["source_language"],
            description=data.get("description") or "",
            attributes=attributes,
            lot_size=data["lot_size"],
            processing_days=data["processing_days"],
            hs_code=data.get("hs_code") or "",
            variants=variants,
            tiers=tiers,
        )

    def add_domain_error(self, exc: DomainError) -> None:
        """Put a service error where the seller will look for it.

        "title" → the title field; "tiers.1.min_lots" → the "From" field of
        the row that became tiers[1]; "variants" → above the variants table;
        "status" or anything unknown → the top of the form.
        """
        path = (exc.field or "").split(".")
        section = path[0]
        rows = {"tiers": (self.tiers, self.tier_rows), "variants": (self.variants, self.variant_rows)}
        if section in rows:
            formset, mapping = rows[section]
            if len(path) >= 2 and path[1].isdigit() and int(path[1]) < len(mapping):
                form = formset.forms[mapping[int(path[1])]]
                field = path[2] if len(path) > 2 and path[2] in form.fields else None
                form.add_error(field, exc.message)
            else:
                self.section_errors.setdefault(section, []).append(exc.message)
            return
        add_domain_error(self.form, exc)


class TranslationOverrideForm(forms.Form):
    """What the seller's translations page posts for one language: save their own
    translation (title, each attribute value, the description) or reset to the
    machine's. The form only reads the request; every rule (lengths, the language,
    who may) is the translation service's, whose errors the page shows per field."""

    language = forms.CharField(required=False, strip=False)
    action = forms.ChoiceField(choices=[("save", "save"), ("reset", "reset")], required=False)
    title = forms.CharField(required=False, strip=False)
    description = forms.CharField(required=False, strip=False)

    def __init__(self, data, *, listing: Listing):
        super().__init__(data)
        self.attribute_names = list(listing.attributes or {})
        for name in self.attribute_names:
            self.fields[f"attr-{name}"] = forms.CharField(required=False, strip=False)
        # Attribute names, option names and values, by position (a term may hold any character).
        self.terms = listing_terms(listing)
        for number in range(len(self.terms)):
            self.fields[f"term-{number}"] = forms.CharField(required=False, strip=False)

    def override(self) -> dict:
        """The arguments of listing_translation_override (after is_valid). A form
        without a description field keeps the stored one (None)."""
        values = self.cleaned_data
        return {
            "language": values["language"],
            "title": values["title"],
            "attributes": {name: values[f"attr-{name}"] for name in self.attribute_names},
            "description": values["description"] if "description" in self.data else None,
            "terms": {term: values[f"term-{n}"] for n, term in enumerate(self.terms) if f"term-{n}" in self.data}
            or None,
        }


class ImportUploadForm(forms.Form):
    """The source-feed upload: the feed and, optionally, a zip of its images.
    The files are checked by listings.imports.services.import_job_create."""

    feed = forms.FileField(
        label=_("Feed (CSV, JSON, or a Taobao Assistant data packet)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,.zip,text/csv,application/json,application/zip"}),
        error_messages={"required": _("Choose the feed file (CSV or JSON).")},
        help_text=_(
            "A data packet (淘宝助理) is recognised by itself: upload its .csv, or one .zip of the .csv and its "
            "picture folder."
        ),
    )
    images = forms.FileField(
        label=_("Images (zip, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        help_text=_(
            "The photos the feed names by file name (for a data packet's .csv: its picture folder, zipped). "
            "Photos given by URL are fetched for you."
        ),
    )
