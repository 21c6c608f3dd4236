"""Reports streamed through the loader (issue #17 item 1): checked as read, then let go, verdicts unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kh113.compute import commands
from kh113.compute.keeping import figures_until, for_check, nothing
from kh113.compute.scope import checked, streaming
from kh113.models import KeptFigure, KeptFigures, KeptSubmission
from kh113.problems import DataError
from kh113.read.source import parse_text, read_document
from kh113.validate.loading import load

REPORT = "submissions/2025/so-b.yaml"


def codes(data) -> list[str]:
    return [f"{p.file}:{p.line}:{p.column}: {p.code}" for p in data.problems.sorted()]


def test_a_streamed_root_keeps_no_report_it_has_nothing_to_say_about(minimal_root: Path) -> None:
    whole = load(minimal_root)
    data = checked(load(minimal_root, stream=streaming(nothing)))
    assert data.streamed and data.submissions == () and data.partial_submissions == ()
    assert REPORT not in data.documents  # nothing kept, nothing found: not even its document
    assert (data.files_read, data.reports_read) == (whole.files_read, whole.reports_read) == (len(whole.documents), 1)
    # The plan's documents stay (problems found later are placed in them), their text let go once the models
    # are built: a position asked of them reads the file again.
    plan = data.documents["plan/plan.yaml"]
    assert plan.released and plan.data is None and plan.locate(("consolidating_agency",))[0] > 1


def test_a_streamed_report_with_a_problem_keeps_its_released_document(minimal_root: Path) -> None:
    report = minimal_root / REPORT
    report.write_text(report.read_text(encoding="utf-8").replace("so-b\n", "so-bb\n", 1), encoding="utf-8")
    data = checked(load(minimal_root, stream=streaming(nothing)))
    doc = data.documents[REPORT]
    assert doc.released and doc.data is None
    assert [p.code for p in data.problems if p.file == REPORT] == ["unknown-agency"]


def test_streaming_finds_what_loading_everything_finds(minimal_root: Path) -> None:
    # Problems of every kind a report can have after reading: a cross-reference, a scope warning, a schema
    # error in a second report (a partial one, checked too), and the problems of the plan.
    report = minimal_root / REPORT
    text = report.read_text(encoding="utf-8").replace("tasks:", "  khong-co: {value: 1}\ntasks:")
    report.write_text(text, encoding="utf-8")
    (minimal_root / "submissions/2025/so-c.yaml").write_text(
        "agency: so-c\nyear: 2025\nfigures:\n  giuong-benh: {value: 40.000, nguon: x}\n", encoding="utf-8"
    )
    kept = codes(checked(load(minimal_root)))
    assert any("unknown-indicator" in line for line in kept) and any("so-c.yaml" in line for line in kept)
    assert codes(checked(load(minimal_root, stream=streaming(nothing)))) == kept


def test_a_released_document_positions_a_problem_by_reading_the_file_again(minimal_root: Path) -> None:
    doc = read_document(minimal_root, REPORT)
    before = doc.locate(("figures", "giuong-benh"), key=True)
    doc.release()
    assert doc.released and doc.data is None
    assert doc.locate(("figures", "giuong-benh"), key=True) == before == (5, 3)


def test_a_released_file_that_changed_is_an_error_not_a_wrong_position(minimal_root: Path) -> None:
    doc = read_document(minimal_root, REPORT)
    doc.release()
    path = minimal_root / REPORT
    path.write_text("# one more line\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        doc.locate(("figures",))
    assert [(p.file, p.code) for p in raised.value.problems] == [(REPORT, "file-changed")]


def test_a_text_held_in_memory_is_never_released() -> None:
    doc = parse_text("submissions/2025/so-b.yaml", "agency: so-b\nyear: 2025\n")
    doc.release()
    assert not doc.released and doc.data == {"agency": "so-b", "year": 2025}


def test_check_keeps_the_year_it_judges_with_what_it_judges_on(minimal_root: Path) -> None:
    other = minimal_root / "submissions/2026/so-b.yaml"
    other.parent.mkdir()
    other.write_text((minimal_root / REPORT).read_text(encoding="utf-8").replace("2025", "2026"), encoding="utf-8")
    data = checked(load(minimal_root, stream=streaming(for_check(2025))))
    (kept,) = data.submissions
    assert kept.submission.year == 2025 and kept.doc.released
    assert kept.submission.tasks["6.4"].status == "in_progress" and kept.submission.difficulties == ()
    assert kept.submission.figures["giuong-benh"].value == 30.5
    # Plain records, not models: a fraction of the size, for tens of thousands of reports.
    assert isinstance(kept.submission, KeptSubmission)
    assert all(isinstance(f, KeptFigure) for f in kept.submission.figures.values())


def test_status_keeps_the_figures_of_the_years_up_to_its_own(minimal_root: Path) -> None:
    data = checked(load(minimal_root, stream=streaming(figures_until(2024))))
    assert data.submissions == ()
    data = checked(load(minimal_root, stream=streaming(figures_until(2025))))
    (kept,) = data.submissions
    assert kept.submission.figures["giuong-benh"].source == "Thống kê ngành" and kept.submission.tasks == {}
    assert isinstance(kept.submission, KeptSubmission)


def test_commands_give_the_same_verdicts_streamed(minimal_root: Path) -> None:
    # The commands stream (validate, status, check); the same root loaded whole gives the same results.
    whole = checked(load(minimal_root))
    validated = commands.validate(minimal_root, strict=False)
    assert [str(p) for p in validated.problems] == [str(p) for p in whole.problems.sorted()]
    status = commands.status(
        minimal_root,
        year=2025,
        agency=None,
        group=None,
        indicators=[],
        only=None,
        fail_on=None,
        method="unsd-2022",
        today=dt.date(2025, 12, 31),
    )
    latest = {r.series.indicator.id: r.latest.value if r.latest else None for r in status.results}
    assert latest["giuong-benh"] == 30.5


def test_a_document_knows_the_bytes_it_was_read_from(minimal_root: Path) -> None:
    # check in git compares the committed blob with the file on disk by digest, without reading it again.
    raw = (minimal_root / REPORT).read_bytes()
    doc = read_document(minimal_root, REPORT)
    doc.release()
    assert doc.read_from(raw) and not doc.read_from(raw + b"\n")
    assert not parse_text(REPORT, raw.decode("utf-8")).read_from(raw)  # a text in memory was read from no file


def test_kept_figures_read_as_a_mapping_of_records() -> None:
    figures = KeptFigures(("a", "b"), (1.5, None), (None, "no survey"), ("s", None), (None, None))
    assert len(figures) == 2 and list(figures) == ["a", "b"] and "a" in figures and "c" not in figures
    assert figures["a"] == KeptFigure(1.5, None, "s", None) and figures.get("c") is None
    assert dict(figures.items()) == {"a": KeptFigure(1.5, None, "s"), "b": KeptFigure(None, "no survey")}
    with pytest.raises(KeyError):
        figures["c"]


def test_reports_that_name_the_same_ids_share_one_column(minimal_root: Path) -> None:
    # 20,000 reports name the same few dozen ids (issue #17): one tuple of ids per run, not one per report.
    other = minimal_root / "submissions/2025/so-c.yaml"
    other.write_text((minimal_root / REPORT).read_text(encoding="utf-8").replace("so-b", "so-c"), encoding="utf-8")
    data = load(minimal_root, stream=streaming(for_check(2025)))
    first, second = (s.submission.figures for s in data.submissions)
    assert first == second and first._ids is second._ids  # type: ignore[attr-defined]
