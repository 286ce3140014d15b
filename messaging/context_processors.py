from django.utils.functional import SimpleLazyObject


def messaging(request):
    """`unread_messages` for the header and the seller centre: one query, run only
    when a template shows it (never inside cached storefront content)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}

    def count():
        from .selectors import unread_messages_count

        return unread_messages_count(user)

    return {"unread_messages": SimpleLazyObject(count)}
