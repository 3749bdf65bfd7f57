"""Theme labels that arrive in an imported file (the NHS feedback-v6 export has one column per theme).

The file's theme columns are matched by name to the themes of one of the organisation's frameworks
(the published version). If none of its frameworks has them all, and a framework shipped with Heard
does, that one is installed first, so a provider importing years of v6-coded feedback keeps every
label. Each comment from the file is then marked coded by the import and can train the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from feedback.models import Comment
from organisations.scope import Scope, system_scope
from themes.coding.services import imported_codings_store
from themes.models import Framework, Theme, VersionStatus
from themes.selectors import shipped_frameworks
from themes.services import framework_install


def _normal(name: str) -> str:
    return " ".join(name.replace("&", "and").lower().split())


def framework_for_columns(
    *, scope: Scope, columns: Sequence[str], file_name: str = ""
) -> tuple[Framework | None, dict[str, str]]:
    """The framework whose theme names match most of these columns, and column -> theme code.

    A framework already installed wins if it names every column; otherwise a shipped framework that
    names every column is installed; otherwise the installed framework matching the most columns is
    used, and the caller reports the columns left over. (None, {}) when nothing matches at all.
    """
    wanted = {_normal(c): c for c in columns}
    best: tuple[Framework | None, dict[str, str]] = (None, {})
    for framework in Framework.objects.for_org(scope.organisation).order_by("-is_primary", "id"):
        themes = Theme.objects.for_org(scope.organisation).filter(
            version__framework=framework, version__status=VersionStatus.PUBLISHED
        )
        names = {_normal(t.name): t.code for t in themes}
        matched = {column: names[key] for key, column in wanted.items() if key in names}
        if len(matched) == len(wanted):
            return framework, matched
        if len(matched) > len(best[1]):
            best = (framework, matched)
    for key, definition in shipped_frameworks().items():
        names = {_normal(t["name"]) for c in definition["categories"] for t in c["themes"]}
        if set(wanted) <= names and not Framework.objects.for_org(scope.organisation).filter(slug=key).exists():
            installer = system_scope(organisation=scope.organisation, label=f"Import of {file_name}"[:200])
            framework_install(scope=installer, key=key)
            return framework_for_columns(scope=scope, columns=columns, file_name=file_name)
    return best


def imported_labels_store(
    *,
    scope: Scope,
    theme_columns: Sequence[str],
    labelled: Sequence[tuple[int, int, Sequence[str], int | None]],
    file_name: str = "",
) -> tuple[int, str, list[str]]:
    """Store (feedback id, position, theme columns, sentiment) labels.

    Returns (rows stored, framework name, columns not kept because no theme has their name).
    Labels never stop an import: unmatched columns are reported, not refused.
    """
    framework, codes = framework_for_columns(scope=scope, columns=theme_columns, file_name=file_name)
    left_over = [c for c in theme_columns if c not in codes]
    if framework is None:
        return 0, "", left_over
    ids = {
        (feedback_id, position): pk
        for pk, feedback_id, position in Comment.objects.for_org(scope.organisation)
        .filter(feedback_id__in={f for f, *_ in labelled})
        .values_list("pk", "feedback_id", "position")
    }
    rows = [
        (ids[(f, p)], [codes[c] for c in columns if c in codes], sentiment) for f, p, columns, sentiment in labelled
    ]
    return imported_codings_store(scope=scope, framework=framework, labelled=rows), framework.name, left_over
