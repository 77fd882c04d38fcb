from django.db import migrations

from consortium_site.taxonomy import (
    COLLECTION_LANGUAGES,
    LIBRARY_SERVICES,
    STAFFING_CHALLENGES,
    SUSTAINABLE_DEVELOPMENT_GOALS,
)


def seed(apps, schema_editor):
    goal = apps.get_model("consortium_site", "SustainableDevelopmentGoal")
    for number, slug, name in SUSTAINABLE_DEVELOPMENT_GOALS:
        goal.objects.update_or_create(number=number, defaults={"slug": slug, "name": name})
    for model_name, rows in (
        ("StaffingChallenge", STAFFING_CHALLENGES),
        ("LibraryService", LIBRARY_SERVICES),
        ("CollectionLanguage", COLLECTION_LANGUAGES),
    ):
        model = apps.get_model("consortium_site", model_name)
        for slug, name in rows:
            model.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("consortium_site", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
