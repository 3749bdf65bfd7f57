"""Benchmark: how long the main pages take, and how many queries they make, for a large organisation.

Builds the demo in a throwaway database with more feedback, services and people than the default
(`heard demo --feedback N --services S --people P`), then signs in as the quality lead (who covers
every service) and fetches each page several times through Django's test client, in one process:
no network, no browser. Reports the median time and the number of queries of each page. Human lines
first, then one JSON line. The coding queue is also fetched with the cache emptied before each fetch
("cold cache"), as a visit after a restart or after the cache has let go of what it kept.

    uv run python bench/pages.py [--feedback N] [--services S] [--people P] [--only sqlite|postgresql]

PostgreSQL: $HEARD_BENCH_PG (default postgres://postgres@127.0.0.1:5432/heard_bench); the database
is dropped and created again on each run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("HEARD_BENCH_PG", "postgres://postgres@127.0.0.1:5432/heard_bench")
REPEATS = 5


def _pages() -> list[tuple[str, str, bool]]:
    """(name, address, whether the cache is emptied before each fetch)."""
    from django.urls import reverse

    pages = [
        ("home", reverse("organisations:home")),
        ("feedback list", reverse("feedback:list")),
        ("coding queue", reverse("themes:coding-queue", args=["social-care"])),
        ("coding queue (cold cache)", reverse("themes:coding-queue", args=["social-care"])),
        ("urgent flags", reverse("themes:queue")),
        ("loop tracker", reverse("governance:loops")),
        ("theme page", reverse("governance:theme", args=["call-bells-and-responsiveness"])),
        ("meetings", reverse("governance:meetings")),
        ("action log", reverse("governance:actions")),
        ("co-production ledger", reverse("governance:coproduction")),
        ("audit programme", reverse("audits:programme")),
        ("evidence", reverse("evidence_items:list")),
        ("quality priorities", reverse("priorities:list")),
        ("monthly pack", reverse("reports:monthly")),
        ("quarterly summary", reverse("reports:quarterly")),
        ("CQC pack", reverse("evidence:cqc")),
    ]
    return [(name, url, name.endswith("(cold cache)")) for name, url in pages]


def child(feedback: int, services: int, people: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from organisations.models import Person

    setup_test_environment()  # the test client's host and templates, as in the tests
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", feedback=feedback, services=services, people=people, stdout=io.StringIO())
    built = time.perf_counter() - started
    grace = Person.objects.unscoped_across_organisations().get(user__email="grace.okafor@northgate.example")
    client = Client()
    client.force_login(grace.user)
    out = {"vendor": connection.vendor, "build_seconds": round(built, 1), "pages": {}}
    for name, url, cold in _pages():
        times, queries = [], 0
        for _ in range(REPEATS):
            if cold:
                cache.clear()
            connection.queries_log.clear()  # it keeps the last 9,000 queries: the demo's build fills it
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise SystemExit(f"{name} ({url}) answered {response.status_code}")
            queries = len(captured.captured_queries)
        out["pages"][name] = {"ms": round(statistics.median(times) * 1000), "queries": queries}
    from feedback.models import Feedback

    out["feedback"] = Feedback.objects.unscoped_across_organisations().filter(organisation=grace.organisation).count()
    return out


def fresh_pg() -> None:
    import psycopg

    base, _, name = PG_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(db: str, workdir: Path, args) -> dict:
    if db == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        fresh_pg()
        url = PG_URL
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HEARD_VAR_DIR": str(workdir / "var"),
        "HEARD_LOG_LEVEL": "WARNING",
        "HEARD_ALLOW_DEMO": "1",
    }
    command = [sys.executable, __file__, "--child", "--feedback", str(args.feedback)]
    command += ["--services", str(args.services), "--people", str(args.people)]
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-5000:])
        raise SystemExit(f"The {db} run failed.")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feedback", type=int, default=20_000)
    parser.add_argument("--services", type=int, default=20)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.feedback, args.services, args.people)))
        return
    summary: dict = {"feedback": args.feedback, "services": args.services, "people": args.people}
    with tempfile.TemporaryDirectory() as tmp:
        for db in ("sqlite", "postgresql"):
            if args.only and args.only != db:
                continue
            result = run(db, Path(tmp) / db, args)
            print(f"{db}: demo with {result['feedback']:,} pieces of feedback built in {result['build_seconds']} s")
            for name, figures in result["pages"].items():
                print(f"  {name:<26} {figures['ms']:>6} ms  {figures['queries']:>4} queries")
            summary[db] = result["pages"]
            summary[f"{db}_build_seconds"] = result["build_seconds"]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
