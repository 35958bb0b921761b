from django.core.management.base import BaseCommand

from apps.benefits.policy_schema import SCHEMA_FILE, policy_json_schema


class Command(BaseCommand):
    help = (
        "Write fixtures/policy.schema.json, the JSON Schema of a policy file, from the pydantic "
        "models that load_policy checks every file with (apps/benefits/policy_schema.py)."
    )

    def handle(self, *args: object, **options: object) -> None:
        SCHEMA_FILE.write_text(policy_json_schema(), encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_FILE}")
