import datetime as dt

from django.core.management import call_command

from core.models import AuditEvent
from organisations.demo import DEMO_PASSWORD, demo_build
from organisations.models import Organisation, Person, Service
from organisations.roles import Role
from organisations.scope import scope_for
from reports.you_said import you_said_public


def test_the_demo_has_every_role_and_several_kinds_of_service(db):
    northgate, riverside = demo_build(seed=1)
    org = northgate.organisation
    kinds = set(Service.objects.for_org(org).values_list("service_type", flat=True))
    assert {"care_home", "supported_living", "home_care", "community_mental_health"} <= kinds
    roles = set(Person.objects.for_org(org).values_list("role_assignments__role", flat=True))
    assert roles == set(Role.values)
    assert Person.objects.for_org(org).filter(user=None).exists()  # partners without a login
    assert AuditEvent.objects.for_org(org).filter(verb="organisations.service.create").count() == 6
    # Its lists of themes were published before its eighteen months of feedback began.
    from core import clock
    from themes.models import FrameworkVersion

    published = FrameworkVersion.objects.for_org(org).values_list("published_at", flat=True)
    assert len(published) == 2 and all(p < clock.now() - dt.timedelta(days=18 * 30) for p in published)
    # The audit log never says something happened later than now.
    assert not AuditEvent.objects.unscoped_across_organisations().filter(at__gt=clock.now()).exists()
    for login in northgate.logins + riverside.logins:
        person = Person.objects.unscoped_across_organisations().get(user__email=login.email)
        assert person.user.check_password(DEMO_PASSWORD)
        assert scope_for(user=person.user, organisation=person.organisation) is not None


def test_the_demo_is_the_same_each_time_and_replaces_itself(db):
    first = demo_build(seed=7, extra_services=5, extra_people=10)
    names = sorted(Service.objects.for_org(first[0].organisation).values_list("name", flat=True))
    second = demo_build(seed=7, extra_services=5, extra_people=10)
    assert sorted(Service.objects.for_org(second[0].organisation).values_list("name", flat=True)) == names
    assert Organisation.objects.count() == 2
    assert second[0].services == 11 and second[0].people == 31  # 21 of its own, 10 extra


def test_the_demo_command_prints_the_logins_and_runs_again(db, capsys):
    """Running the demo again replaces it, though its records point at others of their kind (a
    coding a person corrected, a re-audit's baseline, an evidence record a correction replaced),
    which protect what they point at.

    How many of the model's suggestions the quality lead corrects depends on the model, and which
    feedback its training holds out hangs on record ids, which PostgreSQL does not reuse: so the
    second demo is checked to hold records of each kind, none of them the first demo's."""
    from audits.models import AuditRun
    from evidence.models import EvidenceItem
    from themes.models import ThemeAssignment

    def linked():
        return {
            "corrected codings": set(
                ThemeAssignment.objects.unscoped_across_organisations()
                .filter(superseded_by__isnull=False)
                .values_list("pk", flat=True)
            ),
            "re-audits": set(
                AuditRun.objects.unscoped_across_organisations()
                .filter(baseline__isnull=False)
                .values_list("pk", flat=True)
            ),
            "corrected evidence": set(
                EvidenceItem.objects.unscoped_across_organisations()
                .filter(replaces__isnull=False)
                .values_list("pk", flat=True)
            ),
        }

    call_command("demo", "--seed", "3")
    out = capsys.readouterr().out
    assert "priya.shah@northgate.example" in out and DEMO_PASSWORD in out
    first = linked()
    assert all(first.values()), first
    # Changes people asked for are on the public pages, worded for them.
    rowan = Service.objects.unscoped_across_organisations().get(name="Rowan House")
    [told] = you_said_public(service=rowan)
    assert told.you_said == "At night, call bells rang for a long time before anyone came."
    assert_call_bells_heard_less_since_the_action(rowan)
    assert_a_few_loops_stalled_each_for_a_reason(rowan.organisation)
    assert_watching_questions_do_not_apply_where_nobody_was_observed()
    # The second build is smaller (the replacing is what is tested, not the demo's size again).
    call_command("demo", "--seed", "3", "--feedback", "600")
    assert "priya.shah@northgate.example" in capsys.readouterr().out
    second = linked()
    for kind, ids in second.items():
        assert ids and not ids & first[kind], kind
    assert len(second["re-audits"]) == len(first["re-audits"])
    assert len(second["corrected evidence"]) == len(first["corrected evidence"])
    assert Organisation.objects.count() == 2


