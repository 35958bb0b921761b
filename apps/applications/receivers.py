"""Signal receivers of the caseworkers' app, connected by ApplicationsConfig.ready."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest


@receiver(user_logged_in, dispatch_uid="staff_sessions_short")
def staff_sessions_short(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """Staff (caseworkers, payment officers, policy staff) signed in to the admin for
    ADMIN_SESSION_AGE (hours), not for the parents' SESSION_COOKIE_AGE (a month)."""
    if request is not None and getattr(user, "is_staff", False):
        request.session.set_expiry(settings.ADMIN_SESSION_AGE)
