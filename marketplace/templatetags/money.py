from django import template
from moneyed import Money

from marketplace.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value: Money) -> str:
    """Format a Money for the active language: {{ price|money }}. (Prices in
    a buyer's currency are converted once per page by listings.display.Prices.)"""
    if value is None or value == "":
        return ""
    return format_money(value)
