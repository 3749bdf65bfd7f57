from config.reproducible import pin_blas_kernels

pin_blas_kernels()  # before numpy loads, as the `heard` command does: the same models as in use

import zlib  # noqa: E402
from contextlib import ExitStack  # noqa: E402

import factory.random  # noqa: E402
import pytest  # noqa: E402

from organisations.roles import Role  # noqa: E402
from organisations.scope import scope_for  # noqa: E402
from organisations.tests.factories import OrganisationFactory, ServiceFactory, person_with_role  # noqa: E402


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Northgate Care", slug="northgate")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Elsewhere Care", slug="elsewhere")


@pytest.fixture
def services(org):
    return [ServiceFactory(organisation=org, name=name) for name in ("Rowan House", "Beech Court", "Home Care")]


@pytest.fixture
def make_scope(org):
    """The scope of a new person holding `role` over the given services (or all of them)."""

    def make(role=Role.ADMINISTRATOR, *, services=(), all_services=None, organisation=None):
        organisation = organisation or org
        if all_services is None:
            all_services = not services and role != Role.COMMISSIONER
        person = person_with_role(organisation, role, services=services, all_services=all_services)
        return scope_for(user=person.user, organisation=organisation)

    return make


@pytest.fixture
def admin_scope(make_scope):
    return make_scope(Role.ADMINISTRATOR)


@pytest.fixture(autouse=True)
def _same_names_every_run(request):
    # Factories draw names at random; seeding from the test's own id gives each test the same people
    # on every run and machine, so a failure that depends on a name (an apostrophe, say) reproduces.
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


# Argon2 is right for production and far too slow for hundreds of test logins.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Background tasks run in the calling thread in tests, so their effects can be asserted.
TASKS_AT_ONCE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = TASKS_AT_ONCE


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits, import progress and cached coding orders must not leak from one test to the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def module_records(django_db_setup, django_db_blocker, tmp_path_factory):
    """A transaction around one test module, for records its tests read alike and that cost too much
    to build for each (the demo organisation, say). Build them in a module-scoped fixture that asks
    for this one, inside `with module_records.unblock():`; tests still ask for `db`, and what each
    changes rolls back when it ends, as always. The shared records roll back when the module ends,
    so keep the tests that use them in a module of their own: a test there that did not want them
    would see them all the same.

    Not for tests with a live server (`transactional_db`): their records must be committed, and are
    emptied out after each test."""
    from django.db import transaction
    from django.test import override_settings

    with ExitStack() as stack:
        # The settings each test gets from the fixtures above, for what is built before any test.
        stack.enter_context(
            override_settings(
                PASSWORD_HASHERS=FAST_PASSWORD_HASHERS,
                TASKS=TASKS_AT_ONCE,
                MEDIA_ROOT=tmp_path_factory.mktemp("module-files"),
            )
        )
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
        try:
            yield django_db_blocker
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
