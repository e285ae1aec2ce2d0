"""`endorse evaluate-renewal`: the console command beside `endorse evaluate`."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from endorse.associations.services import association_upsert
from endorse.renewals.models import RenewalRequirementSet, RenewalSettings
from endorse.standards.models import Category
from endorse.standards.services import baseline_sync

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "docs" / "examples" / "renewal.json"
ENDORSE = Path(sys.executable).parent / "endorse"


def run(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("evaluate-renewal", *args, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def fails(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        call_command("evaluate-renewal", *args)
    assert exit_.value.code == 2
    return capsys.readouterr().err.strip()


def requirement(output: dict[str, object], code: str) -> dict[str, object]:
    items = output["requirements"]
    assert isinstance(items, list)
    found: dict[str, object] = next(item for item in items if item["code"] == code)
    return found


def test_the_readme_example_prints_one_json_object_and_exits_0() -> None:
    result = subprocess.run(
        [str(ENDORSE), "evaluate-renewal", str(SAMPLE), "--category", "IMHM-C",
         "--endorsed-on", "2022-05-01", "--as-of", "2026-11-02", "--provides-rsc"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    output = json.loads(result.stdout)
    assert list(output) == ["category", "as_of", "rule_version", "period", "share",
                            "by_attestation", "audited", "ready_to_submit", "requirements"]  # fmt: skip
    assert output["period"] == {"starts": "2026-01-01", "due": "2026-12-31",
                                "opens": "2026-10-01", "late_until": "2027-01-31", "years": 1}  # fmt: skip
    assert output["rule_version"] == "alliance-baseline/renewal-yearly/IMHM-C/2000-01-01"
    assert output["ready_to_submit"] is True
    # Endorsed four years: 10 hours, peer consultation with another IMHM-C included.
    assert requirement(output, "rsc_hours") == {
        "code": "rsc_hours", "met": True, "have": 12, "need": 10, "unit": "hours",
        "message": "12 hours of reflective supervision/consultation from a qualified provider "
                   "or peer consultation with others endorsed as IMHM-C (at least 10 needed)",
    }  # fmt: skip


def test_the_period_is_the_one_current_on_the_day_judged() -> None:
    # Endorsed in 2025 after applying in 2025: nothing is due until the end of 2026.
    first = run(str(SAMPLE), "--category", "IFA", "--endorsed-on", "2025-06-01",
                "--as-of", "2025-11-01")  # fmt: skip
    assert first["period"]["due"] == "2026-12-31"  # type: ignore[index]
    # In the late period the period judged is still the one just due; after it, the next.
    late = run(str(SAMPLE), "--category", "IFA", "--endorsed-on", "2020-06-01",
               "--as-of", "2027-01-31")  # fmt: skip
    assert late["period"]["due"] == "2026-12-31"  # type: ignore[index]
    after = run(str(SAMPLE), "--category", "IFA", "--endorsed-on", "2020-06-01",
                "--as-of", "2027-02-01")  # fmt: skip
    assert after["period"]["due"] == "2027-12-31"  # type: ignore[index]
    chosen = run(str(SAMPLE), "--category", "IFA", "--endorsed-on", "2020-06-01",
                 "--due", "2026-12-31", "--as-of", "2027-03-01")  # fmt: skip
    assert chosen["period"]["due"] == "2026-12-31"  # type: ignore[index]


def test_the_three_year_model_attests_pro_rated_hours_in_spanish() -> None:
    output = run(str(SAMPLE), "--category", "IMHS", "--endorsed-on", "2026-05-01",
                 "--as-of", "2027-10-02", "--model", "three_year", "--attested",
                 "--lang", "es")  # fmt: skip
    assert output["share"] == {"years": 1, "of": 3}
    assert output["by_attestation"] is True
    total = requirement(output, "training_total")
    assert (total["met"], total["have"], total["need"]) == (True, 15, 15)
    assert total["message"] == "Usted declara 15 horas de capacitación en servicio."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--category", "XX", "--endorsed-on", "2020-01-01"), "--category: unknown category 'XX'"),
        (("--category", "IFA", "--endorsed-on", "2020-02-30"),
         "--endorsed-on: not a date '2020-02-30' (use YYYY-MM-DD)"),
        (("--category", "IFA"), "the following arguments are required: --endorsed-on"),
        (("--category", "IFA", "--endorsed-on", "2020-01-01", "--model", "monthly"),
         "argument --model: invalid choice: 'monthly' (choose from 'three_year', 'yearly')"),
        (("--category", "IFA", "--endorsed-on", "2020-01-01", "--lang", "fr"),
         "--lang: unknown language 'fr' (use en or es)"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert fails(capsys, str(SAMPLE), *args) == f"error: {message}"


@pytest.mark.django_db
def test_an_unknown_association_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    message = fails(capsys, str(SAMPLE), "--category", "IFA", "--endorsed-on", "2020-01-01",
                    "--association", "no")  # fmt: skip
    assert message == "error: --association: no association 'no'"


@pytest.mark.django_db
def test_an_association_uses_its_calendar_and_its_own_renewal_rules() -> None:
    baseline_sync()
    association = association_upsert(slug="zz", offered=["IFA"], name="Test",
                                     time_zone="America/New_York")  # fmt: skip
    association.renewal_model = "three_year"
    association.save()
    RenewalSettings.objects.create(association=association, cycle_year=2025)
    RenewalRequirementSet.objects.create(
        association=association, model="three_year", category=Category.objects.get(code="IFA"),
        effective_from="2000-01-01", rules={"training_total": {"hours": 30}},
    )  # fmt: skip
    output = run(str(SAMPLE), "--category", "IFA", "--endorsed-on", "2020-01-01",
                 "--as-of", "2027-10-02", "--association", "zz")  # fmt: skip
    assert output["rule_version"] == "zz/renewal-three_year/IFA/2000-01-01"
    assert output["period"]["due"] == "2028-12-31"  # type: ignore[index]
    assert [item["code"] for item in output["requirements"]] == ["training_total"]  # type: ignore[attr-defined]
    # Another category keeps the baseline's rules.
    other = run(str(SAMPLE), "--category", "IFS", "--endorsed-on", "2020-01-01",
                "--as-of", "2027-10-02", "--association", "zz")  # fmt: skip
    assert other["rule_version"] == "alliance-baseline/renewal-three_year/IFS/2000-01-01"
