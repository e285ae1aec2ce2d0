"""What alliance.py, pages.py and load.py share: Django on the Alliance data set's database
(PostgreSQL from DATABASE_URL, else an SQLite file), the marker that tells its scale, and
signed-in sessions made directly in the session store."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SETTINGS = "_alliance_settings"
MARKER = "bench_alliance_scale"


def configure(db: str | None = None) -> None:
    """Django set up on the benchmark's settings; ``db`` is an SQLite path (ignored when
    DATABASE_URL is set)."""
    for path in (str(ROOT), str(HERE)):
        if path not in sys.path:
            sys.path.insert(0, path)
    if db:
        os.environ["ENDORSE_ALLIANCE_DB"] = str(Path(db).resolve())
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def server_environment() -> dict[str, str]:
    """The environment for gunicorn, the worker and the clock: the same settings and data."""
    from django.conf import settings

    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(ROOT), env.get("PYTHONPATH", "")])
    env["ENDORSE_ALLIANCE_DB"] = str(settings.ALLIANCE_SQLITE)
    return env


def describe() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.settings_dict['NAME']}"
    return f"PostgreSQL {connection.settings_dict['HOST']}/{connection.settings_dict['NAME']}"


def _maintenance() -> Any:
    """A connection to PostgreSQL's own database, to create or drop the benchmark's."""
    import psycopg
    from django.db import connection

    s = connection.settings_dict
    return psycopg.connect(
        dbname="postgres", user=s["USER"], password=s["PASSWORD"] or None,
        host=s["HOST"] or None, port=s["PORT"] or None, autocommit=True,
    )  # fmt: skip


def recreate(*, drop: bool) -> None:
    """The database exists (empty if ``drop``): SQLite's file, or PostgreSQL's database."""
    from django.db import connection

    connection.close()
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        if drop:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return
    with _maintenance() as pg:
        exists = pg.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            pg.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or drop:
            pg.execute(f'CREATE DATABASE "{name}"')


def marker() -> dict[str, Any] | None:
    """What the finished build recorded (its scale, counts and time), or None."""
    from django.db import connection

    if MARKER not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT facts FROM {MARKER}")  # noqa: S608 (our own table's name)
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def mark(facts: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER} (facts TEXT NOT NULL)")
        cursor.execute(f"INSERT INTO {MARKER} (facts) VALUES (%s)", [json.dumps(facts)])  # noqa: S608


def require_data_set() -> dict[str, Any]:
    facts = marker()
    if facts is None:
        sys.exit(f"No Alliance data set in {describe()}: run benchmarks/alliance.py first.")
    return facts


def session_for(user: Any, *, staff: bool = False) -> str:
    """A signed-in session's key, as a sign-in leaves it; staff also passed their
    authenticator code in it (allauth's record), as production requires."""
    import time

    from allauth.account.internal.flows import login as flows
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    records: list[dict[str, Any]] = [{"method": "password", "at": time.time(),
                                      "email": user.email}]  # fmt: skip
    if staff:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    store[flows.AUTHENTICATION_METHODS_SESSION_KEY] = records
    store[flows._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    store.create()
    assert store.session_key is not None
    return store.session_key


def csrf_secret() -> str:
    """A CSRF cookie value; sent back in X-CSRFToken it passes Django's check."""
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()
