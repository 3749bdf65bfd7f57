"""Give each service a short feedback code, for a public address people can type from a poster.

The field is added empty and each service already in Heard is given a code of its own here; the
next migration makes the code required and unique. Two steps, because a default drawn once when the
column is added would give every existing service the same code.
"""

from django.db import migrations, models

from organisations.feedback_codes import feedback_codes_fill


def give_codes(apps, schema_editor):
    feedback_codes_fill(service_model=apps.get_model("organisations", "Service"))


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_impact_wait_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="feedback_code",
            field=models.CharField(editable=False, max_length=8, null=True),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
