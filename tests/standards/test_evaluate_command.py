"""`endorse evaluate`: the console command as a user runs it, and with an association's rules."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from endorse.associations.services import association_upsert
from endorse.standards.models import Category, RequirementSet
from endorse.standards.services import baseline_sync

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "docs" / "examples" / "portfolio.json"
ENDORSE = Path(sys.executable).parent / "endorse"


def endorse(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENDORSE), "evaluate", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
    )


def test_evaluate_prints_one_json_object_and_exits_0() -> None:
    result = endorse(str(SAMPLE), "--category", "IMHS", "--as-of", "2025-03-01")
    assert (result.returncode, result.stderr) == (0, "")
    output = json.loads(result.stdout)
    assert list(output) == ["category", "as_of", "rule_version", "ready_to_submit",
                            "requires_exam", "requirements"]  # fmt: skip
    assert (output["category"], output["as_of"], output["rule_version"]) == (
        "IMHS", "2025-03-01", "alliance-baseline/IMHS/2025-01-01")  # fmt: skip
    assert (output["ready_to_submit"], output["requires_exam"]) == (False, False)
    dei = next(item for item in output["requirements"] if item["code"] == "training_dei")
    assert dei == {"code": "training_dei", "met": True, "have": 6.5, "need": 3, "unit": "hours",
                   "message": "6.5 hours of training on diversity, equity and inclusion "
                              "(at least 3 needed)"}  # fmt: skip


def test_evaluate_all_orders_categories_from_closest_to_ready() -> None:
    result = endorse(str(SAMPLE), "--all", "--as-of", "2025-03-01", "--lang", "es")
    assert result.returncode == 0
    output = json.loads(result.stdout)
    unmet = [sum(not r["met"] for r in c["requirements"]) for c in output["categories"]]
    assert output["as_of"] == "2025-03-01"
    assert len(output["categories"]) == 12
    assert unmet == sorted(unmet)
    assert [c["category"] for c in output["categories"][:2]] == ["IFA", "ECFA"]
    assert output["categories"][0]["requirements"][0]["message"] == (
        "Las solicitudes para esta categoría están abiertas."
    )


def test_non_utf8_input_exits_2_with_one_line() -> None:
    result = subprocess.run(
        [str(ENDORSE), "evaluate", "-", "--category", "IFA"],
        input=b'{"format": "endorse.portfolio/1", "work": [{"title": "\xff"}]}',
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (2, b"error: $: not valid UTF-8 text\n")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert endorse(str(path), "--category", "IFA", "--as-of", "2025-03-01").returncode == 0


def test_dates_near_the_end_of_the_calendar_do_not_break_windows() -> None:
    text = ('{"format": "endorse.portfolio/1", "rsc": [{"date": "9998-01-01", "hours": 30, '
            '"format": "group", "provider_vetted": true}]}')  # fmt: skip
    result = endorse("-", "--category", "IFS", "--as-of", "9998-06-01", stdin=text)
    assert result.returncode == 0, result.stderr
    hours = next(r for r in json.loads(result.stdout)["requirements"] if r["code"] == "rsc_hours")
    assert (hours["have"], hours["met"]) == (30, True)


def test_evaluate_reads_standard_input() -> None:
    result = endorse("-", "--category", "IFA", "--as-of", "2025-03-01", stdin=SAMPLE.read_text())
    assert result.returncode == 0
    assert json.loads(result.stdout)["category"] == "IFA"


@pytest.mark.parametrize(
    ("args", "stdin", "line"),
    [
        (["-", "--category", "IMHS"], '{"format": "endorse.portfolio/1", "work": [{"start": '
         '"2020-01-01", "end": "2019-01-01", "service": "treatment", "age_band": "infant"}]}',
         "error: work[0].end: before start"),
        (["-", "--category", "IMHS"], "{oops", "error: $: not valid JSON"),
        (["-", "--category", "IMHS"], '{"format": "endorse.portfolio/1", "x": 1}', "error: x: unknown key"),
        ([str(SAMPLE), "--category", "IMH"], None, "error: --category: unknown category 'IMH'"),
        ([str(SAMPLE), "--category", "IMHS", "--as-of", "1 March"], None,
         "error: --as-of: not a date '1 March' (use YYYY-MM-DD)"),
        ([str(SAMPLE), "--category", "IMHS", "--as-of", "1990-01-01"], None,
         "error: --as-of: no requirement set for IMHS on 1990-01-01"),
        ([str(SAMPLE), "--category", "IMHS", "--lang", "fr"], None,
         "error: --lang: unknown language 'fr' (use en or es)"),
        (["missing.json", "--category", "IMHS"], None, "error: missing.json: No such file or directory"),
        ([str(SAMPLE)], None, "error: one of the arguments --category --all is required"),
        ([str(SAMPLE), "--all", "--category", "IFA"], None,
         "error: argument --category: not allowed with argument --all"),
        (["-", "--category", "IFA"], '{"format": "endorse.portfolio/1", "bo\\ngus": 1}',
         "error: 'bo\\ngus': unknown key"),
        (["-", "--category", "IFA"], '{"format": "endorse.portfolio/1", "training": [{"date": "2024-01-01", "hours": 1e308}]}',
         "error: training[0].hours: must be at most 10000"),
        ([str(SAMPLE), "--category", "IFA", "--as-of", ""], None, "error: --as-of: not a date '' (use YYYY-MM-DD)"),
        ([str(SAMPLE), "--category", "IFA", "--as-of", "20250301"], None,
         "error: --as-of: not a date '20250301' (use YYYY-MM-DD)"),
    ],
)  # fmt: skip
def test_invalid_input_exits_2_with_one_line(args: list[str], stdin: str | None, line: str) -> None:
    result = endorse(*args, stdin=stdin)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [line] or (
        line.endswith("not valid JSON") and result.stderr.startswith(line + " (")
    )
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_evaluate_with_an_association_uses_its_override_and_settings() -> None:
    baseline_sync()
    association = association_upsert(slug="zz", offered=["IFA"], name="Test",
                                     accept_vetted_rsc_providers=True)  # fmt: skip
    RequirementSet.objects.create(
        association=association, category=Category.objects.get(code="IFA"), source="override",
        effective_from="2020-01-01", rules={"training_total": {"hours": 6}},
    )  # fmt: skip
    out = StringIO()
    call_command("evaluate", str(SAMPLE), "--category", "IFA", "--as-of", "2025-03-01",
                 "--association", "zz", stdout=out)  # fmt: skip
    output = json.loads(out.getvalue())
    assert output["rule_version"] == "zz/IFA/2020-01-01"
    assert [r["code"] for r in output["requirements"]] == ["category_open", "training_total"]
    assert output["ready_to_submit"] is True


@pytest.mark.django_db
def test_evaluate_with_an_unknown_association_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("evaluate", str(SAMPLE), "--category", "IFA", "--association", "no",
                     stderr=err)  # fmt: skip
    assert exit_.value.code == 2
    assert err.getvalue().strip() == "error: --association: no association 'no'"


def test_explain_lists_each_entry_with_whether_it_counts_and_why() -> None:
    result = endorse(str(SAMPLE), "--category", "IMHS", "--as-of", "2025-03-01", "--explain")
    assert (result.returncode, result.stderr) == (0, "")
    output = json.loads(result.stdout)
    dei = next(item for item in output["requirements"] if item["code"] == "training_dei")
    assert dei["entries"] == [{"section": "training", "index": 0, "counts": True,
                               "reason": "Counts: 6.5 hours.", "amount": 6.5, "field": None}]  # fmt: skip
    hours = next(item for item in output["requirements"] if item["code"] == "rsc_hours")
    assert hours["entries"] == [{
        "section": "rsc", "index": 0, "counts": True, "amount": 1.5, "field": None,
        "reason": "In the 24-month window with the most hours, March 1, 2023 to March 1, 2023.",
    }]  # fmt: skip
    membership = next(item for item in output["requirements"] if item["code"] == "membership")
    assert membership["entries"] == []


def test_explain_wants_one_category() -> None:
    result = endorse(str(SAMPLE), "--all", "--explain")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip().endswith("--explain: give one --category, not --all")
