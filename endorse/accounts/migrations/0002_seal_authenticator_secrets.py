"""Seal the authenticator secrets stored before they were sealed (endorse.accounts.mfa).

Values already sealed (their prefix says so) are left alone, so running it over a
database that is partly sealed is safe. Going back opens them again.
"""

from django.db import migrations

from endorse.accounts.mfa import data_transform, is_sealed, secret_open, secret_seal


def seal_plain(value: str) -> str:
    return value if is_sealed(value) else secret_seal(value)


def rewrite(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.only("type", "data").iterator():
        data = data_transform(authenticator.type, authenticator.data, change)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def seal_all(apps, schema_editor) -> None:
    rewrite(apps, seal_plain)


def open_all(apps, schema_editor) -> None:
    rewrite(apps, secret_open)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(seal_all, open_all, elidable=False)]
