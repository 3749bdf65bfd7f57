from django.core.management.base import BaseCommand, CommandError

from organisations.models import Organisation
from organisations.scope import system_scope
from themes.selectors import shipped_frameworks
from themes.services import framework_install


class Command(BaseCommand):
    help = (
        "Theme frameworks. `heard frameworks install --org SLUG [--key KEY ...]` installs shipped frameworks "
        "(all of them without --key) into an organisation; `--all-orgs` does every organisation; `heard frameworks list` lists them. "
        "Installing again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["install", "list"])
        parser.add_argument(
            "--key", action="append", dest="keys", default=[], help="A shipped framework key (default: all)."
        )
        parser.add_argument("--org", help="Organisation slug.")
        parser.add_argument("--all-orgs", action="store_true", help="Every organisation.")

    def handle(self, *args, action, keys, org, all_orgs, **options):
        shipped = shipped_frameworks()
        if action == "list":
            for key, definition in shipped.items():
                themes = sum(len(c["themes"]) for c in definition["categories"])
                self.stdout.write(
                    f"{key}\t{definition['name']}\t{len(definition['categories'])} categories\t{themes} themes"
                )
            return
        unknown = sorted(set(keys) - set(shipped))
        if unknown:
            raise CommandError(f"No shipped framework called {', '.join(unknown)}. Try: {', '.join(shipped)}.")
        if bool(org) == all_orgs:
            raise CommandError("Give --org SLUG or --all-orgs.")
        organisations = list(Organisation.objects.all() if all_orgs else Organisation.objects.filter(slug=org))
        if not organisations:
            raise CommandError(f"There is no organisation {org!r}.")
        for organisation in organisations:
            scope = system_scope(organisation=organisation, label="heard frameworks install")
            for key in keys or list(shipped):
                framework = framework_install(scope=scope, key=key)
                self.stdout.write(f"{organisation.slug}: {framework.name} installed.")
