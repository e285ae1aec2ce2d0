"""The applications' world (two associations, their coordinators, two applicants)."""

from tests.applications.conftest import frozen, world

__all__ = ["frozen", "world"]
