from django.core.management.base import BaseCommand

from apps.applications.services import id_numbers_rehash


class Command(BaseCommand):
    help = (
        "Work out the ID number digests again under the current SECRET_KEY. Run it once after "
        "changing SECRET_KEY, or searching by ID number and the check for repeated applications "
        "stop finding earlier applications."
    )

    def handle(self, *args: object, **options: object) -> None:
        changed = id_numbers_rehash()
        self.stdout.write(f"{changed} ID number digests worked out again.")
