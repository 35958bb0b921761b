from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.benefits.loader import policy_load


class Command(BaseCommand):
    help = (
        "Validate and load policy files (fixtures/policies/*.json) atomically. "
        "With --dry-run, print what would be added, changed or removed and change nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: object, files: list[Path], dry_run: bool, **options: object) -> None:
        report = policy_load(paths=files, dry_run=dry_run)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(report.errors)} problem(s); nothing was loaded, the database is unchanged."
            )
        verb = "would be" if dry_run else "were"
        for label, items in (
            ("added", report.added),
            ("changed", report.changed),
            ("removed", report.removed),
        ):
            for item in items:
                self.stdout.write(f"{label}: {item}")
        self.stdout.write(
            f"{len(report.added)} {verb} added, {len(report.changed)} changed, "
            f"{len(report.removed)} removed, {len(report.unchanged)} unchanged."
        )
