"""`kh113 report` (issue #5): golden files, determinism, table shapes, hostile text, overrides, writing.

Golden files live in tests/golden/report/<case>/. After an intended change of the report, regenerate them
with ``KH113_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py`` and review the diff (docs/report.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from kh113.cli import app
from kh113.compute.receipt import History
from kh113.render.report import Report, prepare
from kh113.validate.loading import load

from .conftest import REPO

DEMO = REPO / "examples" / "demo"
GOLDEN = REPO / "tests" / "golden" / "report"
UPDATE = os.environ.get("KH113_UPDATE_GOLDEN") == "1"
AS_OF = "2025-11-15"
NBSP = "\u00a0"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo(tmp_path: Path, cli_env: None) -> Path:
    """The demo root copied outside git: receipt dates come from each file's `submitted` (issue #4)."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    return root


def report_of(root: Path, lang: str = "vi", agency: str | None = None, year: int = 2025, as_of: str = AS_OF) -> Report:
    day = dt.date.fromisoformat(as_of)
    return prepare(load(root), year=year, as_of=day, lang=lang, agency=agency, history=History(), chart_folder="c")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_golden(produced: Path, case: str) -> None:
    expected_dir = GOLDEN / case
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(produced, expected_dir)
        return
    assert expected_dir.is_dir(), f"no golden files for {case}: run with KH113_UPDATE_GOLDEN=1 once and review them"
    got, want = tree(produced), tree(expected_dir)
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name].decode() == want[name].decode(), f"{case}/{name} differs from the golden file"


# --------------------------------------------------------------------------------------------------
# Golden files and determinism


@pytest.mark.parametrize(
    ("case", "args", "keep_charts"),
    [
        ("demo-2025-vi", ["--lang", "vi"], True),
        ("demo-2025-en", ["--lang", "en"], False),
        ("demo-2025-vi-html", ["--lang", "vi", "--format", "html"], False),
        ("demo-2025-so-y-te-vi", ["--lang", "vi", "--agency", "so-y-te"], False),
    ],
)
def test_golden_reports_of_the_demo_year(
    demo: Path, tmp_path: Path, case: str, args: list[str], keep_charts: bool
) -> None:
    out = tmp_path / "out"
    name = "bao-cao.html" if "html" in args else "bao-cao.md"
    code, _, err = run(
        "--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, *args, "--output", str(out / name)
    )
    assert code == 0, err
    if not keep_charts:
        shutil.rmtree(out / "bao-cao-charts", ignore_errors=True)  # the charts are compared in the vi case
    assert_golden(out, case)


def test_the_same_data_gives_the_same_bytes(demo: Path, tmp_path: Path) -> None:
    for attempt in ("first", "second"):
        for fmt in ("markdown", "html"):
            code, _, err = run(
                "--root",
                str(demo),
                "report",
                "--as-of",
                AS_OF,
                "--year",
                "2025",
                "--format",
                fmt,
                "-o",
                str(tmp_path / attempt / f"r.{fmt}"),
            )
            assert code == 0, err
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    assert len(tree(tmp_path / "first")) > 10  # the report, its HTML and the charts


# --------------------------------------------------------------------------------------------------
# Structure: every table has as many rows as the data, in order


def md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def tables(text: str) -> list[list[list[str]]]:
    """Each table's body rows, each row its cells' source text."""
    out: list[list[list[str]]] = []
    body = False
    for token in md().parse(text):
        if token.type == "table_open":
            out.append([])
        elif token.type == "tbody_open":
            body = True
        elif token.type == "tbody_close":
            body = False
        elif token.type == "tr_open" and body:
            out[-1].append([])
        elif token.type == "inline" and body and out and out[-1]:
            out[-1][-1].append(token.content)
    return out


def expected_tables(report: Report) -> list[list[str]]:
    """The first cell of each body row of every table the data calls for, in order."""
    # The letterhead: one row (number and date); the number left blank for the văn thư (issue #12).
    label = "Số" if report.lang == "vi" else "No."
    out = [[f"{label}:{NBSP * 6}/{report.letterhead.code}"]]
    if report.kind == "consolidated":
        out.append([str(i + 1) for i in range(len(report.overview.rows))])
    out += [[str(row.order) for row in group.rows] for group in report.target_groups]
    out += [[task.id for task in group.tasks] for group in report.task_groups]
    return [*out, []]  # the signature: recipients and signer in the table's head, no body row


