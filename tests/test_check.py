"""`kh113 check` in real git repositories with back-dated commits (issue #4, items 3 and 7)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app

from .gitrepo import Repo, complete, git, report

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONTRACT = ["year", "as_of", "expected", "received", "on_time", "reporting_rate", "on_time_rate", "problems"]
PROBLEM = ["code", "severity", "agency", "year", "file", "line", "due", "received", "message"]


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--root", str(root), "check", "--lang", "en", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def check_json(root: Path, *args: str) -> tuple[int, dict]:
    code, out, _ = run(root, "--format", "json", *args)
    return code, json.loads(out)


def codes(payload: dict) -> list[tuple[str, str | None]]:
    return [(p["code"], p["agency"]) for p in payload["problems"]]


@pytest.fixture
def repo(tmp_path, cli_env) -> Repo:
    return Repo(tmp_path / "data")


@pytest.fixture
def on_time_and_late(repo: Repo) -> Repo:
    """so-noi-vu committed 20/10/2025 (on time), so-y-te 3/11/2025 (late), ubnd-cap-xa 1/10/2025."""
    repo.submit("ubnd-cap-xa", 2025, "2025-10-01T09:00:00+07:00", complete("ubnd-cap-xa", submitted="2025-10-01"))
    repo.submit("so-noi-vu", 2025, "2025-10-20T15:30:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    repo.submit("so-y-te", 2025, "2025-11-03T08:00:00+07:00", complete("so-y-te", submitted="2025-11-03"))
    return repo


# --------------------------------------------------------------------------------------------------
# On time and late, in every format


def test_json_on_time_and_late(on_time_and_late):
    code, payload = check_json(on_time_and_late.path, "--year", "2025", "--as-of", "2025-11-15")
    assert code == 1
    assert list(payload) == CONTRACT
    assert payload["year"] == 2025 and payload["as_of"] == "2025-11-15"
    assert (payload["expected"], payload["received"], payload["on_time"]) == (3, 3, 2)
    assert (payload["reporting_rate"], payload["on_time_rate"]) == (100.0, 66.7)
    [late] = payload["problems"]
    assert list(late) == PROBLEM
    assert late == {
        "code": "late",
        "severity": "error",
        "agency": "so-y-te",
        "year": 2025,
        "file": "submissions/2025/so-y-te.yaml",
        "line": 1,
        "due": "2025-10-30",
        "received": "2025-11-03",
        "message": late["message"],
    }
    assert "5 day(s) late" in late["message"]


def test_text_on_time_and_late(on_time_and_late):
    code, out, _ = run(on_time_and_late.path, "--year", "2025", "--as-of", "2025-11-15")
    assert code == 1
    late = "late: Sở Y tế (so-y-te): the 2025 report was received on 03/11/2025, 5 day(s) late"
    assert f"submissions/2025/so-y-te.yaml:1:1: {late}" in out
    assert "Sở Nội vụ (so-noi-vu): received on 20/10/2025, on time" in out
    assert "Sở Y tế (so-y-te): received on 03/11/2025, 5 day(s) late" in out
    assert "2025: 3 expected, 3 received, 2 on time; reporting rate 100.0 %, on-time rate 66.7 %" in out


def test_github_on_time_and_late(on_time_and_late):
    code, out, _ = run(on_time_and_late.path, "--year", "2025", "--as-of", "2025-11-15", "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=submissions/2025/so-y-te.yaml,line=1,col=1,title=kh113 late::")
    assert "so-noi-vu): received on 20/10/2025, on time" in out


def test_github_is_chosen_under_github_actions(on_time_and_late, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(on_time_and_late.path, "--year", "2025", "--as-of", "2025-11-15")
    assert out.startswith("::error file=submissions/2025/so-y-te.yaml")


def test_all_on_time_exits_0(on_time_and_late):
    code, payload = check_json(
        on_time_and_late.path,
        "--year",
        "2025",
        "--as-of",
        "2025-11-01",
        "--agency",
        "so-noi-vu",
        "--agency",
        "ubnd-cap-xa",
    )
    assert code == 0
    assert (payload["expected"], payload["received"], payload["on_time"], payload["problems"]) == (2, 2, 2, [])


def test_as_of_before_a_commit_sees_no_file_yet(on_time_and_late):
    code, payload = check_json(on_time_and_late.path, "--year", "2025", "--as-of", "2025-10-25")
    assert codes(payload) == [("due-soon", "so-y-te")]
    assert payload["received"] == 2
    assert code == 0


# --------------------------------------------------------------------------------------------------
# Missing, due soon, succession


def test_missing_after_the_due_date(repo):
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-30")
    assert code == 1
    assert codes(payload) == [("missing", "so-y-te"), ("missing", "ubnd-cap-xa")]
    missing = payload["problems"][0]
    assert (missing["file"], missing["line"], missing["received"], missing["due"]) == (None, None, None, "2025-10-30")
    assert "kh113 new so-y-te --year 2025" in missing["message"]


def test_due_soon_is_a_warning(repo):
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-16")
    assert code == 0
    assert {c for c, _ in codes(payload)} == {"due-soon"}
    assert all(p["severity"] == "warning" for p in payload["problems"])
    strict, _ = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-16", "--strict")
    assert strict == 1
    quiet, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-15")
    assert (quiet, payload["problems"]) == (0, [])


def test_successor_of_so_ldtbxh_owes_the_2025_report(repo):
    # Sở LĐ-TB&XH was split on 1/3/2025: its 2025 report is owed by Sở Nội vụ and Sở Y tế, by their names.
    code, out, _ = run(repo.path, "--year", "2025", "--as-of", "2025-11-15")
    assert code == 1
    assert "missing: Sở Nội vụ (so-noi-vu) has not reported for 2025" in out
    assert "missing: Sở Y tế (so-y-te) has not reported for 2025" in out
    assert "so-ldtbxh" not in out
    # A 2024 report is still owed by Sở LĐ-TB&XH itself (due 30/8/2024, before the split).
    _, payload = check_json(repo.path, "--year", "2024", "--as-of", "2024-09-01")
    assert ("missing", "so-ldtbxh") in codes(payload)


def test_a_report_filed_under_the_dissolved_agency(repo):
    # Review finding 14: the dissolution date is named as such, then who took over, then who owes the report.
    repo.submit("so-ldtbxh", 2025, "2025-10-20T10:00:00+07:00", report("so-ldtbxh", 2025, "2025-10-20"))
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-21")
    [problem] = [p for p in payload["problems"] if p["file"] == "submissions/2025/so-ldtbxh.yaml"]
    assert (problem["code"], problem["severity"], problem["line"]) == ("dissolved-agency", "error", 1)
    assert problem["message"] == (
        "Sở Lao động - Thương binh và Xã hội (so-ldtbxh) was dissolved on 01/03/2025; its duties passed to "
        "Sở Nội vụ (so-noi-vu), Sở Y tế (so-y-te); the report for 2025 (due before 30/10/2025) is owed by "
        "so-noi-vu, so-y-te"
    )
    assert payload["received"] == 0


DISSOLVED = "submissions/2025/so-ldtbxh.yaml:1:9: dissolved-agency: "


def test_check_agency_for_a_dissolved_agency_with_a_file(repo):
    # Review finding 3: the pull-request workflow runs `check --agency <stem of each changed file>`; a report
    # filed under a dissolved agency must be a positioned error there (exit 1), not a usage error (exit 2).
    repo.submit("so-ldtbxh", 2025, "2025-10-20T10:00:00+07:00", report("so-ldtbxh", 2025, "2025-10-20"))
    code, out, err = run(repo.path, "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-ldtbxh")
    assert code == 1, err
    [line] = [line for line in out.splitlines() if line.startswith("submissions/")]
    assert line.startswith(DISSOLVED) and "passed to Sở Nội vụ (so-noi-vu), Sở Y tế (so-y-te)" in line
    assert "missing" not in out  # only the agency asked for: the successors' reports are not judged here
    code, out, _ = run(
        repo.path, "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-ldtbxh", "--format", "github"
    )
    assert code == 1
    assert out.startswith(
        "::error file=submissions/2025/so-ldtbxh.yaml,line=1,col=9,title=kh113 dissolved-agency::"
        "Sở Lao động - Thương binh và Xã hội (so-ldtbxh) was dissolved on 01/03/2025"
    )
    vi = CliRunner().invoke(
        app, ["--root", str(repo.path), "check", "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-ldtbxh"]
    )
    assert (
        "(so-ldtbxh) đã chấm dứt hoạt động từ ngày 01/03/2025; nhiệm vụ đã chuyển cho Sở Nội vụ (so-noi-vu)"
        in vi.stdout
    )


def test_check_agency_for_a_misspelt_agency_with_a_file(repo):
    # The same workflow with a file under a wrong name: the unknown agency is a problem in the file.
    repo.submit("so-yte", 2025, "2025-10-20T10:00:00+07:00", report("so-yte", 2025, "2025-10-20"))
    code, out, _ = run(repo.path, "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-yte")
    assert code == 1
    assert "submissions/2025/so-yte.yaml:1:9: unknown-agency: unknown agency `so-yte` (did you mean `so-y-te`?)" in out


def test_a_validation_problem_saying_the_same_is_shown_once(repo):
    # validate may flag a dissolved agency's file too (same code, same place): check shows one line.
    from kh113.compute.compliance import assess
    from kh113.compute.expected import expected
    from kh113.compute.receipt import History
    from kh113.problems import Problem
    from kh113.validate.loading import load

    repo.write("submissions/2025/so-ldtbxh.yaml", report("so-ldtbxh", 2025, "2025-10-20"))
    data = load(repo.path)
    same = Problem("submissions/2025/so-ldtbxh.yaml", 1, 9, "dissolved-agency", "so-ldtbxh no longer exists")
    other = Problem("submissions/2025/so-ldtbxh.yaml", 2, 7, "out-of-range", "another problem")
    result = assess(
        data, expected(data, 2025), History(in_git=True), dt.date(2025, 10, 21), [same, other], {"so-ldtbxh"}
    )
    # (the file is not committed in this History, which check says too: not what this test is about)
    shown = [(f.code, f.line, f.column) for f in result.findings if f.code != "not-committed"]
    assert shown == [("dissolved-agency", 1, 9), ("out-of-range", 2, 7)]
    assert "was dissolved on 01/03/2025" in next(f for f in result.findings if f.code != "not-committed").message()


# --------------------------------------------------------------------------------------------------
# What is in a file


def test_incomplete_and_out_of_scope(repo):
    text = report(
        "so-noi-vu",
        2025,
        "2025-10-20",
        figures={"giai-quyet-viec-lam": None, "giuong-benh": 30},
        tasks={"1.1": "completed", "6.3": "completed"},
    )
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", text)
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-noi-vu")
    found = [(p["code"], p["line"], p["message"]) for p in payload["problems"]]
    # Complete means complete (issue #10): not counted, and what is missing is said.
    assert [c for c, _, _ in found[:2]] == ["due-soon", "not-counted"]
    assert found[2:] == [
        (
            "incomplete",
            6,
            "figure `giai-quyet-viec-lam` (Giải quyết việc làm) has no value yet (or `unavailable:` with the reason)",
        ),
        (
            "out-of-scope",
            7,
            "`so-noi-vu` does not answer for `giuong-benh` in 2025 (so-y-te (Sở Y tế) does); "
            "this figure is not used (status, report, export): leave it out",
        ),
        ("incomplete", 9, "lacks the progress of task 6.1"),
        (
            "out-of-scope",
            12,
            "task 6.3 is not scheduled in 2025 (timeline: Năm 2024); this status is not used: leave it out",
        ),
    ]
    # The same code, severity and words as `kh113 validate` (issue #10 item 6).
    result = CliRunner().invoke(app, ["--root", str(repo.path), "validate", "--lang", "en"])
    scoped = [p for p in payload["problems"] if p["code"] == "out-of-scope"]
    assert all(p["severity"] == "warning" and p["message"] in result.stdout for p in scoped)


def test_sum_figure_is_accepted(repo):
    text = report(
        "so-y-te",
        2025,
        "2025-10-20",
        figures={**{"giuong-benh": 31, "bac-si": 11, "duoc-si": 3}, "bac-si-duoc-si": 14},
        tasks={"6.2": "completed", "6.4": "completed"},
    )
    repo.submit("so-y-te", 2025, "2025-10-20T10:00:00+07:00", text)
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-y-te")
    assert (code, payload["problems"]) == (0, [])


def test_misplaced_file_is_not_judged_item_by_item(repo):
    repo.submit("so-y-te", 2025, "2025-10-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-y-te")
    assert sorted(codes(payload)) == [("due-soon", "so-y-te"), ("misplaced", "so-y-te"), ("not-counted", "so-y-te")]
    assert payload["received"] == 0


def test_misnamed_file_counts_for_neither_agency(repo):
    # Review finding 6: so-y-te.yaml holding so-noi-vu's report is neither so-y-te's report nor so-noi-vu's.
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    repo.submit("so-y-te", 2025, "2025-10-20T10:00:00+07:00", complete("ubnd-cap-xa", submitted="2025-10-20"))
    git(repo.path, "mv", "submissions/2025/so-noi-vu.yaml", "submissions/2025/ubnd-cap-xa.yaml")
    repo.commit("wrong name", "2025-10-21T10:00:00+07:00")
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-15")
    assert code == 1
    assert (payload["expected"], payload["received"], payload["on_time"]) == (3, 0, 0)
    messages = {(p["code"], p["agency"]): p["message"] for p in payload["problems"]}
    assert messages[("missing", "so-noi-vu")].endswith(
        "submissions/2025/ubnd-cap-xa.yaml declares this report: move it to submissions/2025/so-noi-vu.yaml"
    )
    assert messages[("missing", "so-y-te")].endswith(
        "submissions/2025/so-y-te.yaml is not counted as received until its errors are fixed"
    )
    assert messages[("not-counted", "so-y-te")] == (
        "is not counted as received, neither for so-y-te nor for ubnd-cap-xa, until it is moved or corrected; "
        "Sở Y tế (so-y-te) has no 2025 report until then"
    )
    assert ("misplaced", "so-y-te") in messages and ("misplaced", "ubnd-cap-xa") in messages
    _, out, _ = run(repo.path, "--year", "2025", "--as-of", "2025-11-15")
    assert "Sở Y tế (so-y-te): missing" in out and "Sở Nội vụ (so-noi-vu): missing" in out


def test_validation_problems_of_the_files_are_included(repo):
    repo.submit(
        "so-y-te",
        2025,
        "2025-10-20T10:00:00+07:00",
        "agency: so-y-te\nyear: 2025\nfigures: {giuong-benh: {value: 31}\n",
    )
    repo.submit(
        "so-noi-vu",
        2025,
        "2025-10-21T10:00:00+07:00",
        complete("so-noi-vu", submitted="2025-10-21").replace("completed", "done"),
    )
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-22")
    assert code == 1
    by_file = {(p["file"], p["code"]) for p in payload["problems"]}
    assert ("submissions/2025/so-y-te.yaml", "yaml-syntax") in by_file
    assert any(f == "submissions/2025/so-noi-vu.yaml" and c not in ("incomplete", "late") for f, c in by_file)
    # Review finding 5: a file that does not parse or validate is not received until it is fixed.
    for broken in ("submissions/2025/so-y-te.yaml", "submissions/2025/so-noi-vu.yaml"):
        assert (broken, "not-counted") in by_file
    assert payload["received"] == 0


HEAD_2025 = "agency: so-y-te\nyear: 2025\n"


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("syntax error", HEAD_2025 + "submitted: 2025-10-20\nfigures: {giuong-benh: 1\n", "yaml-syntax"),
        ("date in the wrong format", HEAD_2025 + "submitted: 20/10/2025\n", "invalid-date"),
        ("unknown figure", HEAD_2025 + "submitted: 2025-10-20\nfigures: {giuong: {value: 1}}\n", "unknown-indicator"),
        ("link outside the root", None, "outside-root"),
    ],
)
def test_a_file_that_fails_validation_is_not_received(repo, tmp_path, name, content, problem):
    # Review finding 5 (as DHIS2: a data set failing validation is not complete): not counted, its own
    # problems listed, one `not-counted` line at the file, and no false `no-receipt-date` warning.
    path = repo.path / "submissions/2025/so-y-te.yaml"
    path.parent.mkdir(parents=True)
    if content is None:
        outside = tmp_path / "elsewhere.yaml"
        outside.write_text(complete("so-y-te", submitted="2025-10-20"), encoding="utf-8")
        path.symlink_to(outside)
    else:
        path.write_text(content, encoding="utf-8")
    repo.commit(name, "2025-10-20T10:00:00+07:00")
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-15", "--agency", "so-y-te")
    assert code == 1
    assert (payload["expected"], payload["received"], payload["on_time"]) == (1, 0, 0)
    found = sorted(c for c, _ in codes(payload))
    assert problem in found and "no-receipt-date" not in found
    assert found.count("not-counted") == 1 and found.count("missing") == 1
    missing = next(p for p in payload["problems"] if p["code"] == "missing")
    advice = "submissions/2025/so-y-te.yaml is not counted as received until its errors are fixed"
    assert missing["message"].endswith(advice)
    assert "kh113 new" not in missing["message"]  # the file exists: `new` would refuse


def test_a_fixed_file_counts_from_the_fix(repo):
    # Issue #10: a report is received at the first commit where it is usable and complete, so a broken
    # report committed on time and fixed after the due date is late (tests/test_trust.py has the attack).
    broken = complete("so-noi-vu", submitted="2025-10-20").replace("completed", "done")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", broken)
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-21", "--agency", "so-noi-vu")
    assert payload["received"] == 0
    repo.submit("so-noi-vu", 2025, "2025-11-02T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-03", "--agency", "so-noi-vu")
    assert (code, payload["received"], payload["on_time"], codes(payload)[0]) == (1, 1, 0, ("late", "so-noi-vu"))


def test_a_plan_error_stops_check(repo):
    (repo.path / "plan" / "tasks.yaml").write_text("tasks: [\n", encoding="utf-8")
    code, _, err = run(repo.path, "--year", "2025")
    assert code == 1
    assert "plan/tasks.yaml:" in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------------
# Receipt warnings, shallow clones


def test_declared_date_far_from_the_commit_is_a_warning(repo):
    repo.submit("so-noi-vu", 2025, "2025-11-03T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-04", "--agency", "so-noi-vu")
    assert codes(payload) == [("late", "so-noi-vu"), ("receipt-mismatch", "so-noi-vu")]
    mismatch = payload["problems"][1]
    assert mismatch["severity"] == "warning" and mismatch["line"] == 3


def test_a_report_under_a_wrong_name_counts_from_its_move(repo):
    # Issue #10: a file named for another agency was never this agency's usable report; renames carry a
    # receipt only when agency and year stay the same (test_trust.py: the extension case).
    repo.write("submissions/2025/so-yte.yaml", complete("so-y-te", submitted="2025-10-20"))
    repo.commit("report under a wrong name", "2025-10-20T10:00:00+07:00")
    git(repo.path, "mv", "submissions/2025/so-yte.yaml", "submissions/2025/so-y-te.yaml")
    repo.commit("rename", "2025-11-05T10:00:00+07:00")
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-06", "--agency", "so-y-te")
    assert (code, payload["on_time"], codes(payload)[0]) == (1, 0, ("late", "so-y-te"))


def test_shallow_clone_dates_reports_at_the_cut_by_the_cut(on_time_and_late, tmp_path):
    on_time_and_late.write("README.md", "x\n")
    on_time_and_late.commit("later", "2025-11-10T10:00:00+07:00")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{on_time_and_late.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert run(clone, "--year", "2025", "--as-of", "2025-11-15")[0] == 2  # refused unless --allow-shallow
    _, payload = check_json(clone, "--year", "2025", "--as-of", "2025-11-15", "--allow-shallow")
    assert (payload["received"], payload["on_time"]) == (3, 0)  # fail closed: the cut's date, not `submitted`
    assert codes(payload)[0] == ("shallow-history", None)


def test_an_uncommitted_file_is_not_received_whatever_it_declares(repo):
    # Issue #10 (attack review hole 7): in a git work tree the `submitted` date is never the receipt.
    repo.write("submissions/2025/so-noi-vu.yaml", complete("so-noi-vu", submitted="2025-10-29"))
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-01", "--agency", "so-noi-vu")
    assert (code, payload["received"], payload["on_time"]) == (1, 0, 0)
    assert codes(payload) == [("missing", "so-noi-vu"), ("not-committed", "so-noi-vu")]


# --------------------------------------------------------------------------------------------------
# Options


def test_unknown_or_dissolved_agency_option(repo):
    code, _, err = run(repo.path, "--year", "2025", "--agency", "so-yte")
    assert code == 2 and "did you mean `so-y-te`" in err
    code, _, err = run(repo.path, "--year", "2025", "--agency", "so-ldtbxh")
    assert code == 2 and "so-noi-vu" in err


def test_bad_as_of(repo):
    code, _, err = run(repo.path, "--as-of", "30/13/2025")
    assert code == 2 and "--as-of 30/13/2025" in err


# --------------------------------------------------------------------------------------------------
# The shipped data (issue #4, "Done when")

REPO = Path(__file__).parents[1]


@pytest.mark.skipif(not (REPO / "plan" / "plan.yaml").is_file(), reason="the shipped plan/ is not in this checkout")
def test_shipped_data_lists_every_owing_agency_as_missing(cli_env):
    from kh113.compute.expected import expected
    from kh113.validate.loading import load

    data = load(REPO)
    owing = expected(data, 2025).obligations
    # Real (not synthetic) 2025 reports shipped in the repository, if any, are not missing.
    shipped = {s.file_agency for s in data.submissions if s.folder_year == 2025 and not s.submission.synthetic}
    code, payload = check_json(REPO, "--year", "2025", "--as-of", "2025-11-15")
    assert code == 1
    assert [a for c, a in codes(payload) if c == "missing"] == [a for a in owing if a not in shipped]
    _, out, _ = run(REPO, "--year", "2025", "--as-of", "2025-11-15")
    for ob in owing.values():
        if ob.agency not in shipped:
            assert f"missing: {ob.name} ({ob.agency})" in out  # by the name it has now
    assert "missing: Sở Lao động" not in out


def test_synthetic_reports_do_not_count(repo):
    text = complete("so-noi-vu", submitted="2025-10-20").replace("year: 2025\n", "year: 2025\nsynthetic: true\n")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", text)
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-01", "--agency", "so-noi-vu")
    assert code == 1
    assert codes(payload) == [("missing", "so-noi-vu"), ("synthetic", "so-noi-vu")]
    assert payload["received"] == 0
    # Review finding 8: the advice fits; no `kh113 new` for a file that exists.
    assert payload["problems"][0]["message"].endswith(
        "submissions/2025/so-noi-vu.yaml is demonstration data (`synthetic: true`), not counted; "
        "replace it with the real report"
    )


def test_a_report_received_after_as_of_is_not_yet_received(repo):
    # Review finding 8: judged as on 31/10, a report that arrived on 3/11 was not there yet; it exists, so
    # the advice is not `kh113 new`.
    repo.submit("so-y-te", 2025, "2025-11-03T10:00:00+07:00", complete("so-y-te", submitted="2025-11-03"))
    code, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-31", "--agency", "so-y-te")
    assert code == 1
    [missing] = payload["problems"]
    assert missing["code"] == "missing"
    assert missing["message"] == (
        "Sở Y tế (so-y-te) has not reported for 2025; the report was due before 30/10/2025. "
        "submissions/2025/so-y-te.yaml was not yet received on 31/10/2025 (it arrived on 03/11/2025)"
    )
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-20", "--agency", "so-y-te")
    assert payload["problems"][0]["code"] == "due-soon"
    assert "was not yet received on 20/10/2025" in payload["problems"][0]["message"]


def test_other_things_in_the_year_folder_are_reported(repo):
    repo.write("submissions/2025/notes.txt", "ghi chú\n")
    repo.commit("notes", "2025-10-01T10:00:00+07:00")
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-02")
    assert ("stray-file", None) in codes(payload)


def test_problems_of_a_file_received_after_as_of_are_left_out(repo):
    repo.submit("so-y-te", 2025, "2025-11-03T10:00:00+07:00", "agency: so-y-te\nyear: 2025\nfigures: [\n")
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-20", "--agency", "so-y-te")
    assert codes(payload) == [("due-soon", "so-y-te")]
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-11-04", "--agency", "so-y-te")
    assert {c for c, _ in codes(payload)} == {"missing", "not-counted", "yaml-syntax"}


def test_vietnamese_by_default(on_time_and_late):
    result = CliRunner().invoke(
        app, ["--root", str(on_time_and_late.path), "check", "--year", "2025", "--as-of", "2025-11-15"]
    )
    assert "Sở Y tế (so-y-te): báo cáo năm 2025 nhận ngày 03/11/2025, chậm 5 ngày" in result.stdout
    assert "Sở Nội vụ (so-noi-vu): nhận ngày 20/10/2025, đúng hạn" in result.stdout
    assert "tỷ lệ báo cáo 100,0 %, tỷ lệ đúng hạn 66,7 %" in result.stdout


def test_unknown_agency_file_is_one_problem_not_two(repo):
    repo.submit("so-yte", 2025, "2025-10-20T10:00:00+07:00", report("so-yte", 2025, "2025-10-20"))
    _, payload = check_json(repo.path, "--year", "2025", "--as-of", "2025-10-21")
    about_file = [(p["code"], p["line"]) for p in payload["problems"] if p["file"]]
    assert about_file == [("unknown-agency", 1)]
    assert "did you mean `so-y-te`" in next(p["message"] for p in payload["problems"] if p["file"])
