"""A store gets its default shipping template when it is approved."""

from .services import shipping_template_default_ensure


def seller_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.status != "approved" or (update_fields is not None and "status" not in update_fields):
        return
    shipping_template_default_ensure(seller=instance)
