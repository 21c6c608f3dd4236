"""Verdicts an agency cannot forge (issue #10): each attack of the issue, in a real git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app

from .gitrepo import COMPLETE_2025, EXAMPLES, Repo, complete, git, report

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

NOI_VU = "submissions/2025/so-noi-vu.yaml"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--root", str(root), "check", "--lang", "en", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def verdict(root: Path, *args: str, agency: str = "so-noi-vu", as_of: str = "2025-12-20") -> dict:
    code, out, err = run(root, "--format", "json", "--year", "2025", "--as-of", as_of, "--agency", agency, *args)
    assert code in (0, 1), err
    return json.loads(out)


def codes(payload: dict) -> list[str]:
    return [p["code"] for p in payload["problems"]]


def the(payload: dict, code: str) -> dict:
    return next(p for p in payload["problems"] if p["code"] == code)


@pytest.fixture
def repo(tmp_path, cli_env) -> Repo:
    return Repo(tmp_path / "data")


def branch_report(repo: Repo, when: str) -> None:
    """so-noi-vu's complete report committed on a pull-request branch, back-dated to ``when``."""
    git(repo.path, "checkout", "-q", "-b", "report")
    repo.submit("so-noi-vu", 2025, when, complete("so-noi-vu", submitted=when[:10]))
    git(repo.path, "checkout", "-q", "main")


# --------------------------------------------------------------------------------------------------
# Receipt from the first-parent history of the branch checked (item 1)


def test_back_dated_branch_merged_by_a_merge_commit_is_late(repo):
    branch_report(repo, "2025-10-20T10:00:00+07:00")
    repo.write("README.md", "x\n")
    repo.commit("unrelated", "2025-10-22T10:00:00+07:00")
    git(repo.path, "merge", "-q", "--no-ff", "report", "-m", "merge", when="2025-11-05T10:00:00+07:00")
    payload = verdict(repo.path)
    assert (payload["received"], payload["on_time"]) == (1, 0)
    assert the(payload, "late")["received"] == "2025-11-05"


def test_back_dated_squash_before_its_parent_is_suspect(repo):
    repo.write("README.md", "x\n")
    repo.commit("main moved on", "2025-11-01T10:00:00+07:00")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    payload = verdict(repo.path)
    problem = the(payload, "receipt-suspect")
    assert problem["severity"] == "error" and payload["on_time"] == 0
    head = git(repo.path, "rev-parse", "HEAD").strip()
    assert head[:12] in problem["message"] and "before a commit that precedes it" in problem["message"]


def test_rebase_keeping_dates_then_fast_forward_is_suspect(repo):
    branch_report(repo, "2025-10-20T10:00:00+07:00")
    repo.write("README.md", "x\n")
    repo.commit("main moved on", "2025-11-01T10:00:00+07:00")
    git(repo.path, "checkout", "-q", "report")
    git(repo.path, "rebase", "-q", "--committer-date-is-author-date", "main")
    git(repo.path, "checkout", "-q", "main")
    git(repo.path, "merge", "-q", "--ff-only", "report")
    payload = verdict(repo.path)
    assert "receipt-suspect" in codes(payload) and payload["on_time"] == 0


def test_a_commit_dated_1970_is_suspect(repo):
    repo.submit("so-noi-vu", 2025, "1970-01-02T10:00:00+07:00", complete("so-noi-vu"))
    payload = verdict(repo.path)
    assert "receipt-suspect" in codes(payload) and payload["on_time"] == 0


def test_an_unparsable_time_zone_offset_is_suspect_not_dropped(repo):
    repo.write(NOI_VU, complete("so-noi-vu", submitted="2025-10-20"))
    git(repo.path, "add", "-A")
    tree = git(repo.path, "write-tree").strip()
    parent = git(repo.path, "rev-parse", "HEAD").strip()
    stamp = "1760929200 +2400"  # 20/10/2025; accepted by `git fsck --strict`, not by Python
    body = f"tree {tree}\nparent {parent}\nauthor A <a@b> {stamp}\ncommitter A <a@b> {stamp}\n\nreport\n"
    obj = repo.path.parent / "commit.txt"
    obj.write_text(body, encoding="ascii")
    commit = git(repo.path, "hash-object", "-t", "commit", "-w", str(obj)).strip()
    git(repo.path, "update-ref", "HEAD", commit)
    payload = verdict(repo.path)
    problem = the(payload, "receipt-suspect")
    assert commit[:12] in problem["message"] and "cannot be read" in problem["message"]
    assert payload["on_time"] == 0


