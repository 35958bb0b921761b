"""ID number digests were plain SHA-256, which anyone can reverse by trying every possible ID
number; they become HMAC-SHA-256 keyed with SECRET_KEY (services.id_number_digest)."""

from django.db import migrations
from django.utils.crypto import salted_hmac
from stdnum.cn import ric

SALT = "apps.applications.id_number"  # services.ID_DIGEST_SALT


def rehash(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    for application in Application.objects.only("id_number").iterator():
        normalised = ric.compact(application.id_number).upper()
        digest = salted_hmac(SALT, normalised, algorithm="sha256").hexdigest()
        Application.objects.filter(pk=application.pk).update(id_number_hash=digest)


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]

    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
