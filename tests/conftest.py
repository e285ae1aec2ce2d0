from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """Spanish output needs the .mo files, which are build output (not in git)."""
    from endorse.core.i18n import compile_catalogs

    compile_catalogs()
