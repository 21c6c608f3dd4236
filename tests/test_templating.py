"""The report's Jinja environment: escaping by default, sandbox, strict variables, overrides (issue #5)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kh113.problems import DataError
from kh113.render.templating import environment, html_lines, md_lines, md_text, render_template, template_problem

HOSTILE = [
    "a | b || c",
    "line one\nline two\n\n# not a heading",
    "# heading",
    "<script>alert('x')</script>",
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "**bold** _italic_ `code` ~~strike~~",
    "[link](https://example.com) ![img](x.png) <https://example.com>",
    "&lt;entity&gt; &amp;",
    "1. item",
    "- item",
    "+ item",
    "> quote",
    "---",
    "===",
    "a \\ b \\",
    "<!-- comment -->",
    "| --- | --- |",
    "    indented code",
    "```\nfence\n```",
]


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def inline_text(token) -> str:  # type: ignore[no-untyped-def]
    """The text a reader sees in an inline token; fails on anything that is not plain text."""
    out = []
    for child in token.children:
        assert child.type in ("text", "softbreak", "hardbreak"), (child.type, token.content)
        out.append("\n" if child.type in ("softbreak", "hardbreak") else child.content)
    return "".join(out)


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_keeps_a_table_cell_one_cell_of_plain_text(text: str) -> None:
    source = f"| a | b |\n|---|---|\n| {md_text(text)} | x |\n"
    tokens = markdown().parse(source)
    cells = [t for t in tokens if t.type == "inline"]
    assert [t.type for t in tokens].count("tr_open") == 2  # header and one body row: the shape is kept
    assert len(cells) == 4
    assert inline_text(cells[2]) == " ".join(text.split())
    assert inline_text(cells[3]) == "x"


@pytest.mark.parametrize("text", HOSTILE)
def test_md_lines_keep_a_quote_one_quote_of_plain_text(text: str) -> None:
    source = f"> {md_lines(text, '> ')}\\\n> — *Sở Y tế*\n\nafter\n"
    tokens = markdown().parse(source)
    types = [t.type for t in tokens]
    assert types.count("blockquote_open") == 1
    for forbidden in (
        "heading_open",
        "bullet_list_open",
        "ordered_list_open",
        "hr",
        "html_block",
        "code_block",
        "fence",
        "table_open",
    ):
        assert forbidden not in types, forbidden
    paragraphs = [t for t in tokens if t.type == "inline"]
    assert paragraphs[-1].content == "after"
    expected = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    quoted = paragraphs[0]
    text_part = "".join(
        c.content if c.type == "text" else "\n" for c in quoted.children if c.type != "em_open" and c.type != "em_close"
    )
    assert text_part.split("\n")[: len(expected)] == expected


def test_html_lines_escape_and_break() -> None:
    assert str(html_lines("<b>a</b>\n\n& b")) == "&lt;b&gt;a&lt;/b&gt;<br>\n&amp; b"


def write(root: Path, name: str, text: str) -> None:
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / name).write_text(text, encoding="utf-8")


def test_markdown_values_are_escaped_unless_a_filter_builds_markdown(tmp_path: Path) -> None:
    write(tmp_path, "t.md.j2", "{{ note }}|{{ note|lines }}|{{ 1234.5 }}|{{ 2025 }}|{{ 'x'|url }}\n")
    out = render_template("t.md.j2", "markdown", "vi", tmp_path, note="a|b <i>")
    assert out == "a\\|b \\<i\\>|a\\|b \\<i\\>|1.234,5|2025|x\n"


def test_html_values_are_escaped(tmp_path: Path) -> None:
    write(tmp_path, "t.html.j2", "<p>{{ note }}</p><p>{{ note|lines }}</p>\n")
    out = render_template("t.html.j2", "html", "en", tmp_path, note="<script>x</script>\nnext")
    assert out == "<p>&lt;script&gt;x&lt;/script&gt;\nnext</p><p>&lt;script&gt;x&lt;/script&gt;<br>\nnext</p>\n"


def test_free_text_is_never_evaluated(tmp_path: Path) -> None:
    write(tmp_path, "t.md.j2", "{{ note }}\n")
    assert render_template("t.md.j2", "markdown", "en", tmp_path, note="{{ 7*7 }}") == "{{ 7\\*7 }}\n"


def test_an_override_replaces_a_default_and_can_extend_it(tmp_path: Path) -> None:
    write(tmp_path, "quotes.md.j2", "{% for q in quotes %}QUOTE {{ q }}\n{% endfor %}")
    env = environment("markdown", "en", tmp_path)
    assert env.get_template("quotes.md.j2").render(quotes=["a"]) == "QUOTE a\n"
    write(tmp_path, "quotes.md.j2", '{% extends "default/quotes.md.j2" %}')
    assert "None reported." in environment("markdown", "en", tmp_path).get_template("quotes.md.j2").render(quotes=[])


def test_the_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    write(tmp_path, "t.md.j2", "{{ ''.__class__.__mro__ }}\n")
    with pytest.raises(Exception) as info:
        render_template("t.md.j2", "markdown", "en", tmp_path)
    assert "unsafe" in str(info.value)


def test_template_errors_are_positioned_problems(tmp_path: Path) -> None:
    write(tmp_path, "t.md.j2", "line one\n{{ report.nothing_here }}\n")
    with pytest.raises(Exception) as info:
        render_template("t.md.j2", "markdown", "en", tmp_path, report={})
    problem = template_problem(info.value, tmp_path)
    assert (problem.file, problem.line, problem.code) == ("templates/t.md.j2", 2, "template-error")
    assert "nothing_here" in problem.message

    write(tmp_path, "u.md.j2", "ok\n{% for x in %}\n")
    with pytest.raises(Exception) as info:
        render_template("u.md.j2", "markdown", "en", tmp_path)
    problem = template_problem(info.value, tmp_path)
    assert (problem.file, problem.line) == ("templates/u.md.j2", 2)


def test_render_report_turns_a_broken_override_into_a_data_error(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from kh113.render.templating import render_report

    write(tmp_path, "report.md.j2", "{{ report.missing_field }}\n")
    with pytest.raises(DataError) as info:
        render_report(SimpleNamespace(kind="consolidated", lang="en"), "markdown", tmp_path)
    assert str(info.value.problems[0]).startswith("templates/report.md.j2:1:1: template-error:")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        self.tags.append(tag)


def test_html_hostile_note_makes_no_tags(tmp_path: Path) -> None:
    write(tmp_path, "t.html.j2", "<p>{{ note }}</p>\n")
    parser = _Parser()
    parser.feed(render_template("t.html.j2", "html", "vi", tmp_path, note=" ".join(HOSTILE)))
    assert parser.tags == ["p"]
