from django import template
from moneyed import Money

from marketplace.money import MissingExchangeRate, convert, format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value: Money) -> str:
    """Format a Money for the active language: {{ price|money }}."""
    if value is None or value == "":
        return ""
    return format_money(value)


@register.simple_tag(takes_context=True)
def display_price(context, value: Money) -> str:
    """A price converted into the visitor's display currency and formatted for
    their language; the original currency if no rate is stored."""
    request = context.get("request")
    currency = getattr(request, "currency", None)
    if value is None:
        return ""
    if currency:
        try:
            return format_money(convert(value, currency))
        except MissingExchangeRate:
            pass
    return format_money(value)
