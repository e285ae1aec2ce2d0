"""Fill the registry columns and status-list places of endorsements made before them."""

from django.db import migrations

from endorse.core.text import fold, folded_words


def fill_registry(apps, schema_editor):
    """Existing endorsements get their county from the application and their name's words."""
    Endorsement = apps.get_model("endorsements", "Endorsement")
    Details = apps.get_model("applications", "Details")
    RegistryWord = apps.get_model("endorsements", "RegistryWord")
    next_index = {}
    for endorsement in Endorsement.objects.select_related("person", "category").order_by("pk"):
        endorsement.status_index = next_index.get(endorsement.association_id, 0)
        next_index[endorsement.association_id] = endorsement.status_index + 1
        details = Details.objects.filter(application_id=endorsement.application_id).first()
        endorsement.locality = details.county if details else ""
        name = endorsement.person.full_name or endorsement.person.email
        endorsement.name_key = fold(name)[:200]
        endorsement.locality_key = fold(endorsement.locality).strip()
        endorsement.save(update_fields=["locality", "name_key", "locality_key", "status_index"])
        RegistryWord.objects.bulk_create(
            RegistryWord(
                endorsement=endorsement,
                association_id=endorsement.association_id,
                word=word[:100],
                category_code=endorsement.category.code,
                name_key=endorsement.name_key,
                locality_key=endorsement.locality_key,
                listed=endorsement.listed and endorsement.status in ("active", "emeritus"),
            )
            for word in folded_words(name)
        )


class Migration(migrations.Migration):
    dependencies = [("endorsements", "0003_registry")]

    operations = [migrations.RunPython(fill_registry, migrations.RunPython.noop)]
