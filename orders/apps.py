from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .cart import cart_merge

        def merge_the_visitors_cart(sender, request, user, **kwargs):
            # A decoupled concern (STYLE.md): logging in knows nothing of carts.
            if request is not None and hasattr(request, "session"):
                cart_merge(session=request.session, user=user)

        user_logged_in.connect(merge_the_visitors_cart, dispatch_uid="orders.cart_merge", weak=False)
