"""Seller-centre forms for shipping templates and warehouses. They only shape
input; the rules (and their messages) are in logistics.services."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import FreeDestination
from .services import FreeRuleInput

RULE_ROWS = 3


class ShippingTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    methods = forms.MultipleChoiceField(
        label=_("Methods you offer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every active method from where the parcel leaves."),
    )
    handling_days = forms.IntegerField(
        label=_("Extra handling days"), min_value=0, max_value=settings.CARAVAN_SHIPPING_HANDLING_DAYS_MAX, initial=0,
        help_text=_("Business days added to every delivery estimate (e.g. packing to order)."),
    )  # fmt: skip
    is_default = forms.BooleanField(label=_("Store default (listings without a template of their own use it)"),
                                    required=False)  # fmt: skip

    def __init__(self, *args, methods=(), currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methods"].choices = [
            (m.code, f"{m.name} · {m.get_service_level_display()} · {', '.join(m.origin_countries)}") for m in methods
        ]
        destination_choices = [("", _("— no rule —")), *FreeDestination.choices]
        for i in range(RULE_ROWS):
            self.fields[f"rule_{i}_destination"] = forms.ChoiceField(
                label=_("Free shipping to"), choices=destination_choices, required=False
            )
            self.fields[f"rule_{i}_countries"] = forms.CharField(
                label=_("Countries (ISO codes, e.g. DE, FR)"), required=False, max_length=1000
            )
            self.fields[f"rule_{i}_min_order"] = forms.DecimalField(
                label=_("For orders of at least (%(currency)s)") % {"currency": currency},
                required=False, min_value=Decimal(0), max_digits=15, decimal_places=2,
            )  # fmt: skip

    def rule_rows(self) -> list[tuple]:
        return [(self[f"rule_{i}_destination"], self[f"rule_{i}_countries"], self[f"rule_{i}_min_order"])
                for i in range(RULE_ROWS)]  # fmt: skip

    def basic_fields(self):
        return [self["name"], self["handling_days"], self["is_default"]]

    def clean(self):
        data = super().clean()
        for i in range(RULE_ROWS):
            destination = data.get(f"rule_{i}_destination")
            if destination == FreeDestination.COUNTRIES:
                codes = [
                    c.strip().upper() for c in (data.get(f"rule_{i}_countries") or "").replace(";", ",").split(",")
                ]
                codes = [c for c in codes if c]
                unknown = [c for c in codes if c not in countries]
                if not codes or unknown:
                    self.add_error(
                        f"rule_{i}_countries",
                        _("Name the countries with ISO codes (e.g. DE, FR); not a country: %(c)s.")
                        % {"c": ", ".join(unknown) or "—"},
                    )
        return data

    def free_rules(self) -> list[FreeRuleInput]:
        rules = []
        for i in range(RULE_ROWS):
            destination = self.cleaned_data.get(f"rule_{i}_destination")
            if not destination:
                continue
            raw = (self.cleaned_data.get(f"rule_{i}_countries") or "").replace(";", ",")
            codes = tuple(c.strip().upper() for c in raw.split(",") if c.strip())
            rules.append(FreeRuleInput(destination, codes, self.cleaned_data.get(f"rule_{i}_min_order")))
        return rules

    @classmethod
    def initial_for(cls, template) -> dict:
        initial = {
            "name": template.name,
            "methods": [m.code for m in template.methods.all()],
            "handling_days": template.handling_days,
            "is_default": template.is_default,
        }
        for i, rule in enumerate(list(template.free_rules.all())[:RULE_ROWS]):
            initial[f"rule_{i}_destination"] = rule.destination
            initial[f"rule_{i}_countries"] = ", ".join(rule.countries or [])
            initial[f"rule_{i}_min_order"] = rule.min_order.amount if rule.min_order is not None else None
        return initial


class WarehouseForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    name = forms.CharField(label=_("Name"), max_length=80, required=False,
                           help_text=_("e.g. the fulfilment partner; blank: “Warehouse in <country>”."))  # fmt: skip
    handling_days = forms.IntegerField(
        label=_("Handling days"), min_value=0, max_value=settings.CARAVAN_SHIPPING_HANDLING_DAYS_MAX, initial=0
    )
    active = forms.BooleanField(label=_("Active (buyers can order from it)"), required=False, initial=True)

    def __init__(self, *args, home: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            (c, countries.name(c)) for c in settings.CARAVAN_WAREHOUSE_COUNTRIES if c != home
        ]