@pytest.mark.parametrize(("lang", "agency"), [("vi", None), ("en", None), ("vi", "so-y-te"), ("en", "so-gddt")])
def test_every_table_has_one_row_per_item_of_data(demo: Path, lang: str, agency: str | None) -> None:
    report = report_of(demo, lang, agency)
    args = ["--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--lang", lang]
    code, out, err = run(*args, *(["--agency", agency] if agency else []))
    assert code == 0, err
    found = tables(out)
    assert [[row[0] for row in table] for table in found] == expected_tables(report)
    assert sum(len(g.rows) for g in report.target_groups) > 0 and sum(len(g.tasks) for g in report.task_groups) > 0
    # Status labels sit in the last column: the shape of each row is intact.
    first = 2 if agency is None else 1
    status_cells = [row[-1] for table in found[first : first + len(report.target_groups)] for row in table]
    assert status_cells == [row.status_label for g in report.target_groups for row in g.rows]


# --------------------------------------------------------------------------------------------------
# Hostile text from YAML stays text

HOSTILE = (
    "Khó | khăn <script>alert('x')</script>\n# không phải tiêu đề\n{{ 7*7 }} **đậm** [liên kết](http://x) 1. mục\n- mục"
)
HOSTILE_NAME = "Sở Y tế | <b>in đậm</b> # {{ tên }}"


def make_hostile(root: Path) -> None:
    """A submission whose notes, products, difficulties and proposals (and its agency's name) attack the layout."""
    path = root / "submissions" / "2025" / "so-y-te.yaml"
    sub = yaml.safe_load(path.read_text(encoding="utf-8"))
    sub["tasks"]["1.1"].update(note=HOSTILE, products=[HOSTILE, "| x | y |"])
    sub["difficulties"] = [HOSTILE, "| a | b |"]
    sub["proposals"] = [HOSTILE]
    path.write_text(yaml.safe_dump(sub, allow_unicode=True, sort_keys=False), encoding="utf-8")
    agencies = root / "plan" / "agencies.yaml"
    registry = agencies.read_text(encoding="utf-8")
    assert "    name: Sở Y tế\n" in registry
    registry = registry.replace(
        "    name: Sở Y tế\n", "    name: " + json.dumps(HOSTILE_NAME, ensure_ascii=False) + "\n", 1
    )
    agencies.write_text(registry, encoding="utf-8")


def headings(text: str) -> list[str]:
    tokens = md().parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_hostile_text_does_not_break_the_markdown(demo: Path) -> None:
    clean_code, clean, _ = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    make_hostile(demo)
    assert run("--root", str(demo), "validate")[0] == 0
    report = report_of(demo)
    assert HOSTILE in [q.text for q in report.difficulties]
    assert any(r.note == HOSTILE for g in report.task_groups for t in g.tasks for r in t.reported)
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == clean_code == 0, err
    tokens = md().parse(out)
    types = [t.type for t in tokens]
    clean_types = [t.type for t in md().parse(clean)]
    # Same headings, same tables with the same rows; no HTML, no links, no code from the data.
    assert headings(out) == headings(clean)
    assert [[row[0] for row in table] for table in tables(out)] == [
        [row[0] for row in table] for table in tables(clean)
    ]
    assert types.count("blockquote_open") == len(report.difficulties) + len(report.proposals) + report.synthetic
    assert types.count("blockquote_open") > clean_types.count("blockquote_open")
    for forbidden in ("html_block", "fence", "code_block", "hr"):
        assert types.count(forbidden) == clean_types.count(forbidden), forbidden
    children = [child.type for token in tokens for child in token.children or []]
    clean_children = [child.type for token in md().parse(clean) for child in token.children or []]
    for kind in ("html_inline", "link_open", "code_inline", "image"):  # the letterhead's own <br> is html_inline
        assert children.count(kind) == clean_children.count(kind), kind
    assert "{{ 7*7 }}" in out.replace("\\*", "*")  # shown, not evaluated


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_text_is_escaped_in_html(demo: Path) -> None:
    make_hostile(demo)
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--format", "html")
    assert code == 0, err
    parser = Tags()
    parser.feed(out)
    assert "script" not in parser.tags
    assert "<b>in đậm</b>" in "".join(parser.text)  # the name's markup is shown as text
    assert "{{ 7*7 }}" in "".join(parser.text)