def test_pull_request_run_says_when_a_merge_would_count(repo):
    branch_report(repo, "2025-10-20T10:00:00+07:00")
    git(repo.path, "merge", "-q", "--no-ff", "report", "-m", "GitHub's merge ref", when="2025-10-28T10:00:00+07:00")
    payload = verdict(repo.path, "--pull-request", as_of="2025-10-28")
    note = the(payload, "if-merged")
    assert note["message"] == "counts as received on 28/10/2025 if merged today; on time if merged by 29/10/2025"


# --------------------------------------------------------------------------------------------------
# Complete means complete (item 2)


def new_skeleton(repo: Repo) -> str:
    result = CliRunner().invoke(app, ["--root", str(repo.path), "new", "so-noi-vu", "--year", "2025"])
    assert result.exit_code == 0, result.stderr
    return (repo.path / NOI_VU).read_text(encoding="utf-8")


def test_a_blank_skeleton_is_not_received(repo):
    new_skeleton(repo)
    repo.commit("skeleton", "2025-10-10T10:00:00+07:00")
    payload = verdict(repo.path, as_of="2025-10-20")
    assert (payload["received"], payload["reporting_rate"]) == (0, 0.0)
    assert {"incomplete", "not-counted"} <= set(codes(payload))


def test_skeleton_then_fill_is_received_when_filled(repo):
    new_skeleton(repo)
    repo.commit("skeleton", "2025-10-10T10:00:00+07:00")
    repo.submit("so-noi-vu", 2025, "2025-12-15T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-10"))
    payload = verdict(repo.path)
    assert the(payload, "late")["received"] == "2025-12-15"


def test_unavailable_with_a_reason_completes_a_figure(repo):
    text = complete("so-noi-vu").replace("    value: 24000", "    unavailable: Cục Thống kê chưa công bố số liệu")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", text)
    payload = verdict(repo.path)
    assert (payload["on_time"], codes(payload)) == (1, [])


def test_broken_then_fixed_is_received_when_fixed(repo):
    broken = complete("so-noi-vu").replace("completed", "done")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", broken)
    repo.submit("so-noi-vu", 2025, "2025-11-02T10:00:00+07:00", complete("so-noi-vu"))
    payload = verdict(repo.path)
    assert the(payload, "late")["received"] == "2025-11-02"


def test_deleted_and_added_again_is_received_when_complete(repo):
    repo.submit("so-noi-vu", 2025, "2025-10-10T10:00:00+07:00", "agency: so-noi-vu\nyear: 2025\n")
    (repo.path / NOI_VU).unlink()
    repo.commit("withdrawn", "2025-10-11T10:00:00+07:00")
    repo.submit("so-noi-vu", 2025, "2025-11-20T10:00:00+07:00", complete("so-noi-vu"))
    payload = verdict(repo.path)
    assert the(payload, "late")["received"] == "2025-11-20"


def test_a_report_moved_across_years_is_new(repo):
    # Similar enough for git to see a rename (today's main kept the 2024 receipt for it).
    repo.submit("so-noi-vu", 2024, "2024-08-01T10:00:00+07:00", complete("so-noi-vu", 2024))
    (repo.path / "submissions" / "2025").mkdir()
    git(repo.path, "mv", "submissions/2024/so-noi-vu.yaml", NOI_VU)
    repo.write(NOI_VU, complete("so-noi-vu"))
    repo.commit("moved", "2025-11-10T10:00:00+07:00")
    payload = verdict(repo.path)
    assert the(payload, "late")["received"] == "2025-11-10"


