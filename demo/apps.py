from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and the benchmarks (seed_demo): it may import
    every app, and no app imports it."""

    name = "demo"
