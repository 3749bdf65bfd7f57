"""Command line: ``heard themes urgent --input FILE --json``.

FILE holds one comment per line (blank lines are skipped; ``-`` reads stdin).
With ``--json`` prints a JSON array of {"text", "urgent", "reasons"}; without
it prints one line per urgent comment, for a quick look.
"""

from __future__ import annotations

import argparse
import json
import sys

from .detector import assess_many


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="heard themes urgent",
        description="Flag comments that suggest abuse, neglect, harm, self-harm or suicide "
        "risk, danger to others or another safeguarding risk.",
    )
    ap.add_argument("--input", required=True, help="file with one comment per line ('-' for stdin)")
    ap.add_argument("--json", action="store_true", help="print a JSON array of {text, urgent, reasons}")
    ap.add_argument("--rules-only", action="store_true", help="do not use the statistical back-up")
    ap.add_argument(
        "--cache-dir",
        help="directory to keep the fitted model in: fitted and written there once, loaded afterwards",
    )
    return ap


def _read_lines(path: str) -> list[str]:
    if path == "-":
        data = sys.stdin.read()
    else:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            data = f.read()
    return [line.strip() for line in data.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        texts = _read_lines(args.input)
    except OSError as e:
        print(f"heard themes urgent: cannot read {args.input}: {e}", file=sys.stderr)
        return 2
    if args.cache_dir and not args.rules_only:
        from . import model

        model.configure(args.cache_dir)
    results = assess_many(texts, use_model=not args.rules_only)
    if args.json:
        out = [
            {"text": t, "urgent": a.urgent, "reasons": list(a.reasons)} for t, a in zip(texts, results, strict=False)
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        n = 0
        for t, a in zip(texts, results, strict=False):
            if a.urgent:
                n += 1
                print(f"URGENT  {t}\n        " + "; ".join(a.reasons))
        print(f"{n} of {len(texts)} comments flagged urgent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
