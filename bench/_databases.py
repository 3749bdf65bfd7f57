"""The database a benchmark's child process runs on: a fresh SQLite file in the work directory, or a
PostgreSQL database dropped and made again, and the environment that points the child at it."""

from __future__ import annotations

import os
from pathlib import Path


def fresh_pg(url: str) -> None:
    """Drop and make again the PostgreSQL database `url` names (a benchmark's own, never the tests')."""
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def child_env(db: str, workdir: Path, pg_url: str) -> dict[str, str]:
    """The environment of a child process that runs on a new database of kind `db` ("sqlite" or "pg")."""
    if db == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        fresh_pg(pg_url)
        url = pg_url
    return {**os.environ, "DATABASE_URL": url, "HEARD_VAR_DIR": str(workdir / "var"), "HEARD_LOG_LEVEL": "WARNING"}