# --------------------------------------------------------------------------------------------------
# Templates from the data repository


def test_a_template_in_the_data_root_changes_the_report(demo: Path) -> None:
    _, before, _ = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    (demo / "templates").mkdir()
    (demo / "templates" / "quotes.md.j2").write_text(
        "{% for quote in quotes %}\n\n* {{ quote.agency.short_name }}: {{ quote.text }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    code, after, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 0, err
    assert after != before
    assert "> " not in after.split("## IV.")[1].split("## VI.")[0]
    assert "* Sở Y tế: " in after


def test_a_broken_template_is_a_positioned_error(demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "attention.md.j2").write_text("ok\n{{ report.no_such_field }}\n", encoding="utf-8")
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 1 and out == ""
    assert "templates/attention.md.j2:2:1: template-error:" in err and "no_such_field" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------------------------------
# Writing


def test_output_is_never_overwritten_without_force(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    assert run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(target))[0] == 0
    charts = sorted(p.name for p in (tmp_path / "r-charts").iterdir())
    assert charts and all(name.endswith(".svg") for name in charts)
    assert "](r-charts/" in target.read_text(encoding="utf-8")
    # The same report again: nothing to replace, nothing refused.
    assert run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(target))[0] == 0
    target.write_text("my edits\n", encoding="utf-8")
    code, _, err = run(
        "--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(target), "--lang", "en"
    )
    assert code == 1 and "--force" in err
    assert target.read_text(encoding="utf-8") == "my edits\n"
    code, _, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("| ỦY BAN NHÂN DÂN TỈNH CÀ MAU")


def test_a_refusal_writes_nothing_at_all(demo: Path, tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text("keep\n", encoding="utf-8")
    code, _, _ = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(tmp_path / "r.md"))
    assert code == 1
    assert not (tmp_path / "r-charts").exists()


@pytest.mark.usefixtures("english")
def test_stdout_markdown_refers_to_no_chart_files(demo: Path) -> None:
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 0
    assert "![" not in out and "charts are written only with --output" in err


def test_html_is_one_standalone_page_with_inline_charts(demo: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(tmp_path / "r.html")
    )
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo", "r.html"]  # no chart files: they are inline
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(page)
    assert parser.tags.count("svg") == sum(1 for g in report_of(demo).target_groups for r in g.rows if r.chart)
    assert "style" in parser.tags and "@page" in page and "A4" in page
    assert not re.search(r'(src|href)="(https?:)?//', page) and "<link" not in page and "<script" not in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_prints_in_a_browser(demo: Path, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    assert run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(page))[0] == 0
    pdf = tmp_path / "r.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and content.count(b"/Type /Page") >= 5
    boxes = {
        tuple(round(float(v)) for v in m.split()) for m in re.findall(rb"/MediaBox \[0 0 ([0-9.]+ [0-9.]+)\]", content)
    }
    assert boxes == {(595, 842)}  # every page is A4 (210 x 297 mm in points), from the CSS @page rule


# --------------------------------------------------------------------------------------------------
# Who is named


