"""/api/v1/registry/: the registry as JSON, its OpenAPI schema and its rate limit."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from endorse.core.models import RateCount
from endorse.endorsements.models import Endorsement
from tests.applications.conftest import World
from tests.endorsements.helpers import endorse


def test_the_api_lists_what_the_page_lists_and_nothing_else(world: World) -> None:
    endorse(world, "Lucía Peña", county="Hartford")
    hidden = endorse(world, "Hugo Hidden", county="Bristol")
    Endorsement.objects.filter(pk=hidden.pk).update(locality_key="", locality_shown=False)
    endorse(world, "Nora Newmexico", association=world.nm, code="IFS")
    response = Client().get("/api/v1/registry/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 3 and body["next"] is None
    assert body["results"][0] == {
        "name": "Hugo Hidden",
        "status": "active",
        "category": {
            "code": "IMHS",
            "name_en": "Infant Mental Health Specialist",
            "name_es": body["results"][0]["category"]["name_es"],
        },
        "association": {"slug": "ct", "name": "CT Assoc"},
        "locality": None,
    }
    assert [r["name"] for r in body["results"]] == ["Hugo Hidden", "Lucía Peña", "Nora Newmexico"]
    assert body["results"][1]["locality"] == "Hartford"


def test_the_api_filters_like_the_page(world: World) -> None:
    endorse(world, "Lucía Peña", county="Hartford")
    endorse(world, "Nora Newmexico", association=world.nm, code="IFS", county="Santa Fe")
    client = Client()

    def found(**params: str) -> list[str]:
        return [r["name"] for r in client.get("/api/v1/registry/", params).json()["results"]]

    assert found(name="pena") == ["Lucía Peña"]
    assert found(category="IFS") == ["Nora Newmexico"]
    assert found(locality="santa") == ["Nora Newmexico"]
    assert found(association="ct") == ["Lucía Peña"]
    assert found(association="nowhere") == []


def test_a_bad_parameter_is_a_400_that_says_which(world: World) -> None:
    client = Client()
    for params, field in (
        ({"name": "pe\x00na"}, "name"),
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "x"}, "page_size"),
        ({"category": "C" * 17}, "category"),
    ):
        response = client.get("/api/v1/registry/", params)
        assert response.status_code == 400, params
        assert list(response.json()) == [field]


def test_pages_and_a_page_that_does_not_exist(world: World) -> None:
    for n in range(3):
        endorse(world, f"Person {n}")
    client = Client()
    first = client.get("/api/v1/registry/", {"page_size": 2}).json()
    assert [r["name"] for r in first["results"]] == ["Person 0", "Person 1"]
    assert first["next"] == "http://testserver/api/v1/registry/?page=2&page_size=2"
    assert client.get("/api/v1/registry/", {"page": 9}).status_code == 404


def test_each_client_has_its_own_rate_limit_in_one_query_a_request(
    world: World, settings: Any, django_assert_num_queries: Any
) -> None:
    settings.ENDORSE_API_RATE = "3/min"
    endorse(world, "Lucía Peña")
    client = Client()
    with time_machine.travel(datetime(2026, 12, 3, 15, 0, 10, tzinfo=UTC), tick=False):
        with django_assert_num_queries(3):  # the count of requests; the search's count, page
            assert client.get("/api/v1/registry/").status_code == 200
        codes = [client.get("/api/v1/registry/").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert client.get("/api/v1/registry/")["Retry-After"] == "50"  # the minute's end
        other = Client(REMOTE_ADDR="192.0.2.9")
        assert other.get("/api/v1/registry/").status_code == 200
    with time_machine.travel(datetime(2026, 12, 3, 15, 1, 0, tzinfo=UTC), tick=False):
        assert client.get("/api/v1/registry/").status_code == 200  # a new minute
    assert RateCount.objects.get(client__endswith="127.0.0.1", period=29_938_500).hits == 5


def test_the_schema_describes_the_registry(world: World) -> None:
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/registry/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "name", "category", "locality", "association", "page", "page_size",
    }  # fmt: skip
    assert set(operation["responses"]) == {"200", "400", "404", "429"}
    assert list(schema["paths"]) == ["/api/v1/registry/"]


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(live_server: Any, settings: Any, tmp_path: Path) -> None:
    """Every check Schemathesis has, over generated requests, against a real server."""
    settings.ENDORSE_API_RATE = "100000/min"
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run",
        f"{live_server.url}/api/v1/schema/", "--checks", "all",
        "--max-examples", "60", "--seed", "7", "--generation-deterministic",
        "--report-dir", str(tmp_path),
    ]  # fmt: skip
    # Run in tmp_path: Schemathesis keeps a cache folder where it runs, not for the repository.
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False,
                         cwd=tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
