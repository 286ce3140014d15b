"""A site without the orders app's carrier-webhook URL (the sandbox then has nowhere to deliver)."""

urlpatterns: list = []
