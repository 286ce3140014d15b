"""The seller-facing forms. They only shape input: every rule (registration
number checksums, phone format, document content, who may edit what) is the
services' job, and their DomainErrors reach the form through add_domain_error."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import DocumentKind, LegalEntityType
from .registration import SCHEMES
from .services import COUNTRY_REFUSAL

ACCEPT_DOCUMENTS = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
ACCEPT_IMAGES = ".jpg,.jpeg,.png,image/jpeg,image/png"


def seller_country_choices():
    """The five seller countries first, then every other ISO country.

    Other countries stay choosable on purpose: a business established in, say,
    Germany should be told plainly that Caravan cannot take it, rather than
    search a short list in vain and wonder whether it is a bug.
    """
    accepted = [(code, name) for code, name in countries if code in settings.CARAVAN_SELLER_COUNTRIES]
    others = [(code, name) for code, name in countries if code not in settings.CARAVAN_SELLER_COUNTRIES]
    return [
        ("", pgettext_lazy("country select", "Choose a country…")),
        (_("Countries Caravan accepts sellers from"), accepted),
        (_("Other countries"), others),
    ]


def registration_help(country: str) -> str:
    if country in SCHEMES:
        name, expected, _check = SCHEMES[country]
        return gettext("%(name)s: %(expected)s.") % {"name": name[:1].upper() + name[1:], "expected": expected}
    return gettext("Choose your country of establishment to see the number we expect.")


class SellerApplicationForm(forms.Form):
    store_name = forms.CharField(
        label=_("Store name"),
        max_length=80,
        help_text=_("What buyers see. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    store_language = forms.ChoiceField(
        label=_("Store language"),
        choices=settings.LANGUAGES,
        help_text=_("The language you write your listings and messages in. Buyers read them translated."),
    )
    description = forms.CharField(
        label=_("Short store description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you make or sell, in a sentence or two."),
    )
    country = forms.ChoiceField(label=_("Country of establishment"), choices=seller_country_choices)
    legal_entity_type = forms.ChoiceField(label=_("Legal entity type"), choices=LegalEntityType.choices)
    legal_name = forms.CharField(
        label=_("Legal name"), max_length=200, help_text=_("Exactly as on your registration documents.")
    )
    registration_number = forms.CharField(label=_("Business registration number"), max_length=40)
    business_address = forms.CharField(
        label=_("Business address"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=32,
        help_text=_("International format, e.g. +90 212 555 12 34"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    store_fields = ("store_name", "store_language", "description")
    business_fields = (
        "country",
        "legal_entity_type",
        "legal_name",
        "registration_number",
        "business_address",
        "contact_phone",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = (self.data.get("country") if self.is_bound else self.initial.get("country")) or ""
        self.fields["registration_number"].help_text = registration_help(country.upper())

    @classmethod
    def for_seller(cls, seller, data=None, **kwargs) -> "SellerApplicationForm":
        initial = {}
        if seller is not None:
            initial = {name: getattr(seller, name) for name in cls.base_fields}
            initial["country"] = seller.country.code
        return cls(data, initial=initial, **kwargs)

    def clean_country(self) -> str:
        # The service refuses other countries too (and the database); checking
        # here as well means the refusal shows even while other fields are
        # still incomplete, so nobody fills in a whole form in vain.
        country = self.cleaned_data["country"].upper()
        if country not in settings.CARAVAN_SELLER_COUNTRIES:
            raise forms.ValidationError(str(COUNTRY_REFUSAL), code="country_not_accepted")
        return country

    def store_section(self):
        return [self[name] for name in self.store_fields]

    def business_section(self):
        return [self[name] for name in self.business_fields]


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, widget=forms.HiddenInput)
    # Empty files are let through to the service, which says so in its own words.
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,
        error_messages={"required": _("Choose a file to upload."), "invalid": _("Choose a file to upload.")},
        widget=forms.FileInput(attrs={"accept": ACCEPT_DOCUMENTS}),
    )

    def __init__(self, *args, kind: str, **kwargs):
        # One form per document kind on the page: ids must not collide.
        kwargs.setdefault("auto_id", f"upload-{kind}-%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = kind
        self.kind = kind


class StoreSettingsForm(forms.Form):
    store_name = forms.CharField(
        label=_("Store name"), max_length=80, help_text=_("Your store address stays the same when you rename it.")
    )
    store_language = forms.ChoiceField(label=_("Store language"), choices=settings.LANGUAGES)
    description = forms.CharField(
        label=_("Short store description"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    logo = forms.FileField(
        label=_("Store logo"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT_IMAGES}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = gettext(
            "A square JPEG or PNG image, up to %(limit)s MB. Leave empty to keep the current logo."
        ) % {"limit": settings.CARAVAN_STORE_LOGO_MAX_BYTES // 1048576}

    @classmethod
    def for_seller(cls, seller, data=None, files=None) -> "StoreSettingsForm":
        initial = {"store_name": seller.store_name, "store_language": seller.store_language}
        initial["description"] = seller.description
        return cls(data, files, initial=initial)
