import glob

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddata", "fixtures/jurisdictions.json", verbosity=0)
        call_command("load_policy", *sorted(glob.glob("fixtures/policies/*.json")), verbosity=0)
