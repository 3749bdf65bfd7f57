from pathlib import Path

from django.conf import settings

from core.lint import check_source, check_tree, is_entry_point, tenant_model_names


def test_tenant_models_are_known(db):
    assert {"Service", "Person", "RoleAssignment", "AuditEvent", "ApiToken"} <= tenant_model_names()
    assert "Organisation" not in tenant_model_names()


def test_direct_manager_use_in_a_view_is_found():
    source = "def view(request):\n    return Service.objects.all()\n"
    findings = check_source(source, path=Path("x/views.py"), models={"Service"})
    assert [(f.line, f.model) for f in findings] == [(2, "Service")]


def test_selectors_may_use_managers_and_non_tenant_models_pass():
    assert not is_entry_point(Path("organisations/selectors.py"))
    assert is_entry_point(Path("organisations/management/commands/demo.py"))
    assert check_source("Organisation.objects.all()", path=Path("views.py"), models={"Service"}) == []


def test_the_project_itself_is_clean(db):
    assert check_tree(Path(settings.BASE_DIR), models=tenant_model_names()) == []
