"""Signal receivers of the caseworkers' app, connected by ApplicationsConfig.ready."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from apps.applications.tasks import recompute_start
from apps.benefits.signals import policies_loaded


@receiver(user_logged_in, dispatch_uid="staff_sessions_short")
def staff_sessions_short(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """Staff (caseworkers, payment officers, policy staff) signed in to the admin for
    ADMIN_SESSION_AGE (hours), not for the parents' SESSION_COOKIE_AGE (a month)."""
    if request is not None and getattr(user, "is_staff", False):
        request.session.set_expiry(settings.ADMIN_SESSION_AGE)


@receiver(policies_loaded, dispatch_uid="recompute_after_load")
def recompute_after_load(sender: Any, files: list[str], changes: int, **kwargs: Any) -> None:
    """New rules: every saved household and open application is computed again, on the queue."""
    names = ", ".join(file.rsplit("/", 1)[-1] for file in files)
    recompute_start(reason=f"load_policy ({changes}): {names}")
