from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "logistics"

    def ready(self) -> None:
        from .selectors import connect_signals

        connect_signals()