def test_another_agencys_file_renamed_and_restored_is_not_a_receipt(repo):
    repo.submit("so-y-te", 2025, "2025-10-20T10:00:00+07:00", complete("so-y-te"))
    git(repo.path, "mv", "submissions/2025/so-y-te.yaml", NOI_VU)
    repo.commit("take it", "2025-11-10T10:00:00+07:00")
    repo.write(NOI_VU, complete("so-noi-vu"))
    repo.write("submissions/2025/so-y-te.yaml", complete("so-y-te"))
    repo.commit("restore", "2025-11-11T10:00:00+07:00")
    payload = verdict(repo.path)
    assert the(payload, "late")["received"] == "2025-11-11"
    assert verdict(repo.path, agency="so-y-te")["on_time"] == 1  # the victim keeps its receipt


def test_a_rename_of_the_extension_keeps_the_receipt(repo):
    repo.write("submissions/2025/so-noi-vu.yml", complete("so-noi-vu"))
    repo.commit("report", "2025-10-20T10:00:00+07:00")
    git(repo.path, "mv", "submissions/2025/so-noi-vu.yml", NOI_VU)
    repo.commit("rename", "2025-11-05T10:00:00+07:00")
    assert verdict(repo.path)["on_time"] == 1


# --------------------------------------------------------------------------------------------------
# Revisions are visible (item 4)


def beds_revised(repo: Repo) -> None:
    """Sở Y tế reports 30 hospital beds on 20/10 (on time), then replaces them with 41 on 15/12."""
    beds = {"giuong-benh": 30, "bac-si": 11.2, "duoc-si": 2.9}
    tasks = {"6.2": "in_progress", "6.4": "in_progress"}
    repo.submit("so-y-te", 2025, "2025-10-20T10:00:00+07:00", report("so-y-te", 2025, figures=beds, tasks=tasks))
    revised = report("so-y-te", 2025, figures={**beds, "giuong-benh": 41}, tasks=tasks)
    repo.submit("so-y-te", 2025, "2025-12-15T10:00:00+07:00", revised)


def test_figures_replaced_after_the_due_date_are_a_warning(repo):
    beds_revised(repo)
    payload = verdict(repo.path, agency="so-y-te")
    warning = the(payload, "revised-after-due")
    assert payload["on_time"] == 1 and warning["severity"] == "warning"
    assert "`giuong-benh` was changed after the due date: 30 → 41" in warning["message"]
    assert "15/12/2025" in warning["message"]


# --------------------------------------------------------------------------------------------------
# When git cannot answer (item 3): exit 2, never the declared dates


