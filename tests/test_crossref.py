"""validate/crossref.py on its own: ids that must exist, be unique and agree, positioned at the reference."""

from __future__ import annotations

from pathlib import Path

from kh113.problems import Severity
from kh113.validate.crossref import check, implausible, value_problem
from kh113.validate.loading import load

from .builders import make_indicator


def _problems(root: Path) -> list[tuple[str | None, int | None, str]]:
    return [(p.file, p.line, p.code) for p in check(load(root))]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_minimal_root_has_no_cross_reference_problem(minimal_root: Path) -> None:
    assert check(load(minimal_root)) == []


def test_an_unknown_partner_is_named_at_its_position_with_a_suggestion(minimal_root: Path) -> None:
    _edit(minimal_root / "plan" / "tasks.yaml", "partners: [so-a]", "partners: [so-aa]")
    [problem] = check(load(minimal_root))
    assert (problem.file, problem.line, problem.code) == ("plan/tasks.yaml", 7, "unknown-agency")
    assert problem.params["id"] == "so-aa"
    assert "`so-a`" in problem.message


def test_a_task_numbered_outside_its_group(minimal_root: Path) -> None:
    _edit(minimal_root / "plan" / "tasks.yaml", 'id: "6.10"', 'id: "7.10"')
    assert ("plan/tasks.yaml", 22, "invalid-id") in _problems(minimal_root)


def test_an_unknown_indicator_of_a_task(minimal_root: Path) -> None:
    _edit(minimal_root / "plan" / "tasks.yaml", "indicators: [giuong-benh]", "indicators: [giuong]")
    assert _problems(minimal_root) == [("plan/tasks.yaml", 21, "unknown-indicator")]


def test_a_report_whose_agency_is_a_typo_of_its_file_name_gets_one_message(minimal_root: Path) -> None:
    _edit(minimal_root / "submissions" / "2025" / "so-b.yaml", "agency: so-b", "agency: so-bb")
    [problem] = check(load(minimal_root))
    assert (problem.file, problem.line, problem.code) == ("submissions/2025/so-b.yaml", 1, "unknown-agency")
    assert problem.params["file_agency"] == "so-b"


def test_a_report_for_another_agency_is_misplaced(minimal_root: Path) -> None:
    _edit(minimal_root / "submissions" / "2025" / "so-b.yaml", "agency: so-b", "agency: so-a")
    problems = check(load(minimal_root))
    assert [(p.line, p.code) for p in problems] == [(1, "misplaced")]
    assert problems[0].params == {"file_agency": "so-b", "agency": "so-a"}


def test_a_report_in_the_wrong_year_folder(minimal_root: Path) -> None:
    _edit(minimal_root / "submissions" / "2025" / "so-b.yaml", "year: 2025", "year: 2026")
    assert ("submissions/2025/so-b.yaml", 2, "misplaced") in _problems(minimal_root)


def test_unknown_indicators_and_tasks_of_a_report_are_placed_on_their_keys(minimal_root: Path) -> None:
    report = minimal_root / "submissions" / "2025" / "so-b.yaml"
    _edit(report, "giuong-benh: {value", "giuong: {value")
    _edit(report, '"6.4": {status', '"6.44": {status')
    assert _problems(minimal_root) == [
        ("submissions/2025/so-b.yaml", 5, "unknown-indicator"),
        ("submissions/2025/so-b.yaml", 7, "unknown-task"),
    ]


def test_a_figure_with_thousands_dots_is_a_warning_unless_it_counts_people(minimal_root: Path) -> None:
    _edit(minimal_root / "submissions" / "2025" / "so-b.yaml", "value: 30.5", "value: 30.500")
    [problem] = check(load(minimal_root))
    assert (problem.line, problem.code, problem.severity) == (5, "ambiguous-number", Severity.WARNING)
    assert problem.params["digits"] == "30500"


def test_value_problem_knows_each_kind_of_value() -> None:
    percent = make_indicator("p", unit="percent")
    people = make_indicator("n", unit="count")
    milestone = make_indicator("m", kind="milestone", unit="boolean", target=True, comparator="==")
    assert value_problem(percent, 55.0) is None
    assert value_problem(percent, 101.0) is not None
    assert value_problem(percent, True) is not None
    assert value_problem(people, -1.0) is not None
    assert value_problem(people, 12.5) is not None and value_problem(people, 12.0) is None
    assert value_problem(milestone, True) is None and value_problem(milestone, 1.0) is not None
    assert value_problem(percent, float("nan")) is None  # refused when the file was read


def test_implausible_only_above_the_population(minimal_root: Path) -> None:
    people = make_indicator("n", unit="count")
    assert implausible(load(minimal_root), people, 10**12) is None  # no population in plan.yaml: no ceiling
    with (minimal_root / "plan" / "plan.yaml").open("a", encoding="utf-8") as plan:
        plan.write("population: {value: 1000, date: 2025-07-01, territory: tỉnh Cà Mau, source: Nghị quyết}\n")
    data = load(minimal_root)
    assert data.plan is not None and data.plan.population is not None
    assert implausible(data, people, 1000) is None
    assert implausible(data, people, 1001) is not None
    assert implausible(data, make_indicator("r", unit="percent"), 1001) is None
