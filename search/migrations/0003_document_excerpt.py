"""Index documents keep the excerpt snippets are cut from (with its words' index terms) instead of the whole
summary and body: a result page reads a few kilobytes per hit, not whole bodies."""

import unicodedata

from django.db import migrations, models

# search.text.highlight.SCANNED_CHARS when this migration was written (a migration must not follow later code).
SCANNED_CHARS = 4000


def fill_excerpts(apps, schema_editor):
    """Excerpts from the stored summary and body; their terms are worked out when shown until the next reindex."""
    SearchDocument = apps.get_model("search", "SearchDocument")
    database = schema_editor.connection.alias
    documents = SearchDocument.objects.using(database).only("page_id", "summary", "body")
    changed = []
    for document in documents.iterator(chunk_size=500):
        text = " ".join(part for part in (document.summary, document.body) if part)
        document.excerpt = " ".join(unicodedata.normalize("NFC", text)[:SCANNED_CHARS].split())
        changed.append(document)
        if len(changed) == 500:
            SearchDocument.objects.using(database).bulk_update(changed, ["excerpt"])
            changed = []
    SearchDocument.objects.using(database).bulk_update(changed, ["excerpt"])


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_queue_and_zero_results")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="excerpt",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="excerpt_terms",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(fill_excerpts, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="searchdocument", name="summary"),
        migrations.RemoveField(model_name="searchdocument", name="body"),
    ]