def test_git_missing_with_a_git_folder_is_exit_2(repo, monkeypatch, tmp_path):
    repo.submit("so-noi-vu", 2025, "2025-11-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    code, out, err = run(repo.path, "--year", "2025")
    assert code == 2 and "git cannot read the history" in err and out == ""


def test_garbage_head_is_exit_2(repo):
    repo.submit("so-noi-vu", 2025, "2025-11-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    (repo.path / ".git" / "HEAD").write_text("garbage\n", encoding="ascii")
    code, _, err = run(repo.path, "--year", "2025")
    assert code == 2 and "git cannot read the history" in err


def test_a_corrupt_object_is_exit_2(repo):
    repo.submit("so-noi-vu", 2025, "2025-11-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    blob = git(repo.path, "rev-parse", f"HEAD:{NOI_VU}").strip()
    path = repo.path / ".git" / "objects" / blob[:2] / blob[2:]
    path.chmod(0o644)
    path.write_bytes(b"not zlib")
    code, _, err = run(repo.path, "--year", "2025")
    assert code == 2 and "git cannot" in err


def test_a_shallow_clone_is_exit_2_unless_allowed(repo, tmp_path):
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", complete("so-noi-vu"))
    repo.write("README.md", "x\n")
    repo.commit("later", "2025-11-10T10:00:00+07:00")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True, capture_output=True
    )
    code, _, err = run(clone, "--year", "2025")
    assert code == 2 and "--allow-shallow" in err
    payload = verdict(clone, "--allow-shallow")
    assert the(payload, "late")["received"] == "2025-11-10"  # the cut commit: received no later than that


def test_outside_git_the_output_says_the_dates_are_declared(tmp_path, cli_env):
    root = tmp_path / "plain"
    shutil.copytree(EXAMPLES / "valid" / "succession", root)
    if os.path.lexists(root / ".git"):
        pytest.skip("the example is inside a git work tree")
    (root / "submissions" / "2025").mkdir(parents=True, exist_ok=True)
    (root / NOI_VU).write_text(complete("so-noi-vu", submitted="2025-10-20"), encoding="utf-8")
    payload = verdict(root, as_of="2025-10-25")
    assert (payload["on_time"], codes(payload)) == (1, ["not-in-git"])
    code, out, _ = run(root, "--year", "2025", "--as-of", "2025-10-25", "--format", "github")
    assert "not-in-git" in out or "git repository" in out


# --------------------------------------------------------------------------------------------------
# Templates stay inside (item 5)


def report_cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["--root", str(root), "report", "--year", "2025", "--as-of", "2025-11-15", *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


SECRET = "TOKEN-0123456789-must-never-be-printed"


@pytest.fixture
def secret(tmp_path) -> Path:
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET + "\n", encoding="utf-8")
    return outside


@pytest.mark.usefixtures("english")
def test_a_template_that_is_a_link_outside_the_root_is_refused(repo, secret):
    (repo.path / "templates").mkdir()
    (repo.path / "templates" / "report.md.j2").symlink_to(secret)
    code, out, err = report_cli(repo.path)
    assert code == 1 and SECRET not in out + err
    assert "templates/report.md.j2:1:1: template-error:" in err and "link" in err
    code, out, _ = CliRunner().invoke(app, ["--root", str(repo.path), "validate"]).exit_code, "", ""
    assert code == 1


@pytest.mark.usefixtures("english")
def test_an_include_of_a_link_or_of_dot_dot_is_refused(repo, secret):
    templates = repo.path / "templates"
    templates.mkdir()
    (templates / "inner.md.j2").symlink_to(secret)
    (templates / "report.md.j2").write_text('first line\n{% include "inner.md.j2" %}\n', encoding="utf-8")
    code, out, err = report_cli(repo.path)
    assert code == 1 and SECRET not in out + err
    assert "templates/report.md.j2:2:1: template-error:" in err
    git(repo.path, "config", "user.name", SECRET)  # what actions/checkout leaves in .git/config
    (templates / "inner.md.j2").unlink()
    (templates / "report.md.j2").write_text('{% include "../.git/config" %}\n', encoding="utf-8")
    code, out, err = report_cli(repo.path)
    assert code == 1 and SECRET not in out + err and "refused" in err
    result = CliRunner().invoke(app, ["--root", str(repo.path), "validate"])
    assert result.exit_code == 0  # the name is refused when rendering; the file itself parses


def test_a_template_loop_and_a_huge_range_are_template_errors(repo):
    templates = repo.path / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text('{% include "report.md.j2" %}\n', encoding="utf-8")
    code, _, err = report_cli(repo.path)
    assert code == 1 and "template-error" in err and "internal error" not in err
    (templates / "report.md.j2").write_text("{% for i in range(10**9) %}x{% endfor %}\n", encoding="utf-8")
    code, _, err = report_cli(repo.path)
    assert code == 1 and "templates/report.md.j2:1:1: template-error:" in err


@pytest.mark.usefixtures("english")
def test_a_template_that_writes_too_much_is_stopped(repo, monkeypatch):
    from kh113.render import templating

    monkeypatch.setattr(templating, "MAX_OUTPUT_CHARS", 1000)
    templates = repo.path / "templates"
    templates.mkdir()
    body = "{% for i in range(99999) %}{{ 'y' * 100 }}{% endfor %}\n"
    (templates / "report.md.j2").write_text(body, encoding="utf-8")
    code, _, err = report_cli(repo.path)
    assert code == 1 and "template-error" in err and "more than 1000 characters" in err


# --------------------------------------------------------------------------------------------------
# Responsibility is the plan's, not the file's (item 6)


def prepared(repo: Repo, as_of: str = "2025-11-15"):
    import datetime as dt

    from kh113.compute.commands import history as read_receipts
    from kh113.compute.scope import checked
    from kh113.render.report import prepare
    from kh113.validate.loading import load

    data = checked(load(repo.path))
    history = read_receipts(repo.path, allow_shallow=False, pull_request=False, environ={})
    day = dt.date.fromisoformat(as_of)
    return prepare(data, year=2025, as_of=day, lang="en", agency=None, history=history, chart_folder=None)


def test_a_task_status_from_an_agency_that_does_not_lead_it_is_not_used(repo):
    filed = complete("so-noi-vu").replace("tasks:\n", 'tasks:\n  "6.4":\n    status: completed\n')
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", filed)
    rows = {row.id: row for group in prepared(repo).task_groups for row in group.tasks}
    assert rows["6.4"].status == "not_reported" and rows["6.4"].reported == ()
    payload = verdict(repo.path)
    scoped = the(payload, "out-of-scope")
    assert scoped["message"].startswith("`so-noi-vu` does not lead task 6.4 in 2025 (so-y-te (Sở Y tế) does)")


def test_co_responsible_agencies_disagreeing_the_later_receipt_wins(repo):
    path = repo.path / "indicators" / "giuong-benh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[so-y-te]", "[so-y-te, so-noi-vu]"), encoding="utf-8")
    repo.commit("two agencies answer for hospital beds", "2024-06-01T10:00:00+07:00")
    owed = COMPLETE_2025["so-noi-vu"]
    noi_vu = report(
        "so-noi-vu", 2025, "2025-10-29", figures={**owed["figures"], "giuong-benh": 41}, tasks=owed["tasks"]
    )
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", noi_vu)  # declares 29/10, received 20/10
    repo.submit("so-y-te", 2025, "2025-10-25T10:00:00+07:00", complete("so-y-te", submitted="2025-10-21"))
    result = prepared(repo)
    beds = next(row for group in result.target_groups for row in group.rows if row.id == "giuong-benh")
    assert (
        beds.latest is not None and beds.latest.value == 31.5
    )  # so-y-te's, received later by git, whatever `submitted` says
    assert any("the report received later is used" in note for note in beds.notes)


