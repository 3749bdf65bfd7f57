from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.lint import check_tree, tenant_model_names


class Command(BaseCommand):
    help = "Fail if a view, API handler, task or command uses Model.objects on a tenant-owned model."

    def handle(self, *args, **options):
        models = tenant_model_names()
        findings = check_tree(settings.BASE_DIR, models=models)
        for finding in findings:
            self.stderr.write(str(finding))
        if findings:
            raise CommandError(f"{len(findings)} direct use(s) of tenant-owned models' managers.")
        self.stdout.write(f"Tenancy lint: no direct manager use on {len(models)} tenant-owned models.")
