from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """Spanish output needs the .mo files, which are build output (not in git)."""
    from endorse.core.i18n import compile_catalogs

    compile_catalogs()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Each test starts in English: a request in Spanish earlier in the same worker thread
    leaves its language active (Django doesn't reset it after a response)."""
    from django.utils import translation

    with translation.override("en"):
        yield None
