from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from themes.taxonomies import SHIPPED, TAXONOMY_DIR, crosswalk_problems, taxonomies, taxonomy_parse
from themes.taxonomy_files import TaxonomyFileError, read


class Command(BaseCommand):
    help = (
        "Regulators' taxonomies. `heard taxonomy check FILE` says whether a taxonomy file can be used, or "
        "every problem with it and where (exit status 2); `heard taxonomy list` lists the taxonomies Heard "
        "has read, with their status and where each came from (shipped, or the file in HEARD_TAXONOMY_DIR)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "list"])
        parser.add_argument("file", nargs="?", help="The taxonomy file to check.")

    def handle(self, *args, action, file, **options):
        if action == "list":
            for taxonomy in taxonomies().values():
                replaced = f" by {taxonomy.replaced_by}" if taxonomy.replaced_by else ""
                self.stdout.write(
                    f"{taxonomy.key}\t{taxonomy.name}\t{taxonomy.status}{replaced}\t"
                    f"{'shipped' if taxonomy.source == SHIPPED else taxonomy.source}"
                )
            return
        if not file:
            raise CommandError("Give the file to check: heard taxonomy check FILE.", returncode=2)
        path = Path(file)
        try:
            taxonomy = taxonomy_parse(read(path), source=str(path))
        except TaxonomyFileError as exc:
            return self._fail(path, exc.problems)
        known = taxonomies()
        found = []
        shipped = known.get(taxonomy.key)
        if shipped is not None and shipped.source == SHIPPED and path.resolve() != (TAXONOMY_DIR / path.name).resolve():
            found.append(f"key: {taxonomy.key!r} is a taxonomy shipped with Heard, which another file cannot replace")
        found += crosswalk_problems(taxonomy, known)
        if found:
            return self._fail(path, found)
        self.stdout.write(
            f"{path}: ok, {len(taxonomy.key_questions)} key questions, {len(taxonomy.statements)} quality "
            f"statements, {len(taxonomy.evidence_categories)} evidence categories"
        )

    def _fail(self, path: Path, problems: list[str]):
        for problem in problems:
            self.stderr.write(f"{path}: {problem}")
        raise CommandError(
            f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}, so it cannot be used.", returncode=2
        )
