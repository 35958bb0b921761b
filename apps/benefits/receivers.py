"""Any change to a program or a policy document, however it is written (the loader, the admin,
a fixture), tells every process to build its rule set again; and the place selects learn which
places have a program of their own. Cache invalidation and wiring, not business logic."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.benefits.models import PolicyDocument, Program
from apps.benefits.selectors import RULES, granting_places
from apps.jurisdictions.selectors import place_marks_register
from apps.jurisdictions.versions import version_bump

place_marks_register(granting_places)


@receiver(post_save, sender=Program, dispatch_uid="rules-program-saved")
@receiver(post_delete, sender=Program, dispatch_uid="rules-program-deleted")
@receiver(post_save, sender=PolicyDocument, dispatch_uid="rules-document-saved")
@receiver(post_delete, sender=PolicyDocument, dispatch_uid="rules-document-deleted")
def rules_changed(**kwargs: Any) -> None:
    version_bump(RULES)
