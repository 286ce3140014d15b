from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "logistics"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from sellers.models import Seller

        from .selectors import connect_signals
        from .signals import seller_saved

        connect_signals()
        # Every approved store has a default shipping template (sellers knows nothing of logistics).
        post_save.connect(seller_saved, sender=Seller, dispatch_uid="logistics-default-template")
