"""Benchmark: the loop tracker, and when each concern was first raised, on a long history.

For each size asked for, builds in a throwaway database an organisation with six services and years
of feedback (one comment each), coded with themes of the social-care framework in a spread like a
real one: a few themes raised every month, some raised on and off with quiet spells of months or of
more than a year between, some rarely, and praise (coded positive, which opens no loop) mixed in.
It records decisions citing some of the themes, with actions, through the governance services. The
feedback is written with `bulk_create` through the models (not the full demo), so 100,000 pieces
take about a minute. Then it times, median of several runs, the selector the loops page calls
(`governance.loops.loops_as_read`, as the quality lead) and `governance.loops._first_raised` alone
on the same loops, and prints the time and the number of queries of each. Human lines first, then
one JSON line. `first raised` also prints a fingerprint of the dates it worked out, and the tracker
one of every loop it gives (state, counts, dates, people, decisions, actions), so two versions of
either can be seen to agree on the same history (the same seed gives the same history).

On PostgreSQL the bench gathers statistics (ANALYZE) after the load and before timing, as autovacuum
does on a server shortly after so many rows are written: without them the planner takes the new
tables for nearly empty and joins every coding row of the whole history to its comment and feedback
one by one before looking at the day, which is several times slower. `--no-analyze` times it so.

    uv run python bench/loops.py [--sizes 1500:1.5,20000:5,100000:5] [--only sqlite|postgresql] [--no-analyze]

A size is pieces of feedback and, after the colon, years of history (1,500 over 18 months is about
the demo's own). PostgreSQL: $DATABASE_URL if it names a PostgreSQL database, otherwise
$HEARD_BENCH_PG (default postgres://postgres@127.0.0.1:5432/heard_bench); the database is dropped
and created again for each size.

Figures, loop tracker, median ms, five years, six services (two shared cores, busy with other work),
before reading who listened in one query (18 queries):

                                     20,000    100,000
    SQLite                            115.7      421.0
    PostgreSQL, no statistics         459.0    2,151.8   (--no-analyze: the 2.2 s first seen)
    PostgreSQL, after ANALYZE         130.9      537.0

Without statistics each of the four queries over the coding rows (heard in the window, first raised,
and who coded and who recorded) took about 0.5 s at 100,000: the planner, taking the new tables for
nearly empty, joined every coding row of the whole history to its comment and feedback one by one
before looking at the day (EXPLAIN ANALYZE: 133,325 rows through nested loops, about 4 index lookups
each). With statistics it hashes the window's feedback and reads each table once: about 100 ms, 160 ms,
100 ms and 95 ms. Reading who coded and who recorded in one query instead of two (17 queries instead of
18) then gave, base against changed, run alternately on the same database, seven or nine runs each, median ms:

                                     20,000            100,000
    SQLite                          227 -> 202        542 -> 428
    PostgreSQL, no statistics       790 -> 623      3,095 -> 2,585
    PostgreSQL, after ANALYZE       201 -> 162        698 -> 615

(slower throughout than the table above: the machine was busier), with the same fingerprints. The
bench again after the change, 17 queries: SQLite 129.4 and 459.8 ms, PostgreSQL after ANALYZE 96.9 and
399.5 ms (SQLite's `first raised`, not changed, also took a fifth longer than in the first run, so the
alternate runs above are the fairer measure there).

Covering indexes for the window's path (comment by feedback with its sentiment, 3,976 kB; current coding rows by
comment with theme, coder and organisation, 7,672 kB; feedback by day with service and recorder,
3,984 kB; against tables of 9,880 kB, 14 MB and 12 MB) made no difference at 100,000 after VACUUM
ANALYZE (446.6 against 446.1 ms): with a window a fifth of the history, reading each table once by hash
is as quick, so none was kept. What is left is mostly working out when each concern was first raised
(`_first_raised`, 170 ms of the 537 at 100,000), which reads all the history before the window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _databases import child_env  # noqa: E402  (beside this file)

_GIVEN = os.environ.get("DATABASE_URL", "")
PG_URL = _GIVEN if _GIVEN.startswith("postgres") else os.environ.get("HEARD_BENCH_PG", "")
PG_URL = PG_URL or "postgres://postgres@127.0.0.1:5432/heard_bench"
REPEATS = 7
SERVICES = 6
SEED = 2026

# How themes come up (each theme of the framework is given one of these, in turn).
STEADY, ON_AND_OFF, RARE = "steady", "on and off", "rare"
PATTERNS = [STEADY, ON_AND_OFF, ON_AND_OFF, RARE, ON_AND_OFF, RARE]


def _active_months(rng: random.Random, pattern: str, months: int) -> set[int]:
    """The months (0 = the oldest) in which a theme is raised at a service."""
    if pattern == STEADY:
        return set(range(months))
    if pattern == RARE:
        return {m for m in range(months) if rng.random() < 0.15}
    active, month = set(), rng.randrange(6)
    while month < months:
        spell = rng.randint(2, 9)  # raised for a few months ...
        active |= set(range(month, min(month + spell, months)))
        # ... then quiet: sometimes for less than the window (the concern goes on), sometimes for more
        month += spell + rng.choice([3, 6, 9, 14, 18, 24])
    return active


def build(*, feedback: int, years: float) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from core import clock
    from feedback.models import QUESTION_BETTER, Channel, Comment, Feedback, Sentiment
    from governance import services as gov
    from organisations.models import Organisation, Person, RoleAssignment, Service, ServiceType
    from organisations.roles import Role
    from organisations.scope import scope_for, system_scope
    from themes.coding.selectors import primary_version
    from themes.models import Source, Theme, ThemeAssignment
    from themes.services import framework_install

    rng = random.Random(SEED)
    org = Organisation.objects.create(name="Bench Trust", slug="bench-trust")
    services = [
        Service.objects.for_org(org).create(
            organisation=org, name=f"Service {n + 1}", service_type=ServiceType.CARE_HOME
        )
        for n in range(SERVICES)
    ]
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    version = primary_version(scope=system_scope(organisation=org), framework=framework)
    themes = list(Theme.objects.for_org(org).filter(version=version).order_by("code"))

    def person(name: str, role: str, *, service=None) -> Person:
        user = get_user_model().objects.create(email=f"{name.split()[0].lower()}@bench.example", full_name=name)
        someone = Person.objects.for_org(org).create(organisation=org, user=user, full_name=name)
        assignment = RoleAssignment.objects.for_org(org).create(
            organisation=org, person=someone, role=role, all_services=service is None
        )
        if service is not None:
            assignment.services.set([service])
        return someone

    quality = person("Grace Okafor", Role.QUALITY_LEAD)
    managers = [person(f"Manager{n} Bench", Role.SERVICE_MANAGER, service=s) for n, s in enumerate(services)]

    today = clock.today()
    days = round(years * 365)
    months = days // 30 + 1
    pattern = {t.id: PATTERNS[i % len(PATTERNS)] for i, t in enumerate(themes)}
    active = {
        (t.id, s.id): _active_months(rng, pattern[t.id], months) for t in themes for s in services
    }  # months counted from the oldest
    steady = [t for t in themes if pattern[t.id] == STEADY]
    sentiments = [Sentiment.VERY_NEGATIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE]
    now = clock.now()
    started = time.perf_counter()
    with transaction.atomic():
        items, chosen = [], []
        for n in range(feedback):
            service = rng.choice(services)
            ago = rng.randrange(days)
            month = (days - 1 - ago) // 30
            raised = [t for t in themes if month in active[(t.id, service.id)]]
            codes = rng.sample(raised, k=min(len(raised), rng.choice([1, 1, 2]))) if raised else [rng.choice(steady)]
            items.append(
                Feedback(
                    organisation=org,
                    service=service,
                    channel=Channel.PAPER,
                    received_on=today - dt.timedelta(days=ago),
                    recorded_by=managers[services.index(service)] if n % 3 else None,
                    source_key=f"bench:{n}",
                )
            )
            chosen.append((codes, rng.choices(sentiments, weights=[2, 4, 2, 3])[0]))
        made = Feedback.objects.bulk_create(items, batch_size=2000)
        comments = Comment.objects.bulk_create(
            [
                Comment(organisation=org, feedback=f, question=QUESTION_BETTER, text="Bench comment.", sentiment=level)
                for f, (_, level) in zip(made, chosen, strict=True)
            ],
            batch_size=2000,
        )
        coder = {s.id: managers[i] for i, s in enumerate(services)}
        ThemeAssignment.objects.bulk_create(
            [
                ThemeAssignment(
                    organisation=org,
                    comment=c,
                    theme=t,
                    applies=True,
                    source=Source.PERSON,
                    made_by=coder[f.service_id],
                    made_at=now,
                )
                for f, c, (codes, _) in zip(made, comments, chosen, strict=True)
                for t in codes
            ],
            batch_size=2000,
        )
    built = time.perf_counter() - started

    # Decisions citing themes, some with actions: at each service, about four meetings a year.
    scope = scope_for(user=quality.user, organisation=org)
    decided = 0
    for i, service in enumerate(services):
        for held in range(45, days, 90):
            on = today - dt.timedelta(days=held)
            at = dt.datetime(on.year, on.month, on.day, 12, tzinfo=dt.UTC)
            meeting = gov.meeting_create(
                scope=scope, meeting_type="quality_safety", service_id=service.id, held_on=on, now=at
            )
            cited = rng.sample(themes, k=2)
            actions = []
            if rng.random() < 0.6:
                actions = [
                    gov.ActionInput(
                        title=f"Look into {cited[0].name.lower()}",
                        lead_id=managers[i].id,
                        verifier_id=quality.id,
                        due_on=on + dt.timedelta(days=60),
                    )
                ]
            gov.decision_record(
                scope=scope,
                meeting_id=meeting.id,
                text=f"Act on {cited[0].name.lower()}.",
                evidence=gov.Evidence(theme_ids=[t.id for t in cited]),
                actions=actions,
                now=at,
            )
            decided += 1
    return {"organisation": org, "quality": quality, "build_seconds": round(built, 1), "decisions": decided}


def _median_ms(call, repeats: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeats):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            call()
            times.append(time.perf_counter() - began)
        queries = len(captured.captured_queries)
    return round(statistics.median(times) * 1000, 1), queries


def _fingerprint(loops) -> str:
    """A fingerprint of everything the tracker worked out for each loop, in its order, so two versions
    of the selector can be seen to give the same page on the same history."""

    def plain(value):
        if isinstance(value, dict):
            return sorted([str(k), plain(v)] for k, v in value.items())
        if isinstance(value, set | frozenset):
            return sorted(map(str, value))
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return str(value)

    return hashlib.sha256(json.dumps([plain(asdict(lp)) for lp in loops]).encode()).hexdigest()[:12]


def first_raised_inputs(*, scope, today: dt.date):
    """The loops heard in the window and the earlier mentions, as `loop_tracker` hands them to
    `_first_raised`."""
    from django.db.models import Count, Min

    from governance.loop_states import Loop, loop_setting
    from governance.loops import POSITIVE
    from themes.coding.selectors import primary_framework, themes_applied

    since = today - dt.timedelta(days=loop_setting("HEARD_LOOP_WINDOW_DAYS"))
    raised = themes_applied(scope=scope, framework=primary_framework(scope=scope)).exclude(
        comment__sentiment__in=POSITIVE
    )
    heard = (
        raised.filter(comment__feedback__received_on__gte=since, comment__feedback__received_on__lte=today)
        .values("theme__code", "comment__feedback__service_id")
        .annotate(n=Count("comment__feedback", distinct=True), first=Min("comment__feedback__received_on"))
        .order_by()
    )
    loops = {
        (row["theme__code"], row["comment__feedback__service_id"]): Loop(
            code=row["theme__code"],
            name=row["theme__code"],
            service_id=row["comment__feedback__service_id"],
            service_name="",
            first_heard=row["first"],
        )
        for row in heard
        if row["n"] >= loop_setting("HEARD_LOOP_MIN_MENTIONS")
    }
    return loops, raised.filter(comment__feedback__received_on__lt=since)


def child(feedback: int, years: float, repeats: int, analyze: bool) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from core import clock
    from governance.loops import _first_raised, loops_as_read
    from organisations.scope import scope_for

    call_command("migrate", verbosity=0)
    made = build(feedback=feedback, years=years)
    if analyze and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    scope = scope_for(user=made["quality"].user, organisation=made["organisation"])
    today = clock.today()
    loops, earlier = first_raised_inputs(scope=scope, today=today)
    copies = []

    def first_raised():
        copy = {key: replace(lp) for key, lp in loops.items()}
        _first_raised(copy, earlier)
        copies.append(copy)

    read = []
    tracker_ms, tracker_queries = _median_ms(lambda: read.append(loops_as_read(scope=scope, today=today)), repeats)
    first_ms, first_queries = _median_ms(first_raised, repeats)
    dates = sorted((code, sid or 0, lp.first_heard.isoformat()) for (code, sid), lp in copies[-1].items())
    moved = sum(1 for key, lp in copies[-1].items() if lp.first_heard != loops[key].first_heard)
    return {
        "vendor": connection.vendor,
        "analyzed": analyze and connection.vendor == "postgresql",
        "feedback": feedback,
        "years": years,
        "build_seconds": made["build_seconds"],
        "decisions": made["decisions"],
        "loops heard": len(loops),
        "first raised before the window": moved,
        "fingerprint": hashlib.sha256(json.dumps(dates).encode()).hexdigest()[:12],
        "tracker fingerprint": _fingerprint(read[-1]),
        "loop tracker": {"ms": tracker_ms, "queries": tracker_queries},
        "first raised": {"ms": first_ms, "queries": first_queries},
    }


def run(db: str, workdir: Path, feedback: int, years: float, repeats: int, analyze: bool) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    env = child_env(db, workdir, PG_URL)
    command = [sys.executable, __file__, "--child", "--sizes", f"{feedback}:{years}", "--repeats", str(repeats)]
    command += [] if analyze else ["--no-analyze"]
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-5000:])
        raise SystemExit(f"The {db} run with {feedback} pieces of feedback failed.")
    return json.loads(out.stdout.strip().splitlines()[-1])


def sizes(text: str) -> list[tuple[int, float]]:
    found = []
    for part in text.split(","):
        count, _, years = part.strip().partition(":")
        try:
            found.append((int(count), float(years or 5)))
        except ValueError:
            raise argparse.ArgumentTypeError(f"--sizes: {part!r} is not FEEDBACK or FEEDBACK:YEARS") from None
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes, default=sizes("1500:1.5,20000:5,100000:5"))
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="time PostgreSQL straight after the load, before it has statistics on the new rows",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        [(feedback, years)] = args.sizes
        print(json.dumps(child(feedback, years, args.repeats, args.analyze)))
        return
    summary: dict = {"services": SERVICES, "repeats": args.repeats, "analyze": args.analyze}
    with tempfile.TemporaryDirectory() as tmp:
        for db in ("sqlite", "postgresql"):
            if args.only and args.only != db:
                continue
            summary[db] = []
            for feedback, years in args.sizes:
                r = run(db, Path(tmp) / f"{db}-{feedback}", feedback, years, args.repeats, args.analyze)
                print(
                    f"{db}: {r['feedback']:,} pieces of feedback over {r['years']:g} years (built in "
                    f"{r['build_seconds']} s), {r['loops heard']} loops heard, "
                    f"{r['first raised before the window']} first raised before the window"
                    + (", statistics gathered (ANALYZE)" if r["analyzed"] else "")
                )
                for name in ("loop tracker", "first raised"):
                    print(f"  {name:<14} {r[name]['ms']:>8} ms  {r[name]['queries']:>3} queries")
                print(f"  dates fingerprint {r['fingerprint']}, loops fingerprint {r['tracker fingerprint']}")
                summary[db].append(r)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
