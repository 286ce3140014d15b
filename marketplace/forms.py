from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from .errors import DomainError
from .models import User


def add_domain_error(form: forms.Form, exc: DomainError, field_map: dict[str, str] | None = None) -> None:
    """The one path from a business-rule error to a form error: each field the
    error names gets its messages (the form's own errors for a field it lacks)."""
    for name, messages in (exc.fields or {None: [exc.message]}).items():
        field = (field_map or {}).get(name or "", name)
        field = field if field in form.fields else None
        for message in messages:
            form.add_error(field, message)


def _currency_choices():
    return [(c, c) for c in settings.CARAVAN_DISPLAY_CURRENCIES]


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    full_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password and not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords do not match."))
        return data


class PreferencesForm(forms.Form):
    """The header's language / currency / ship-to selector."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    currency = forms.ChoiceField(label=_("Currency"), choices=_currency_choices)
    country = LazyTypedChoiceField(label=_("Ship to"), choices=countries)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Display language"), choices=settings.LANGUAGES)
    currency = forms.ChoiceField(label=_("Display currency"), choices=_currency_choices)
    # A callable: the names are read (and sorted) in the reader's language each time the form is drawn,
    # not once in English when this module is imported.
    country = LazyTypedChoiceField(label=_("Ship-to country"), choices=lambda: [("", "—"), *countries], required=False)

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        initial = {
            "full_name": user.full_name,
            "language": user.language,
            "currency": user.currency,
            "country": user.country.code or "",
        }
        return cls(data, initial=initial)
