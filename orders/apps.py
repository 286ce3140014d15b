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

        from escrow.signals import payment_failed, payment_succeeded

        from . import services

        def paid(sender, payment, **kwargs):
            services.orders_on_payment_succeeded(payment=payment)

        def failed(sender, payment, reason="", **kwargs):
            services.orders_on_payment_failed(payment=payment, reason=reason)

        # escrow sends these inside the transaction that records the gateway's event (contract.md).
        payment_succeeded.connect(paid, dispatch_uid="orders.payment_succeeded", weak=False)
        payment_failed.connect(failed, dispatch_uid="orders.payment_failed", weak=False)
