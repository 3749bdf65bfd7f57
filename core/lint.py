"""The tenancy lint: views, API handlers, tasks and commands never touch `Model.objects` of a
tenant-owned model. They call selectors and services, which start from the organisation.

Run with `heard tenancy_lint`; CI fails on any finding.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Modules where a request or a job enters the system.
ENTRY_POINT_NAMES = {"views.py", "api.py", "tasks.py", "web.py"}
ENTRY_POINT_DIRS = {"views", "api", "tasks", "commands"}


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    model: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.model}.objects used directly; "
            "call a selector or service that starts from the organisation"
        )


def tenant_model_names() -> set[str]:
    from django.apps import apps

    from core.tenancy import TenantManager

    return {
        model.__name__ for model in apps.get_models() if any(isinstance(m, TenantManager) for m in model._meta.managers)
    }


def is_entry_point(path: Path) -> bool:
    return path.name in ENTRY_POINT_NAMES or bool(ENTRY_POINT_DIRS.intersection(path.parent.parts[-2:]))


def check_source(source: str, *, path: Path, models: set[str]) -> list[Finding]:
    findings = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in models
        ):
            findings.append(Finding(path=path, line=node.lineno, model=node.value.id))
    return findings


def check_tree(
    root: Path, *, models: set[str], exclude: Iterable[str] = (".venv", "node_modules", "tests")
) -> list[Finding]:
    findings: list[Finding] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if set(rel.parts) & set(exclude) or not is_entry_point(rel):
            continue
        findings.extend(check_source(path.read_text(), path=rel, models=models))
    return findings
