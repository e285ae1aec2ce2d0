"""Production settings for the Alliance-scale benchmarks (alliance.py, pages.py, load.py).

``config.settings.production`` as it is (DEBUG off, WhiteNoise, the manifest of static
files, staff two-factor required, SMTP), with what a benchmark on one machine needs given
defaults in the environment: a made-up SECRET_KEY, the local host names, plain HTTP (no
TLS proxy in front), and the database: PostgreSQL when DATABASE_URL is set, else the
SQLite file ``ENDORSE_ALLIANCE_DB`` (default ``var/alliance.sqlite3``) with the WAL
options every SQLite site has (``database_from_environment``). The URLconf adds a bare
view returning "ok" (``/bench/bare/``, see _alliance_urls.py): never part of the product.
"""

from __future__ import annotations

import os

_URL = os.environ.get("DATABASE_URL", "")
os.environ.setdefault("SECRET_KEY", "alliance-benchmark-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("EMAIL_USE_TLS", "false")
# One address asks everything in a benchmark; the limit's bookkeeping is still paid.
os.environ.setdefault("ENDORSE_API_RATE", "100000000/min")
if not _URL:
    os.environ["DATABASE_URL"] = "sqlite://"  # production insists on one; replaced below

from config.settings.production import *  # noqa: E402, F403

if not _URL:
    del os.environ["DATABASE_URL"]
ALLIANCE_SQLITE = os.environ.get("ENDORSE_ALLIANCE_DB", str(VAR_DIR / "alliance.sqlite3"))  # noqa: F405
DATABASES = {"default": database_from_environment(ALLIANCE_SQLITE)}  # noqa: F405
STATIC_ROOT = VAR_DIR / "alliance-static"  # noqa: F405
ROOT_URLCONF = "_alliance_urls"
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405
