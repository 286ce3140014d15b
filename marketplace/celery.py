"""The Celery app. Settings come from Django's (CELERY_* names); tasks are
discovered in every installed app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("caravan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