def assert_call_bells_heard_less_since_the_action(rowan):
    """What the governance record says of Rowan House's call bells (closed with evidence of impact)
    is in the feedback: the theme's share of comments, month by month, fell after the action was done
    and stayed down, a run the chart marks as more than chance."""
    from core import clock
    from governance.models import Action
    from organisations.scope import system_scope
    from reports import oversight
    from reports.spc import add_months, month_start, monthly_points, xmr

    action = Action.objects.for_org(rowan.organisation).get(title="Weekly call-bell audit and a second night carer")
    done = month_start(clock.day_of(action.status_changes.get(to_status="awaiting_check").at))
    last = add_months(month_start(clock.today()), -1)
    first = add_months(last, -17)
    rates = oversight.theme_rates(
        scope=system_scope(organisation=rowan.organisation), first=first, last=last, service=rowan
    )
    code = "call-bells-and-responsiveness"
    months = sorted(rates.with_words)
    before = [m for m in months if m < done]
    after = [m for m in months if m >= done]

    def share(ms):
        return rates.total(code, ms) / sum(rates.with_words[m] for m in ms)

    assert share(after) < share(before) / 2, (share(before), share(after))
    chart = xmr(monthly_points(rates.rates(code), first, last))
    since = [p for p in chart.points if p.date >= done and p.value is not None]
    assert any(p.is_special and p.value < chart.limits.mean for p in since), [(p.value, p.rules) for p in since]


def assert_a_few_loops_stalled_each_for_a_reason(org):
    """The quality lead sees a mostly working organisation: every service's quality meeting decides on
    what people raise, so under a quarter of loops are stalled, and among them the two stories that
    stall: home care timekeeping (its action overdue, nobody challenging it) and Willow's activities
    (withdrawn without evidence)."""
    from core import clock
    from governance.loops import loop_tracker

    grace = Person.objects.for_org(org).get(full_name="Grace Okafor")
    loops = loop_tracker(scope=scope_for(user=grace.user, organisation=org), today=clock.today())
    stalled = {(lp.code, lp.service_name): lp.stalls for lp in loops if lp.is_stalled}
    assert len(stalled) < len(loops) / 4, stalled
    assert ("organisation-and-reliability", "Northgate Home Care") in stalled
    assert ("activities-and-social-life", "Willow Day Opportunities") in stalled


def assert_watching_questions_do_not_apply_where_nobody_was_observed():
    """In every case of every audit of the demo (the withdrawn entry too), a question answered by
    watching care is "does not apply" where nobody was observed, whichever question it is."""
    from audits.models import Answer, AuditAnswer, AuditCase, Consent

    unwatched = AuditAnswer.objects.unscoped_across_organisations().filter(case__consent=Consent.NOT_OBSERVED)
    cases = AuditCase.objects.unscoped_across_organisations()
    assert cases.filter(consent=Consent.NOT_OBSERVED).count() == unwatched.values("case").distinct().count() > 0
    watching = unwatched.filter(question__is_observation=True)
    assert watching.exists()
    assert set(watching.values_list("answer", flat=True)) == {Answer.NOT_APPLICABLE}
    assert set(watching.values_list("question__position", flat=True)) == set(
        AuditAnswer.objects.unscoped_across_organisations()
        .filter(question__is_observation=True)
        .values_list("question__position", flat=True)
    )
