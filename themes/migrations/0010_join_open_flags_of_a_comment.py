"""Before one open flag a comment is a database rule (0011), join the open flags a comment already has.

A comment flagged by hand while the check's flag was open used to get a second flag. The earliest
open flag is kept; each later one's reasons and categories are added to it, what was recorded on it
and the decisions citing it move to it, and the later flag, now empty, is removed. Nothing anyone
wrote is lost: every note and citation ends on the kept flag, and the audit log keeps the raising of
each.
"""

from django.db import migrations
from django.db.models import Count


def join_open_flags(apps, schema_editor):
    UrgentFlag = apps.get_model("themes", "UrgentFlag")
    UrgentFlagAction = apps.get_model("themes", "UrgentFlagAction")
    Citation = apps.get_model("governance", "Citation")
    twice = (
        UrgentFlag._base_manager.filter(status="open")
        .values("comment_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("comment_id", flat=True)
    )
    for comment_id in list(twice):
        kept, *later = UrgentFlag._base_manager.filter(comment_id=comment_id, status="open").order_by(
            "detected_at", "id"
        )
        for flag in later:
            kept.reasons = list(kept.reasons) + [r for r in flag.reasons if r not in kept.reasons]
            kept.categories = list(kept.categories) + [c for c in flag.categories if c not in kept.categories]
            kept.score = max(kept.score, flag.score)
        kept.save(update_fields=["reasons", "categories", "score"])
        UrgentFlagAction._base_manager.filter(flag__in=later).update(flag=kept)
        Citation._base_manager.filter(urgent_flag__in=later).update(urgent_flag=kept)
        UrgentFlag._base_manager.filter(pk__in=[flag.pk for flag in later]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0005_activity_corrections"),
        ("themes", "0009_flag_concern_added"),
    ]

    operations = [migrations.RunPython(join_open_flags, migrations.RunPython.noop)]
