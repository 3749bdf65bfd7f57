"""Keep the id another system gave feedback as it gave it, so the API can give it back.

Until now only `source_key` held it: prefixed with the way it came (`api:`, `fhir:`) and, when too
long to store, hashed. Feedback sent before this change gets its id back from the key where the key
holds it whole; a hashed one cannot be read back and stays without.
"""

import re

from django.db import migrations, models

_HASHED = re.compile(r"sha256:[0-9a-f]{64}")


def sender_ids_from_keys(apps, schema_editor):
    Feedback = apps.get_model("feedback", "Feedback")
    sent = Feedback._base_manager.filter(import_source="").filter(
        models.Q(source_key__startswith="api:") | models.Q(source_key__startswith="fhir:")
    )
    for feedback in sent.only("id", "source_key").iterator():
        sender_id = feedback.source_key.split(":", 1)[1]
        if sender_id and not _HASHED.fullmatch(sender_id):
            Feedback._base_manager.filter(pk=feedback.pk).update(sender_id=sender_id)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_feedback_import_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="sender_id",
            field=models.CharField(
                blank=True,
                help_text="The id the system that sent it gave it, as given: the JSON API's external_id, or a "
                "FHIR identifier as system|value. Given back to that system; `source_key` is what tells copies "
                "apart.",
                max_length=1000,
            ),
        ),
        migrations.RunPython(sender_ids_from_keys, migrations.RunPython.noop),
    ]
