from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from apps.households.services import ANSWERS_KEPT_DAYS, households_purge


class Command(BaseCommand):
    help = (
        "Delete saved questionnaire answers not changed for --days days (default 30, what the "
        "save page promises). With --dry-run, print how many would go and change nothing. "
        "Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=ANSWERS_KEPT_DAYS)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: object, days: int, dry_run: bool, **options: object) -> None:
        if days < 1:
            raise CommandError("--days must be at least 1.")
        updated_before = timezone.now() - timedelta(days=days)
        count = households_purge(updated_before=updated_before, dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{count} household(s) not changed for {days} days {verb} deleted "
            f"(last changed before {updated_before:%Y-%m-%d %H:%M %Z})."
        )
