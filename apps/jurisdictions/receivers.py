"""Any change to the jurisdiction tree, however it is written (a fixture, the admin), tells every
process to build its copy again: cache invalidation, not business logic."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.jurisdictions.models import Jurisdiction
from apps.jurisdictions.selectors import PLACES
from apps.jurisdictions.versions import version_bump


@receiver(post_save, sender=Jurisdiction, dispatch_uid="places-saved")
@receiver(post_delete, sender=Jurisdiction, dispatch_uid="places-deleted")
def places_changed(**kwargs: Any) -> None:
    version_bump(PLACES)
