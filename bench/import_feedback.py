"""Benchmark: import 100,000 rows of feedback from a CSV, on SQLite and on PostgreSQL.

Generates a CSV in the NHS feedback-v6 layout (comment and respondent IDs, date, service type 1
and 2, rating, question, answer, sentiment, a few theme label columns) with 1 to 3 answers per
respondent, then, for each database, runs itself again with DATABASE_URL pointing at a fresh
throwaway database, migrates, creates an organisation with five services, and times
`feedback_import` (services matched by name from the file, keep_good mode). A second import of the
same file is timed too (everything is a duplicate), and a check of it under another source's name
(every row is found among another source's feedback). Human lines first, then one JSON line.

    uv run python bench/import_feedback.py [--rows N] [--only sqlite|postgresql]

PostgreSQL: $HEARD_BENCH_PG (default postgres://postgres@127.0.0.1:5432/heard_bench); the database
is dropped and created again on each run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _databases import child_env  # noqa: E402  (beside this file)

PG_URL = os.environ.get("HEARD_BENCH_PG", "postgres://postgres@127.0.0.1:5432/heard_bench")
SERVICES = [
    ("PTS - Patient Transport", ""),
    ("See and Convey", ""),
    ("111", ""),
    ("Local partnerships- MH", "Adult mental health"),
    ("Forensic", "Offender health"),
]
QUESTIONS = ["What was good?", "What could we do better?", "FFT Why?"]
THEMES = [
    "Staff manner & personal attributes",
    "Timeliness of care",
    "Food & drink provision & facilities",
    "Cleanliness, tidiness & infection control",
    "Positive experience & gratitude",
]
PHRASES = [
    "The staff were kind and listened to me.",
    "Waited far too long for the ambulance.",
    "Nothing, all good.",
    "The food was cold again and the portions small.",
    "Could not get through on the phone for two days.",
    "My mum felt safe and was treated with dignity.",
    "Parking was impossible and expensive.",
    "The driver was late but very apologetic.",
    "Clear explanation of my medication, thank you.",
    "Nobody told us when she would be discharged.",
]
HEADER = [
    "Comment ID",
    "Trust",
    "Respondent ID",
    "Date",
    "Service type 1",
    "Service type 2",
    "FFT categorical answer",
    "FFT question",
    "FFT answer",
    "Comment sentiment",
    *THEMES,
]


def generate(path: Path, rows: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    written = respondent = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        while written < rows:
            respondent += 1
            service, detail = rng.choice(SERVICES)
            date = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.choice([2023, 2024, 2025])}"
            rating = str(rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 7]))
            for q in range(min(rng.randint(1, 3), rows - written)):
                text = " ".join(rng.sample(PHRASES, rng.randint(1, 3)))
                labels = ["1" if rng.random() < 0.2 else "" for _ in THEMES]
                writer.writerow(
                    [
                        f"R{respondent} - Q{q + 1}",
                        "NEAS",
                        f"R{respondent}",
                        date,
                        service,
                        detail,
                        rating,
                        QUESTIONS[q],
                        text,
                        str(rng.randint(1, 5)),
                        *labels,
                    ]
                )
                written += 1


def child(csv_path: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from feedback.imports.mapping import auto_detect
    from feedback.imports.parsing import read_table
    from feedback.imports.services import feedback_import, feedback_import_preview
    from organisations.models import Organisation, Service
    from organisations.scope import system_scope

    org = Organisation.objects.create(name="Bench Trust", slug=f"bench-{int(time.time())}")
    for name, detail in SERVICES:
        Service.objects.for_org(org).create(
            organisation=org, name=f"{name} - {detail}" if detail else name, service_type="other"
        )
    scope = system_scope(organisation=org, label="Benchmark")
    mapping = auto_detect(read_table(csv_path).columns)
    started = time.perf_counter()
    report = feedback_import(scope=scope, file=csv_path, mapping=mapping, mode="keep_good")
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = feedback_import(scope=scope, file=csv_path, mapping=mapping, mode="keep_good")
    second = time.perf_counter() - started
    # The same file checked under another source's name: every row is looked for among the feedback
    # imported from other sources (the warning that the same survey would be counted twice).
    started = time.perf_counter()
    elsewhere = feedback_import_preview(scope=scope, file=csv_path, mapping=mapping, source="Another name")
    third = time.perf_counter() - started
    assert not report.errors, report.errors[:5]
    assert again.feedback_created == 0
    return {
        "vendor": connection.vendor,
        "seconds": round(first, 2),
        "again_seconds": round(second, 2),
        "rows": report.rows_read,
        "feedback": report.feedback_created,
        "comments": report.comments_created,
        "duplicates_again": again.duplicates,
        "check_other_name_seconds": round(third, 2),
        "matched_elsewhere": elsewhere.imported_elsewhere,
    }


def run(db: str, csv_path: Path, workdir: Path) -> dict:
    env = child_env(db, workdir, PG_URL)
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(csv_path)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"The {db} run failed.")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    summary: dict = {"rows": args.rows}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "feedback.csv"
        started = time.perf_counter()
        generate(csv_path, args.rows)
        size = csv_path.stat().st_size / 1024 / 1024
        print(f"Generated {args.rows:,} rows ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
        for db in ("sqlite", "postgresql"):
            if args.only and args.only != db:
                continue
            result = run(db, csv_path, workdir)
            print(
                f"{db}: {result['rows']:,} rows -> {result['feedback']:,} feedback, {result['comments']:,} comments "
                f"in {result['seconds']} s; importing again (all duplicates) {result['again_seconds']} s; "
                f"checking it under another name {result['check_other_name_seconds']} s "
                f"({result['matched_elsewhere']:,} rows matched)"
            )
            summary[f"{db}_seconds"] = result["seconds"]
            summary[f"{db}_again_seconds"] = result["again_seconds"]
            summary[f"{db}_check_other_name_seconds"] = result["check_other_name_seconds"]
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
