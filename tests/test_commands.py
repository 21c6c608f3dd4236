"""The core of each command (compute/commands.py), called with a date, and the immutable loaded data (issue #13)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from kh113.compute import commands
from kh113.compute.scope import checked, scope_problems, usable
from kh113.problems import DataError, UsageError
from kh113.validate.crossref import check
from kh113.validate.loading import load

from .conftest import DEMO, MINIMAL

DAY = dt.date(2025, 11, 15)
NOT_GIT: dict[str, str] = {}


@pytest.fixture(scope="module")
def demo_data():  # type: ignore[no-untyped-def]
    return load(DEMO)


@pytest.fixture
def broken_demo(tmp_path: Path) -> Path:
    """The demo root outside git, with one 2025 report that has a cross-reference error (an unknown figure)."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    report = root / "submissions" / "2025" / "so-xay-dung.yaml"
    text = report.read_text(encoding="utf-8").replace("figures:\n", "figures:\n  khong-co: {value: 1}\n")
    report.write_text(text, encoding="utf-8")
    return root


# --------------------------------------------------------------------------------------------------
# Item 3: loaded data is frozen; deciding something returns a new value


def test_a_loaded_dataset_cannot_be_changed(demo_data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo_data.submissions = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo_data.problems = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        demo_data.agencies["so-moi"] = demo_data.agencies["so-y-te"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        demo_data.indicators.pop("giuong-benh")  # type: ignore[attr-defined]
    assert isinstance(demo_data.submissions, tuple) and isinstance(demo_data.changes, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo_data.submissions[0].ignored = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo_data.submissions[0].received = DAY  # type: ignore[misc]
    with pytest.raises(AttributeError):
        demo_data.invalid_ids.get("agency", frozenset()).add("x")  # type: ignore[attr-defined]


def test_cross_references_are_a_new_value(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    (root / "submissions" / "2025").mkdir(parents=True, exist_ok=True)
    (root / "submissions" / "2025" / "so-khong-co.yaml").write_text(
        "agency: so-khong-co\nyear: 2025\nsubmitted: 2025-10-20\n", encoding="utf-8"
    )
    data = load(root)
    before = list(data.problems)
    with_refs = checked(data)
    assert list(data.problems) == before  # the loaded dataset is left as it was
    assert list(with_refs.problems) == [*before, *check(data), *scope_problems(data)]
    assert any(p.code == "unknown-agency" for p in with_refs.problems)
    assert with_refs.submissions == data.submissions


def test_usable_returns_the_kept_reports_and_why_the_others_were_left_out(broken_demo: Path) -> None:
    data = checked(load(broken_demo))
    kept = usable(data)
    broken = "submissions/2025/so-xay-dung.yaml"
    assert broken in {s.doc.path for s in data.submissions}  # unchanged
    assert broken not in {s.doc.path for s in kept.data.submissions}
    assert {p.file for p in kept.skipped} == {broken} and kept.skipped_files == 1
    assert all(p.severity == "error" for p in kept.skipped)
    assert all(not s.ignored for s in data.submissions)  # scope is marked on the new value only


def test_one_registry_answers_every_agency_question(demo_data) -> None:  # type: ignore[no-untyped-def]
    registry = demo_data.registry
    assert registry is demo_data.registry  # built once, with the dataset
    assert registry.name("so-y-te") == demo_data.agencies["so-y-te"].name == demo_data.agency_name("so-y-te")
    assert registry.name("khong-co") == "khong-co" and registry.entry("khong-co") is None
    assert registry.kind("so-y-te") == "agency" and registry.kind("khong-co") is None
    collective = next(iter(demo_data.collectives))
    assert registry.kind(collective) == "collective"
    assert registry.members(collective) == demo_data.collectives[collective].members
    assert registry.members("so-y-te") is None
    assert registry.successors("so-ldtbxh", dt.date(2025, 2, 28)) == []
    assert registry.successors("so-ldtbxh", dt.date(2025, 3, 1))[:2] == ["so-noi-vu", "so-y-te"]
    assert registry.resolve("so-ldtbxh", dt.date(2025, 3, 1), "children") == "so-y-te"
    assert registry.ids()[: len(demo_data.agencies)] == list(demo_data.agencies)


# --------------------------------------------------------------------------------------------------
# Item 4: one core call per command, with the date as an argument


def test_status_takes_the_year_from_the_date_given(broken_demo: Path) -> None:
    common = {"agency": None, "group": None, "indicators": [], "only": None, "method": "unsd-2022"}
    result = commands.status(broken_demo, year=None, fail_on=None, today=dt.date(2026, 1, 2), **common)  # type: ignore[arg-type]
    assert result.year == 2026 and not result.failed
    assert result.notices.skipped_files == 1  # the broken report is left out, said by the CLI
    statuses = {r.status for r in result.results}
    failing = commands.status(broken_demo, year=2025, fail_on=",".join(statuses), today=DAY, **common)  # type: ignore[arg-type]
    assert failing.failed and failing.failing_count == len(failing.results) and failing.year == 2025
    only = commands.status(broken_demo, year=2025, fail_on=None, today=DAY, **{**common, "only": "no_data"})  # type: ignore[arg-type]
    assert {r.status for r in only.results} <= {"no_data"}


def test_an_error_after_loading_still_carries_the_reports_left_out(broken_demo: Path) -> None:
    with pytest.raises(UsageError) as raised:
        commands.status(
            broken_demo,
            year=2025,
            agency="so-khong-co",
            group=None,
            indicators=[],
            only=None,
            fail_on=None,
            method="unsd-2022",
            today=DAY,
        )
    assert commands.notices_of(raised.value).skipped_files == 1


def test_unknown_statuses_are_refused_before_loading(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        commands.parse_statuses("on_trak", "--only")
    assert commands.parse_statuses("on_track, deterioration", "--fail-on") == {"on_track", "deterioration"}


def test_a_broken_plan_blocks_the_commands_that_compute(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    (root / "plan" / "tasks.yaml").write_text("tasks: 3\n", encoding="utf-8")
    with pytest.raises(DataError):
        commands.usable_root(root)
    with pytest.raises(DataError):
        commands.root_for_check(root)
    assert commands.validate(root, strict=False).failed


def test_validate_fails_on_warnings_only_when_strict(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    (root / "plan" / "notes.txt").write_text("not data\n", encoding="utf-8")  # a stray file: a warning
    relaxed = commands.validate(root, strict=False)
    assert [p.code for p in relaxed.problems] == ["stray-file"] and not relaxed.failed
    assert commands.validate(root, strict=True).failed


def test_github_actions_is_detected_in_one_place() -> None:
    assert commands.problem_format(None, {"GITHUB_ACTIONS": "true"}) == "github"
    assert commands.problem_format(None, {"GITHUB_ACTIONS": "false"}) == "text"
    assert commands.problem_format("json", {"GITHUB_ACTIONS": "true"}) == "json"


def test_the_report_format_follows_the_output_suffix() -> None:
    binary = {"docx"}
    assert commands.report_format(None, None, binary=binary, terminal=True) == "markdown"
    assert commands.report_format(None, Path("r.HTML"), binary=binary, terminal=True) == "html"
    assert commands.report_format(None, Path("r.docx"), binary=binary, terminal=True) == "docx"
    assert commands.report_format("html", Path("r.docx"), binary=binary, terminal=True) == "html"
    assert commands.report_format("docx", None, binary=binary, terminal=False) == "docx"  # a pipe
    with pytest.raises(UsageError):
        commands.report_format("docx", None, binary=binary, terminal=True)


def test_expected_and_check_take_the_date(broken_demo: Path) -> None:
    owed = commands.expected(broken_demo, year=None, today=DAY)
    assert owed.expectations.year == 2025 and owed.on == owed.expectations.due
    result = commands.check(
        broken_demo,
        year=None,
        as_of=DAY,
        agencies=["so-xay-dung"],
        strict=False,
        allow_shallow=False,
        pull_request=None,
        format=None,
        environ=NOT_GIT,
    )
    assert result.format == "text" and result.failed  # its report has an error
    assert result.result.year == 2025


def test_export_outside_git_has_no_revisions(broken_demo: Path) -> None:
    with pytest.raises(UsageError):
        commands.export(broken_demo, revisions=True, environ=NOT_GIT)
    recorded = commands.export(broken_demo, revisions=False, environ=NOT_GIT)
    assert recorded.revisions is None and recorded.order and recorded.recorded


def test_scope_problems_are_asked_in_compute_and_reach_validate(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    report = root / "submissions" / "2025" / "so-xay-dung.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("figures:\n", "figures:\n  giuong-benh: {value: 99, source: x}\n"),
        encoding="utf-8",
    )
    data = load(root)
    scoped = [(p.file, p.code, p.severity) for p in scope_problems(data)]
    assert scoped == [("submissions/2025/so-xay-dung.yaml", "out-of-scope", "warning")]
    assert not [p for p in check(data) if p.code == "out-of-scope"]  # checking references imports no computing
    assert [p.code for p in commands.validate(root, strict=False).problems] == ["out-of-scope"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["status", "--year", "2025"],
        ["export"],
        ["check", "--as-of", "2025-11-15"],
        ["report", "--year", "2025", "--as-of", "2025-11-15"],
        ["expected", "--year", "2025"],
    ],
)
def test_no_command_changes_the_data_it_loaded(
    broken_demo: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kh113.cli import app
    from kh113.validate import loading

    real = loading.load
    loaded: list[tuple[object, list[object], tuple[object, ...]]] = []

    def recording(*a, **k):  # type: ignore[no-untyped-def]
        data = real(*a, **k)
        loaded.append((data, list(data.problems), data.submissions))
        return data

    monkeypatch.setattr(loading, "load", recording)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(app, ["--root", str(broken_demo), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    assert loaded
    for data, problems, submissions in loaded:
        assert list(data.problems) == problems  # type: ignore[attr-defined]
        assert data.submissions is submissions  # type: ignore[attr-defined]
        assert all(not s.ignored and s.received is None for s in submissions)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("agency", "year", "figure", "codes"),
    [
        ("so-ldtbxh", 2024, "giai-quyet-viec-lam", []),  # its own report before the split (finding 3)
        ("so-ldtbxh", 2025, "giai-quyet-viec-lam", ["dissolved-agency"]),
        ("so-y-te", 2025, "giuong-benh", []),  # the responsible agency (finding 2)
        ("so-gddt", 2025, "giuong-benh", ["out-of-scope"]),
    ],
)
def test_scope_problems_of_the_shipped_plan(
    tmp_path: Path, agency: str, year: int, figure: str, codes: list[str]
) -> None:
    from .conftest import REPO

    root = tmp_path / "root"
    for part in ("plan", "indicators"):
        shutil.copytree(REPO / part, root / part)
    (root / "submissions" / str(year)).mkdir(parents=True)
    (root / "submissions" / str(year) / f"{agency}.yaml").write_text(
        f"agency: {agency}\nyear: {year}\nsubmitted: {year}-10-20\nfigures:\n  {figure}: {{value: 12, source: x}}\n",
        encoding="utf-8",
    )
    found = [p.code for p in commands.validate(root, strict=False).problems]
    assert [c for c in found if c in ("dissolved-agency", "out-of-scope")] == codes


def test_a_loaded_datasets_problems_cannot_be_added_to() -> None:
    # Issue #13 item 3: loaded data is immutable, its problems too; more problems make a new value.
    from kh113.compute.scope import checked
    from kh113.problems import Problem

    data = load(DEMO)
    extra = Problem("plan/plan.yaml", 1, 1, "probe", "probe")
    with pytest.raises(TypeError):
        data.problems.add(extra)
    with pytest.raises(TypeError):
        data.problems.extend([extra])
    again = checked(data)
    assert again is not data and again.problems is not data.problems
    with pytest.raises(TypeError):
        again.problems.add(extra)
