from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.benefits.loader import policy_load
from apps.benefits.signals import policies_loaded


class Command(BaseCommand):
    help = (
        "Check policy files (fixtures/policies/*.json) against the policy file schema and load "
        "them atomically. Every changed field is said, the database's value → the file's: an "
        "edit saved in the admin is overwritten. With --dry-run, print what would be added, "
        "changed or removed and change nothing."
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
        for item in report.added:
            self.stdout.write(f"added: {item}")
        for item in report.changed:
            for difference in report.differences[item]:
                self.stdout.write(f"changed: {item}: {difference}")
        for item in report.removed:
            self.stdout.write(f"removed: {item}")
        self.stdout.write(
            f"{len(report.added)} {verb} added, {len(report.changed)} changed, "
            f"{len(report.removed)} removed, {len(report.unchanged)} unchanged."
        )
        changes = len(report.added) + len(report.changed) + len(report.removed)
        if changes and not dry_run:  # the load has committed: policy_load is atomic
            policies_loaded.send(
                sender=self.__class__, files=[str(f) for f in files], changes=changes
            )
