from django.utils.functional import SimpleLazyObject

from .selectors import category_tree


def navigation(request):
    """The header's category tree on every page (one query, only when a
    template reads it; storefront views pass their own and win)."""
    return {"nav_categories": SimpleLazyObject(lambda: category_tree().top)}