def test_the_consolidated_report_names_every_missing_agency_on_the_shipped_data(cli_env: None) -> None:
    code, out, err = run("--root", str(REPO), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 0, err
    code, check_json, _ = run("--root", str(REPO), "check", "--year", "2025", "--as-of", AS_OF, "--format", "json")
    missing = [p["agency"] for p in json.loads(check_json)["problems"] if p["code"] == "missing"]
    assert len(missing) > 10
    data = load(REPO)
    line = next(line for line in out.splitlines() if line.startswith("**Chưa báo cáo ("))
    assert line.startswith(f"**Chưa báo cáo ({len(missing)}):**")
    for ident in missing:
        assert data.agency_name(ident) in line
    attention = out.split("## VI.")[1]
    assert all(f"**Chưa nhận được báo cáo**: {data.agency_name(i)}" in attention for i in missing)
    assert "Sở Lao động - Thương binh và Xã hội" not in line  # dissolved on 1/3/2025: its successors owe it


def test_english_report_on_the_shipped_data(cli_env: None) -> None:
    code, out, err = run("--root", str(REPO), "report", "--year", "2025", "--as-of", AS_OF, "--lang", "en")
    assert code == 0, err
    assert "# REPORT" in out and "## II. RESULTS AGAINST THE 2030 TARGETS" in out and "Not reported (" in out
    assert "Chưa báo cáo" not in out


def test_an_agency_report_has_only_its_tasks_and_targets(demo: Path) -> None:
    report = report_of(demo, agency="so-y-te")
    data = load(demo)
    from kh113.compute.expected import expected

    owed = expected(data, 2025).obligations["so-y-te"]
    assert [t.id for g in report.task_groups for t in g.tasks] == [t for t in data.tasks if t in owed.tasks]
    assert {r.id for g in report.target_groups for r in g.rows} == set(owed.figures) | set(owed.optional_figures)
    assert all(q.agency.id == "so-y-te" for q in report.difficulties + report.proposals)
    assert report.author.id == "so-y-te" and report.recipient.startswith("Ủy ban nhân dân tỉnh (qua")
    assert [r.agency.id for r in report.overview.rows] == ["so-y-te"]


@pytest.mark.usefixtures("english")
def test_a_dissolved_agency_is_pointed_to_its_successors(demo: Path) -> None:
    code, _, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--agency", "so-ldtbxh")
    assert code == 2
    assert "owes no report for 2025" in err and "so-noi-vu" in err and "so-y-te" in err


@pytest.mark.usefixtures("english")
def test_usage_errors(demo: Path) -> None:
    code, _, err = run("--root", str(demo), "report", "--year", "2025", "--agency", "so-y-tee")
    assert code == 2 and "did you mean" in err and "so-y-te" in err
    code, _, err = run("--root", str(demo), "report", "--year", "2019")
    assert code == 2 and "2024-2030" in err
    code, _, err = run("--root", str(demo), "report", "--as-of", "15.11.2025")
    assert code == 2 and "not a date" in err


def test_format_follows_the_output_suffix(demo: Path, tmp_path: Path) -> None:
    assert (
        run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "-o", str(tmp_path / "r.html"))[0] == 0
    )
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_report_path_does_not_slow_other_commands() -> None:
    code = "import sys, kh113.cli; sys.exit(1 if {'jinja2', 'babel', 'kh113.render.report'} & set(sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --------------------------------------------------------------------------------------------------
# Review findings: timelines, curation notes, recipient, one format registry


def overdue_ids(report: Report) -> list[str]:
    return [t.id for g in report.task_groups for t in g.tasks if t.overdue]


def test_a_timeline_ends_only_after_the_31_december_of_its_last_year(demo: Path) -> None:
    # Review finding 7: on 15/11/2025, 2.2 ("Năm 2025") and 8.2 ("2024 - 2025") still have until 31/12/2025.
    shutil.rmtree(demo / "submissions")  # no report says anything: only the timelines decide
    (demo / "submissions").mkdir()
    data = load(demo)
    assert data.tasks["2.2"].schedule.text == "Năm 2025" and data.tasks["8.2"].schedule.text == "2024 - 2025"
    during = report_of(demo, as_of="2025-11-15")
    assert "2.2" not in overdue_ids(during) and "8.2" not in overdue_ids(during)
    assert "5.1" in overdue_ids(during)  # "Năm 2024" ended on 31/12/2024
    on_the_last_day = report_of(demo, as_of="2025-12-31")
    assert "8.2" not in overdue_ids(on_the_last_day)
    after = report_of(demo, as_of="2026-01-01")
    assert "2.2" in overdue_ids(after) and "8.2" in overdue_ids(after)
    item = next(a for a in after.attention if a.kind == "task" and a.subject.startswith("8.2."))
    assert "31/12/2025" in item.detail
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", "2025-11-15")
    assert code == 0, err
    attention = out.split("## VI.")[1]
    assert "8.2." not in attention and "2.2." not in attention and "5.1." in attention


