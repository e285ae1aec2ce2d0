"""Each endorsement gets a random verification code; existing ones get their own."""

from django.db import migrations, models

import endorse.endorsements.models


def give_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Endorsement = apps.get_model("endorsements", "Endorsement")
    for endorsement in Endorsement.objects.filter(verify_code__isnull=True):
        endorsement.verify_code = endorse.endorsements.models.new_verify_code()
        endorsement.save(update_fields=["verify_code"])


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="endorsement",
            name="verify_code",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="endorsement",
            name="verify_code",
            field=models.CharField(
                default=endorse.endorsements.models.new_verify_code, max_length=32, unique=True
            ),
        ),
    ]
