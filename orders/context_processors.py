from django.utils.functional import SimpleLazyObject


def cart(request):
    """`cart_lines` for the header: one query, run only when a template shows it
    (the header is outside the cached storefront content)."""

    def count():
        from .selectors import cart_lines_count

        return cart_lines_count(user=getattr(request, "user", None), session=getattr(request, "session", None))

    return {"cart_lines": SimpleLazyObject(count)}