CURATION_NOTE = "is read as the end-2020 stock"  # the English note of a published figure (lao-dong-qua-dao-tao)
CURATION_NOTE_VI = "được hiểu là số liệu cuối năm 2020"  # its Vietnamese text


def test_each_report_carries_the_data_notes_in_its_own_language(demo: Path) -> None:
    # Issue 11: a published figure's note is given in Vietnamese (`note`) and English (`note_en`); each
    # report shows its own language's text, never the other one, and no file outside the repository.
    obs = next(o for o in load(demo).indicators["lao-dong-qua-dao-tao"].observations if o.qualifier == "at_least")
    assert obs.note is not None and CURATION_NOTE_VI in obs.note
    assert obs.note_en is not None and CURATION_NOTE in obs.note_en
    code, vi, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 0, err
    assert CURATION_NOTE not in vi and "published-figures.md" not in vi and CURATION_NOTE_VI in vi
    code, en, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--lang", "en")
    assert code == 0, err
    assert CURATION_NOTE in en and CURATION_NOTE_VI not in en and "published-figures.md" not in en
    # An agency's note on its own figure is its words, not curation: the report keeps it.
    path = demo / "submissions" / "2025" / "so-y-te.yaml"
    sub = yaml.safe_load(path.read_text(encoding="utf-8"))
    sub["figures"]["giuong-benh"]["note"] = "Số liệu sơ bộ, chưa gồm bệnh viện tư nhân."
    path.write_text(yaml.safe_dump(sub, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, vi, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 0, err
    assert "Số liệu sơ bộ, chưa gồm bệnh viện tư nhân." in vi


def test_an_agency_report_quotes_no_commit_or_file_curation(demo: Path) -> None:
    # Review finding 10: "commit đưa tệp vào (11d8cbb54e…)" came from check's receipt-mismatch finding.
    from kh113.compute.receipt import Revision
    from kh113.read.history import Commit
    from kh113.render.templating import render_report

    path = demo / "submissions" / "2025" / "so-y-te.yaml"
    sub = yaml.safe_load(path.read_text(encoding="utf-8"))
    sub["synthetic"] = False
    del sub["tasks"]["6.7"]  # an owed task left out: the report still says what to complete
    path.write_text(yaml.safe_dump(sub, allow_unicode=True, sort_keys=False), encoding="utf-8")
    commit = "11d8cbb54e" + "0" * 30
    when = int(dt.datetime(2025, 10, 27, 9, tzinfo=dt.UTC).timestamp())
    sent = Commit(commit, (), when, "+0700")
    rel = "submissions/2025/so-y-te.yaml"
    history = History(
        in_git=True, commits=[sent], revisions={rel: [Revision(sent, 0, "b1", rel)]}, blobs={"b1": path.read_bytes()}
    )
    data = load(demo)
    for lang in ("vi", "en"):
        day = dt.date(2025, 11, 15)
        report = prepare(data, year=2025, as_of=day, lang=lang, agency="so-y-te", history=history, chart_folder=None)
        text = render_report(report, "markdown", demo)
        # "submitted" only as the status note on a submitted figure replacing a published one
        assert "11d8cbb54e" not in text and not re.search(r"submitted(?! by)", text)
        assert [n.code for n in report.overview.findings] == ["incomplete"]
        assert "6.7" in report.overview.findings[0].message and "6.7" in text


def test_an_agency_report_goes_through_the_consolidating_agency_of_its_due_date(demo: Path) -> None:
    # Review finding 11: Sở LĐ-TB&XH was dissolved on 1/3/2025; Sở Nội vụ compiles the 2025 reports.
    assert report_of(demo, agency="so-y-te").recipient == "Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"
    in_2024 = report_of(demo, agency="so-y-te", year=2024).recipient
    assert in_2024 == "Ủy ban nhân dân tỉnh (qua Sở Lao động - Thương binh và Xã hội)"  # due 30/8/2024
    assert report_of(demo).recipient == "Ủy ban nhân dân tỉnh"
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--agency", "so-y-te")
    assert code == 0, err
    assert "Kính gửi: Ủy ban nhân dân tỉnh (qua Sở Nội vụ)\n" in out
    assert "Lao động - Thương binh" not in out.split("## I.")[0]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_report_is_rendered_by_the_format_registry(demo: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    # Review finding 24: output formats come from one registry (render.FORMATS); `report` used it only for names.
    from kh113 import render

    views: list[render.View] = []
    registered = render.FORMATS[fmt]

    def spy(view: render.View, out: object, options: render.Options) -> None:
        views.append(view)
        registered(view, out, options)  # type: ignore[arg-type]

    monkeypatch.setitem(render.FORMATS, fmt, spy)
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--format", fmt)
    assert code == 0, err
    assert len(views) == 1 and views[0].document is not None
    assert out.startswith("<!DOCTYPE html>" if fmt == "html" else "| ỦY BAN NHÂN DÂN TỈNH CÀ MAU")


def test_report_formats_are_the_template_formats() -> None:
    from kh113.cli import ReportFormat
    from kh113.render import BINARY, FORMATS
    from kh113.render.templating import SUFFIXES

    # The text formats have Jinja templates; docx has its Word template (templates/report.docx, issue #12).
    assert [f.value for f in ReportFormat] == [*SUFFIXES, *BINARY]
    assert set(SUFFIXES) | set(BINARY) <= set(FORMATS)


# --------------------------------------------------------------------------------------------------
# Content a reader can trust (issue #12 item 4), read off the golden reports a person would read

GOLDEN_TEXTS = [
    GOLDEN / "demo-2025-vi" / "bao-cao.md",
    GOLDEN / "demo-2025-en" / "bao-cao.md",
    GOLDEN / "demo-2025-so-y-te-vi" / "bao-cao.md",
    GOLDEN / "demo-2025-vi-html" / "bao-cao.html",
    GOLDEN / "demo-2025-vi-docx" / "body.txt",
]
SECTION = re.compile(r"^(?:## |<h2>)?([IVX]+)\. ", re.M)
SUB_HEADING = re.compile(r"^(?:### |<h3>)?(\d+)\. \S", re.M)


@pytest.mark.parametrize("path", GOLDEN_TEXTS, ids=lambda p: p.parent.name)
def test_sub_headings_are_numbered_without_gaps(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    sections = {m.group(1): m.start() for m in SECTION.finditer(text)}
    for number, after in (("II", "III"), ("III", "IV")):
        part = text[sections[number] : sections[after]]
        numbers = [int(m.group(1)) for m in SUB_HEADING.finditer(part)]
        assert numbers and numbers == list(range(1, len(numbers) + 1)), (number, numbers)


@pytest.mark.parametrize("path", GOLDEN_TEXTS, ids=lambda p: p.parent.name)
def test_the_report_names_agencies_and_indicators_never_their_ids(path: Path) -> None:
    data = load(DEMO)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = re.sub(r"<[^>]*>|<style>.*?</style>", " ", text, flags=re.S)  # ids in tags and classes are fine
    text = re.sub(r"\S+\.(?:svg|png)\b", " ", text)  # chart file names are paths, not prose
    for ident in [*data.agencies, *data.collectives, *data.indicators]:
        if "-" in ident:  # a one-word id ("ubnd") could be a word of the text; the hyphenated ones never are
            assert not re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text), f"{path.parent.name}: {ident}"


def test_the_vietnamese_report_says_demonstration_data_in_vietnamese() -> None:
    text = (GOLDEN / "demo-2025-vi" / "bao-cao.md").read_text(encoding="utf-8")
    assert "synthetic" not in text and "SDG" not in text and "unsd-" not in text  # the method in words


def test_the_html_report_has_no_colour() -> None:
    # Nghị định 30/2020: black text. Status is said in words; the worst ones are bold, never coloured.
    html = (GOLDEN / "demo-2025-vi-html" / "bao-cao.html").read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    colours = re.findall(r"(?<![-\w])(?:color|background)\s*:\s*([^;}]+)", style)
    greys = [c.strip() for c in colours if c.strip() == "inherit" or re.fullmatch(r"#(.)\1\1", c.strip())]
    assert colours and greys == [c.strip() for c in colours], colours  # black, white and greys only
    assert "overflow-wrap: anywhere" not in style


# --------------------------------------------------------------------------------------------------
# Issue #12 item 4: one state across sections, the report's own words


def test_every_target_not_achieved_in_the_table_needs_attention(demo: Path) -> None:
    # The demo's "Xoá nhà tạm" is "Chưa đạt" in section II: section VI lists it too.
    report = report_of(demo)
    statuses = {r.name: r.status for g in report.target_groups for r in g.rows}
    assert "not_achieved" in statuses.values()
    listed = {a.subject for a in report.attention if a.kind == "target"}
    for name, status in statuses.items():
        if status in ("not_achieved", "acceleration_needed", "limited_progress", "deterioration"):
            assert name in listed, name


def test_an_overdue_task_is_overdue_in_section_iii_too(demo: Path) -> None:
    # 5.1, 5.2, 6.9 ("Năm 2024") ended without a completed report: overdue in section VI, and section III
    # must not call them "not in this year's plan".
    report = report_of(demo)
    rows = {t.id: t for g in report.task_groups for t in g.tasks}
    for ident in ("5.1", "5.2", "6.9"):
        assert rows[ident].overdue and rows[ident].status == "overdue", ident
    for row in rows.values():
        assert not (row.overdue and row.status == "not_scheduled"), row.id
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 0, err
    line = next(li for li in out.splitlines() if li.startswith("| 5.1 |"))
    assert "không thuộc kế hoạch năm nay" not in line and "chậm tiến độ" in line


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_names_the_method_in_words(demo: Path, lang: str) -> None:
    # The id "unsd-2022" is the value of `kh113 status --method` (test_progress_method pins that), not
    # something the reader of a report knows: the method line and the notes say it in words.
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF, "--lang", lang)
    assert code == 0, err
    assert "unsd-20" not in out
    words = "Cơ quan Thống kê Liên hợp quốc, bản 2017-2022" if lang == "vi" else "United Nations Statistics Division"
    method_line = out.split("## II.")[1].splitlines()[1]
    assert words in method_line
    ratios = [line for line in out.splitlines() if ("Tỷ số tiến độ" if lang == "vi" else "Progress ratio") in line]
    assert ratios and all(words in line for line in ratios)


def test_a_gap_in_percent_is_in_percentage_points_in_words(demo: Path) -> None:
    code, out, err = run("--root", str(demo), "report", "--year", "2025", "--as-of", AS_OF)
    assert code == 0, err
    assert "điểm %" not in out and "+3,2 điểm phần trăm" in out


def printed_text(page: Path, tmp_path: Path) -> list[str]:
    """The pages of ``page`` printed to PDF in Chromium, as pdftotext reads them (a cell's lines in order)."""
    pdf = tmp_path / (page.stem + ".pdf")
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}", "--no-pdf-header-footer"]
        + [page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")


@pytest.mark.skipif(shutil.which("chromium") is None or shutil.which("pdftotext") is None, reason="no chromium")
@pytest.mark.parametrize(("lang", "unit"), [("vi", "người/năm"), ("en", "people/year")])
def test_printed_html_keeps_the_letterhead_names_and_the_units_whole(
    tmp_path: Path, cli_env: None, lang: str, unit: str
) -> None:
    # Issue #12 item 4.6: "ỦY BAN NHÂN DÂN TỈNH CÀ / MAU" and "người/n|ăm" in Chromium's print.
    page = tmp_path / f"r-{lang}.html"
    args = ["--root", str(REPO), "report", "--year", "2025", "--as-of", AS_OF, "--lang", lang, "-o", str(page)]
    assert run(*args)[0] == 0
    pages = printed_text(page, tmp_path)
    first = pages[0].splitlines()
    assert any("ỦY BAN NHÂN DÂN TỈNH CÀ MAU" in line for line in first), "\n".join(first[:12])
    text = "\n".join(pages)
    head, tail = unit.split("/")
    assert unit in text.replace("/\n", "/")  # the unit is there, whole or broken after its slash
    for cut in range(1, len(tail)):  # never broken inside "năm" / "year"
        assert not re.search(rf"{head}/{tail[:cut]}\n{tail[cut:]}", text), f"{head}/{tail[:cut]}|{tail[cut:]}"
    for cut in range(1, len(head)):  # nor inside "người" / "people"
        assert not re.search(rf"{head[:cut]}\n{head[cut:]}/", text), f"{head[:cut]}|{head[cut:]}"