# --------------------------------------------------------------------------------------------------
# Smaller holes (item 8)


def test_bidirectional_controls_are_refused_where_written(repo):
    text = complete("so-noi-vu").replace("completed", "completed  # \u202egnirps\u202c")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", text)
    result = CliRunner().invoke(app, ["--root", str(repo.path), "validate", "--lang", "en"])
    assert result.exit_code == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "\u202e" in row)
    assert f"{NOI_VU}:{line}:" in result.stdout and "bidi-control" in result.stdout and "U+202E" in result.stdout
    assert verdict(repo.path)["received"] == 0  # and the report does not count


def test_a_terminal_that_cannot_encode_vietnamese_is_no_internal_error(repo):
    import sys
    import unicodedata

    env = {**os.environ, "PYTHONIOENCODING": "cp1258", "KH113_LANG": "vi"}
    done = subprocess.run(
        [sys.executable, "-m", "kh113", "--root", str(repo.path), "check", "--year", "2025", "--as-of", "2025-11-01"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    shown = unicodedata.normalize("NFC", done.stdout.decode("cp1258"))
    assert "hạn nộp" in shown or "báo cáo" in shown
    assert b"internal error" not in done.stderr


def test_new_removes_what_a_killed_run_left(repo):
    folder = repo.path / "submissions" / "2025"
    folder.mkdir(parents=True, exist_ok=True)
    leftover = folder / ".so-noi-vu.yaml.k1ll3d.tmp"
    leftover.write_text("agency: so-noi-vu\n", encoding="utf-8")
    text = new_skeleton(repo)
    assert not leftover.exists()
    assert "    # unavailable: " in text  # the clerk sees how to say a figure cannot be given


def test_export_revisions_is_an_audit_trail(repo):
    beds_revised(repo)
    result = CliRunner().invoke(app, ["--root", str(repo.path), "export", "--revisions", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    trail = [(r["indicator"], r["value"], r["date"]) for r in json.loads(result.stdout)["revisions"]]
    assert ("giuong-benh", 30, "2025-10-20") in trail and ("giuong-benh", 41, "2025-12-15") in trail
    assert len(trail) == 4  # three figures once, then the one change


# --------------------------------------------------------------------------------------------------
# Every output format of check says what the attack is


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_the_verdicts_in_text_and_github(repo, fmt):
    repo.write("README.md", "x\n")
    repo.commit("main moved on", "2025-11-01T10:00:00+07:00")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", complete("so-noi-vu"))
    repo.submit("so-y-te", 2025, "2025-11-05T10:00:00+07:00", "agency: so-y-te\nyear: 2025\n")
    code, out, _ = run(repo.path, "--format", fmt, "--year", "2025", "--as-of", "2025-11-10")
    assert code == 1
    for said in ("receipt-suspect", "incomplete", "not-counted"):
        assert said in out, (said, out)


def test_the_report_notes_a_revision_after_the_due_date_without_the_commit(repo):
    beds_revised(repo)
    result = prepared(repo, "2025-12-20")
    notes = [n.message for n in result.overview.findings if n.code == "revised-after-due"]
    assert notes == ["figure `giuong-benh` was revised after the due date: 30 → 41 (15/12/2025)"]
    assert [a.detail for a in result.attention if a.kind == "figure_revised"] == notes  # the closing list


# --------------------------------------------------------------------------------------------------
# Holes found by the attack review of issue #10


def forged_commit(repo: Repo, parent: str, stamp: str, message: str = "report") -> str:
    """A commit object with the tree of HEAD, ``parent`` and the committer time ``stamp`` ("seconds +0700")."""
    tree = git(repo.path, "rev-parse", "HEAD^{tree}").strip()
    body = f"tree {tree}\nparent {parent}\nauthor A <a@b> {stamp}\ncommitter A <a@b> {stamp}\n\n{message}\n"
    obj = repo.path.parent / "forged.txt"
    obj.write_text(body, encoding="ascii")
    return git(repo.path, "hash-object", "-t", "commit", "-w", str(obj)).strip()


def test_replace_objects_and_grafts_do_not_rewrite_the_history(repo):
    repo.submit("so-noi-vu", 2025, "2025-11-20T10:00:00+07:00", complete("so-noi-vu"))
    head = git(repo.path, "rev-parse", "HEAD").strip()
    fake = forged_commit(repo, git(repo.path, "rev-parse", "HEAD^").strip(), "1760929200 +0700")  # 20/10/2025
    git(repo.path, "replace", head, fake)
    assert git(repo.path, "log", "-1", "--format=%cs").strip() == "2025-10-20"  # what git shows now
    assert the(verdict(repo.path), "late")["received"] == "2025-11-20"
    git(repo.path, "replace", "-d", head)
    # A graft that hides the commit main had before a back-dated squash (so it no longer looks older).
    repo.write("README.md", "x\n")
    repo.commit("main moved on", "2025-11-21T10:00:00+07:00")
    repo.submit("so-y-te", 2025, "2025-10-20T10:00:00+07:00", complete("so-y-te"))
    first = git(repo.path, "rev-list", "--max-parents=0", "HEAD").strip()
    back = git(repo.path, "rev-parse", "HEAD").strip()
    (repo.path / ".git" / "info").mkdir(exist_ok=True)
    (repo.path / ".git" / "info" / "grafts").write_text(f"{back} {first}\n", encoding="ascii")
    assert "receipt-suspect" in codes(verdict(repo.path, agency="so-y-te"))


@pytest.mark.parametrize("reason", ['""', '"   "', '"\u200b"', '"\ufeff"', '"\u00a0\u00a0"', '"\u200b \u00a0"'])
def test_an_unavailable_reason_that_says_nothing_is_refused(repo, reason):
    text = complete("so-noi-vu").replace("    value: 24000", f"    unavailable: {reason}")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", text)
    result = CliRunner().invoke(app, ["--root", str(repo.path), "validate", "--lang", "en"])
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "unavailable" in row)
    assert result.exit_code == 1
    assert f"{NOI_VU}:{line}:18: invalid-value: `unavailable` gives no reason" in result.stdout
    payload = verdict(repo.path)
    assert payload["received"] == 0 and "not-counted" in codes(payload)
    vi = CliRunner().invoke(app, ["--root", str(repo.path), "check", "--year", "2025", "--lang", "vi"])
    assert "không nêu lý do" in vi.stdout


def test_the_json_schema_refuses_a_reason_that_says_nothing():
    import re

    from kh113.models import visible

    schema = json.loads((Path(__file__).parents[1] / "src/kh113/schemas/submission.schema.json").read_text("utf-8"))
    pattern = schema["$defs"]["Figure"]["properties"]["unavailable"]["anyOf"][0]["pattern"]
    for text in ("", " ", "\u200b", "\ufeff", "\u00a0", "\u3000\u2060", "Cục Thống kê chưa công bố", " x "):
        assert (re.search(pattern, text) is not None) == visible(text), repr(text)


def test_reports_with_anything_outside_submissions_are_refused_and_the_checker_is_the_base_s(repo):
    import yaml

    base = git(repo.path, "rev-parse", "HEAD").strip()
    repo.write(NOI_VU, complete("so-noi-vu"))
    outside = ["src/kh113/compute/receipt.py", "pyproject.toml", ".ci/run", ".gitattributes", ".gitmodules"]
    outside += [".pre-commit-config.yaml", ".github/workflows/kh113.yml"]
    for path in outside:
        repo.write(path, "rewritten\n")
    repo.commit("a report and a friendlier checker", "2025-10-21T10:00:00+07:00")
    result = CliRunner().invoke(app, ["--root", str(repo.path), "changes", "--base", base, "--lang", "en"])
    assert result.exit_code == 1 and result.stdout == "2025 so-noi-vu\n"
    for path in outside:
        assert f"{path}:1:1: pr-scope: a pull request with reports must not change {path}" in result.stderr
    owners = CliRunner().invoke(app, ["--root", str(repo.path), "codeowners", "--default-owner", "@o/t"]).stdout
    for pattern in ("/src/", "/pyproject.toml", "/.ci/", "/.github/", "/.gitattributes", "/.gitmodules"):
        assert f"\n{pattern} " in owners
    workflow = Path(__file__).parents[1] / ".github" / "workflows" / "kh113.yml"
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    checkouts = [s["with"] for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    checker = next(c for c in checkouts if c.get("ref") == "${{ github.event.pull_request.base.sha }}")
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == [f"pip install ./{checker['path']}"]
    judged = next(s for s in steps if "kh113 changes" in s.get("run", ""))
    assert judged["working-directory"] != checker["path"]


def test_a_revision_in_utf16_is_judged_as_on_disk_never_by_its_submitted_date(repo):
    # UTF-16 with a BOM (Notepad's "Unicode") reads on disk, so the revision that holds it is judged the same
    # way; today's main could not decode it from git and fell back to `submitted: 2025-10-20`.
    (repo.path / "submissions" / "2025").mkdir(parents=True)
    (repo.path / NOI_VU).write_bytes(complete("so-noi-vu", submitted="2025-10-20").encode("utf-16"))
    repo.commit("report in UTF-16", "2025-11-20T10:00:00+07:00")
    assert the(verdict(repo.path), "late")["received"] == "2025-11-20"
    # An encoding kh113 refuses (UTF-32) is not usable at that revision: not received, whatever it says.
    (repo.path / NOI_VU).write_bytes(complete("so-noi-vu", submitted="2025-10-20").encode("utf-32"))
    repo.commit("report in UTF-32", "2025-11-21T10:00:00+07:00")
    (repo.path / "submissions/2025/so-y-te.yaml").write_bytes(
        complete("so-y-te", submitted="2025-10-20").encode("utf-32")
    )
    repo.commit("so-y-te in UTF-32", "2025-10-25T10:00:00+07:00")
    payload = verdict(repo.path, agency="so-y-te")
    assert payload["received"] == 0 and "encoding" in codes(payload) and "late" not in codes(payload)


def test_a_file_changed_since_its_commit_is_not_received_by_its_submitted_date(repo):
    new_skeleton(repo)
    repo.commit("skeleton", "2025-10-10T10:00:00+07:00")
    repo.write(NOI_VU, complete("so-noi-vu", submitted="2025-10-20"))  # filled in, never committed
    payload = verdict(repo.path)
    assert (payload["received"], payload["on_time"]) == (0, 0)
    assert "is not committed" in the(payload, "not-committed")["message"]
    repo.commit("filled in", "2025-12-01T10:00:00+07:00")
    repo.write(NOI_VU, complete("so-noi-vu", submitted="2025-10-20") + "# a typo fixed\n")
    payload = verdict(repo.path)
    assert the(payload, "late")["received"] == "2025-12-01"
    assert "has changes that are not committed" in the(payload, "not-committed")["message"]


@pytest.mark.parametrize(
    ("link", "target"),
    [(NOI_VU, "so-y-te.yaml"), ("submissions/2025", "2024"), ("submissions", "elsewhere")],
    ids=["report", "year folder", "submissions folder"],
)
def test_a_symbolic_link_is_never_a_report(repo, link, target):
    # so-noi-vu's report as a link to a complete file committed long before the due date.
    if link == NOI_VU:
        repo.submit("so-y-te", 2025, "2025-10-01T10:00:00+07:00", complete("so-y-te"))
        repo.write("submissions/2025/so-y-te.yaml", complete("so-noi-vu", submitted="2025-10-01"))
    else:
        folder = repo.path / "submissions" / target if link != "submissions" else repo.path / target / "2025"
        folder.mkdir(parents=True)
        (folder / "so-noi-vu.yaml").write_text(complete("so-noi-vu", submitted="2025-10-01"), encoding="utf-8")
        if link == "submissions":
            shutil.rmtree(repo.path / "submissions")
    repo.commit("the real file", "2025-10-01T10:00:00+07:00")
    base = git(repo.path, "rev-parse", "HEAD").strip()
    (repo.path / link).symlink_to(target)
    repo.commit("a link", "2025-12-01T10:00:00+07:00")
    payload = verdict(repo.path)
    assert payload["received"] == 0
    assert any(p["code"] == "not-a-report" and p["file"] == link for p in payload["problems"]), payload
    result = CliRunner().invoke(app, ["--root", str(repo.path), "changes", "--base", base, "--lang", "en"])
    assert result.exit_code == 1 and f"{link}:1:1: not-a-report: is a symbolic link" in result.stderr


def test_a_wrong_way_merge_fast_forwarded_onto_main_is_refused(repo):
    # The review's attack: a back-dated report on a branch, main merged *into* the branch, main fast-forwarded
    # to it, so main's first-parent chain runs through the branch's own commit (dated 20/10).
    repo.write("README.md", "x\n")
    repo.commit("main moved on", "2025-11-01T10:00:00+07:00")
    before = git(repo.path, "rev-parse", "HEAD").strip()
    git(repo.path, "checkout", "-q", "-b", "report", "HEAD^")
    repo.submit("so-noi-vu", 2025, "2025-10-20T10:00:00+07:00", complete("so-noi-vu", submitted="2025-10-20"))
    git(repo.path, "merge", "-q", "--no-ff", "main", "-m", "merge main into report", when="2025-11-05T10:00:00+07:00")
    merge = git(repo.path, "rev-parse", "HEAD").strip()
    git(repo.path, "checkout", "-q", "main")
    git(repo.path, "merge", "-q", "--ff-only", "report")
    result = CliRunner().invoke(app, ["--root", str(repo.path), "changes", "--base", before, "--lang", "en"])
    assert result.exit_code == 1
    said = next(line for line in result.stderr.splitlines() if "receipt-suspect" in line)
    assert said.startswith(".:1:1: receipt-suspect: the base ") and before[:12] in said and merge[:12] in said
    # A pull request merged the right way keeps main's previous tip on the chain: nothing to say.
    result = CliRunner().invoke(app, ["--root", str(repo.path), "changes", "--base", merge, "--lang", "en"])
    assert result.exit_code == 0 and result.stderr == ""
    import yaml

    workflow = Path(__file__).parents[1] / ".github" / "workflows" / "kh113.yml"
    job = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["history"]
    assert any('kh113 changes --base "$BEFORE"' in s.get("run", "") for s in job["steps"])
    assert any(s.get("env", {}).get("BEFORE") == "${{ github.event.before }}" for s in job["steps"])
