from django.core.management.base import BaseCommand

from apps.applications.services import roles_ensure


class Command(BaseCommand):
    help = (
        "Create (or update) the caseworkers', payment officers' and policy staff's groups and "
        "their permissions."
    )

    def handle(self, *args: object, **options: object) -> None:
        for name, group in roles_ensure().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
        self.stdout.write(
            "Give a caseworker or payment officer the group and one CaseworkerAssignment per "
            "place they work on."
        )
