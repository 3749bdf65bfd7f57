"""Every service now has a feedback code: from here each new one draws its own, and no two share one."""

from django.db import migrations, models

import organisations.feedback_codes


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0006_service_feedback_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="service",
            name="feedback_code",
            field=models.CharField(
                default=organisations.feedback_codes.new_code,
                editable=False,
                help_text="The part of the short public feedback address people type from a poster, as stored: "
                "lower case, without the hyphen it is shown with.",
                max_length=8,
                unique=True,
            ),
        ),
    ]
