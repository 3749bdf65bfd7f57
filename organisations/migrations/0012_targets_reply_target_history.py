"""Keep each change of an organisation's reply targets, so feedback keeps the target of the day it was
given (ADR 0004's addendum on the target of the feedback's day). Each organisation already in Heard
starts its history with the targets it has now, in force from the beginning: until today a change of
target applied to all feedback, so the targets now are the only ones its figures were read with.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def start_histories(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    ReplyTargetChange = apps.get_model("organisations", "ReplyTargetChange")
    now = timezone.now()
    ReplyTargetChange.objects.bulk_create(
        ReplyTargetChange(
            organisation_id=org.pk,
            applies_from=None,
            complaint_days=org.reply_complaint_days,
            other_days=org.reply_other_days,
            changed_at=now,
        )
        for org in Organisation.objects.all()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0011_replytarget_reply_days'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReplyTargetChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('applies_from', models.DateField(blank=True, null=True)),
                ('complaint_days', models.PositiveSmallIntegerField()),
                ('other_days', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('changed_at', models.DateTimeField()),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('complaint_days__gte', 1)), name='reply_target_complaint_days_set')],
            },
        ),
        migrations.RunPython(start_histories, migrations.RunPython.noop),
    ]
