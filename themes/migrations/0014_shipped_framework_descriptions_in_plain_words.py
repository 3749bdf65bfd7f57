"""The shipped frameworks' descriptions in plain words, for everyone who reads them (ADR 0009).

Only a description still as shipped is changed: one an organisation rewrote is its own."""

from django.db import migrations

CHANGED = {
    "nhs-pe-v6": (
        "The themes NHS England's patient experience project sorts comments about NHS services into (version 6). The 35 themes marked Benchmark are the ones Heard uses to test how well its theme suggestions work.",
        "The themes NHS England's patient experience project sorts comments about NHS services into. Heard checks how well it suggests themes on the 35 marked Used to test suggestions.",
    ),
    "social-care": (
        "Themes for feedback about care homes, home care and supported living, written for UK social care and mapped to CQC's quality statements and evidence categories.",
        'Themes for feedback about care homes, home care and supported living in the UK, each linked to what the Care Quality Commission looks for.',
    ),
}


def forwards(apps, schema_editor):
    Framework = apps.get_model("themes", "Framework")
    for slug, (old, new) in CHANGED.items():
        Framework.objects.filter(slug=slug, description=old).update(description=new)


def backwards(apps, schema_editor):
    Framework = apps.get_model("themes", "Framework")
    for slug, (old, new) in CHANGED.items():
        Framework.objects.filter(slug=slug, description=new).update(description=old)


class Migration(migrations.Migration):
    dependencies = [("themes", "0013_coding_order")]

    operations = [migrations.RunPython(forwards, backwards)]
