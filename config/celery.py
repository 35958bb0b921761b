"""The task queue: Celery with Redis as broker when REDIS_URL is set (`celery -A config worker`);
with no broker configured, every task runs in the process that sends it, at once (so `make run`
needs nothing else). Tasks live in each app's `tasks.py`."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("benefits")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
