from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.applications.impact import impact_policy_files


class Command(BaseCommand):
    help = "Dry-run policy files and say what loading them would do to households and applications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: object, paths: list[Path], **options: object) -> None:
        report, impact = impact_policy_files(paths=paths)
        if impact is None:
            raise CommandError("\n".join(report.errors))
        self.stdout.write(f"changed: {', '.join(report.changed) or '-'}")
        self.stdout.write(f"added: {', '.join(report.added) or '-'}")
        self.stdout.write(f"removed: {', '.join(report.removed) or '-'}")
        for label, count in (
            ("households", impact.households),
            ("open applications", impact.applications),
        ):
            self.stdout.write(
                f"{label}: {count.evaluated} evaluated, {count.gain} gain, {count.lose} lose, "
                f"{count.better_off} better off, {count.worse_off} worse off, "
                f"{count.before} -> {count.after} ({count.difference:+})"
            )
