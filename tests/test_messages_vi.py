"""Every problem a clerk can cause is worded in Vietnamese by default and in English with --lang en (issue #11).

Each broken example, each wrong shape of each kind of file, each hostile case and (when ../shared is there)
every input of the YAML test suite is validated in both languages; the Vietnamese message must differ from
the English one and hold no English words outside what it quotes (`like this`): the user's own text, ids
and the fixes to type.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.i18n import translator
from kh113.validate.crossref import check
from kh113.validate.loading import load

from .conftest import MINIMAL, SHARED
from .test_hostile_cli import BROKEN, FILES, SHAPES

EXAMPLES = Path(__file__).parent / "examples"
CORPUS = SHARED / "corpus" / "yaml-test-suite"
SUBMISSION = "submissions/2025/so-b.yaml"

# Words that only English prose has; Vietnamese wording never needs them outside a quote.
ENGLISH = re.compile(
    r"\b(the|is|are|write|must|not|file|use|this|of|with|expected|found|line|should|here|can|has|have|an?|"
    r"missing|unknown|invalid|allowed|read|quotes?|number|value|key|text|mapping|list)\b",
    re.IGNORECASE,
)
# What a message may quote or name in any language: `quoted text`, "quoted", paths, ids, codes, YAML words.
QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"|'[^']*'|\S+/\S*|\S+\.ya?ml\b|\btrue\b|\bfalse\b|YAML|UTF-\d+|U\+[0-9A-F]+")


def english_left(message: str) -> list[str]:
    return ENGLISH.findall(QUOTED.sub(" ", message))


def _root(tmp_path: Path, relpath: str | None = None, body: bytes | str | None = None) -> Path:
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root, symlinks=True)
    if relpath is not None and body is not None:
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return root


def _cases() -> list:  # type: ignore[type-arg]
    cases = [
        pytest.param(("example", p.name), id=f"invalid-{p.name}") for p in sorted((EXAMPLES / "invalid").iterdir())
    ]
    cases += [
        pytest.param(("schema", p.name), id=f"schema-{p.stem}")
        for p in sorted((EXAMPLES / "schema" / "invalid").iterdir())
    ]
    cases += [
        pytest.param(("shape", (relpath, body)), id=f"{shape}-{relpath}")
        for shape, body in SHAPES.items()
        for relpath in FILES
    ]
    cases += [pytest.param(("broken", BROKEN[name]), id=f"broken-{name}") for name in BROKEN]
    return cases


def _prepare(case: tuple[str, object], tmp_path: Path) -> Path:
    kind, what = case
    if kind == "example":  # an overlay on the minimal root (tests/test_examples.py)
        root = _root(tmp_path)
        shutil.copytree(EXAMPLES / "invalid" / str(what), root, symlinks=True, dirs_exist_ok=True)
        (root / "expected.txt").unlink()
        return root
    if kind == "schema":
        return _root(tmp_path, SUBMISSION, (EXAMPLES / "schema" / "invalid" / str(what)).read_bytes())
    relpath, body = what  # type: ignore[misc]
    return _root(tmp_path, relpath, body)


def _messages(root: Path, command: str, lang: str) -> list[tuple[str, str, str]]:
    extra = ["--year", "2025", "--as-of", "2025-12-01"] if command == "check" else []
    result = CliRunner().invoke(app, ["--root", str(root), command, "--format", "json", "--lang", lang, *extra])
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.stdout)
    rows = payload["problems"]
    return [(r["code"], str(r.get("file")), r["message"]) for r in rows]


@pytest.mark.parametrize("case", _cases())
def test_every_problem_is_worded_in_vietnamese(case: tuple[str, object], tmp_path: Path) -> None:
    root = _prepare(case, tmp_path)
    vi, en = _messages(root, "validate", "vi"), _messages(root, "validate", "en")
    assert vi, "the case must be refused"
    assert [r[:2] for r in vi] == [r[:2] for r in en], "the same problems in both languages, in the same order"
    for (code, _file, said), (_c, _f, english) in zip(vi, en, strict=True):
        assert said != english, f"{code}: not translated: {said}"
        assert not english_left(said), f"{code}: English left in the Vietnamese message: {said}"


def test_check_findings_are_worded_in_vietnamese(tmp_path: Path) -> None:
    root = _root(tmp_path, SUBMISSION, "agency: so-b\nyear: 2025\nfigures:\n  giuong-benh: {value: 99,5}\n")
    vi, en = _messages(root, "check", "vi"), _messages(root, "check", "en")
    assert {code for code, _f, _m in vi} >= {"invalid-key", "not-counted", "missing"}
    for (code, _file, said), (_c, _f, english) in zip(vi, en, strict=True):
        assert said != english, f"{code}: not translated: {said}"
        assert not english_left(said), f"{code}: English left: {said}"


def test_json_keeps_the_code_and_words_the_message(tmp_path: Path) -> None:
    root = _root(tmp_path, SUBMISSION, "agency: so-b\nyear: 2025\nfigures:\n  giuong-benh: {value: '99,5'}\n")
    (vi,) = [m for m in _messages(root, "validate", "vi") if m[0] == "decimal-comma"]
    (en,) = [m for m in _messages(root, "validate", "en") if m[0] == "decimal-comma"]
    assert vi[2] == "`99,5` dùng dấu phẩy thập phân; ghi 99.5 (dùng dấu chấm, không đặt trong ngoặc kép)"
    assert en[2] == "`99,5` uses a decimal comma; write 99.5 (a point, no quotes)"


def test_the_language_comes_from_kh113_lang_too(tmp_path: Path) -> None:
    root = _root(tmp_path, SUBMISSION, "agency: so-b\nyear: 2025\nfigures:\n  giuong-benhh: {value: 1}\n")
    runner = CliRunner()
    english = runner.invoke(app, ["--root", str(root), "validate"], env={"KH113_LANG": "en"})
    default = runner.invoke(app, ["--root", str(root), "validate"], env={"KH113_LANG": ""})
    assert "unknown indicator `giuong-benhh` (did you mean `giuong-benh`?)" in english.stdout
    assert "không có chỉ tiêu mã `giuong-benhh` (có phải là `giuong-benh`?)" in default.stdout


def _corpus() -> list:  # type: ignore[type-arg]
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"yaml-test-suite corpus not found at {CORPUS}"))]
    return [pytest.param(sorted(CORPUS.glob("*.yaml")), id="yaml-test-suite")]


@pytest.mark.parametrize("files", _corpus())
def test_every_yaml_test_suite_input_is_worded_in_vietnamese(files: list[Path], tmp_path: Path) -> None:
    # The loader directly (the CLI path is the same; 400 inputs through it would cost minutes).
    vi, en = translator("vi"), translator("en")
    root = _root(tmp_path)
    untranslated = []
    for case in files:
        (root / SUBMISSION).write_bytes(case.read_bytes())
        data = load(root)
        for problem in [*data.problems, *check(data)]:
            said = problem.worded(vi)
            if said == problem.worded(en) or english_left(said):
                untranslated.append(f"{case.name}: {problem.code}: {said}")
    assert untranslated == []


# --------------------------------------------------------------------------------------------------
# Help and usage errors


def _help_texts() -> list[tuple[str, str]]:
    import typer.main

    found: list[tuple[str, str]] = []

    def walk(command: object, path: str) -> None:
        for text in [getattr(command, "help", None), *(getattr(p, "help", None) for p in command.params)]:  # type: ignore[attr-defined]
            if text:
                found.append((path, text))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "kh113")
    return found


def test_lang_on_the_command_line_chooses_the_help_language_too() -> None:
    result = CliRunner().invoke(app, ["status", "--lang", "en", "-h"], env={"KH113_LANG": ""})
    assert result.stdout.startswith("Usage: kh113 status") and "As-of year" in result.stdout


def test_every_help_text_has_vietnamese() -> None:
    vi = translator("vi")
    missing = [f"{path}: {text[:60]}" for path, text in _help_texts() if vi(text) == text]
    assert missing == [], "add these help texts to the Vietnamese catalogue"


def _commands() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", ["", *_commands()])
def test_help_is_vietnamese_by_default_and_english_on_request(command: str) -> None:
    runner = CliRunner()
    args = [command] if command else []
    vi = runner.invoke(app, [*args, "-h"], env={"KH113_LANG": ""})
    en = runner.invoke(app, [*args, "-h"], env={"KH113_LANG": "en"})
    assert vi.exit_code == 0 and en.exit_code == 0
    assert vi.stdout.startswith("Cách dùng: kh113") and "Tùy chọn:" in vi.stdout
    assert "Hiện hướng dẫn này rồi thoát." in vi.stdout and "Show this message" not in vi.stdout
    assert en.stdout.startswith("Usage: kh113") and "Show this message and exit." in en.stdout


# What click and Typer write in English around our help: option value names, and the frame's words (which
# click wraps over two lines as it pleases, so they are looked for across a line break too).
ENGLISH_METAVAR = re.compile(r"<(str|int|float|path|text|number|id|date|list\[str\]|int range)>|^[A-Z][A-Z_\[\],-]*$")
ENGLISH_FRAME = re.compile(
    r"\[\s*(default|required)\b|\bUsage:|\bOptions:|\bArguments:|\bCommands:|Show\s+this\s+message"
)
OPTION_LINE = re.compile(r"^ {2}(?:-\w, )?--[\w/-]+(?: (?P<metavar>\S+))?|^ {2}(?P<argument>[a-z_]+) (?P<type>\S+)")


def english_in_help(text: str) -> list[str]:
    """The English leftovers of a Vietnamese ``-h``: click's words and the value names of options and arguments."""
    found = [m.group(0) for m in ENGLISH_FRAME.finditer(text)]
    for line in text.splitlines():
        seen = OPTION_LINE.match(line)
        value = seen and (seen.group("metavar") or seen.group("type"))
        if value and ENGLISH_METAVAR.search(value):
            found.append(line.strip())
    return found


@pytest.mark.parametrize("command", ["", *_commands()])
def test_help_has_no_english_leftovers_in_vietnamese(command: str) -> None:
    # Fresh-clone review (issue #11): `status -h` said "[default: table]" where click wrapped it, `new -h` and
    # `import -h` read `agency <str>`, `workbook <path>`, and `status -h` had STATUS[,STATUS].
    shown = CliRunner().invoke(app, [*([command] if command else []), "-h"], env={"KH113_LANG": ""})
    assert shown.exit_code == 0
    assert english_in_help(shown.stdout) == []


def test_the_leftover_check_sees_what_the_review_found() -> None:
    review = "  -f, --format <a|b>  text.  [default:\n      table]\n  agency <str>  Mã.\n  --only STATUS[,STATUS]  x\n"
    assert english_in_help(review) == ["[default", "agency <str>  Mã.", "--only STATUS[,STATUS]  x"]


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (
            ["status", "--year", "abc"],
            "kh113: giá trị không hợp lệ cho --year: phải là số nguyên (xem `kh113 status -h`)",
            "kh113: invalid value for --year: must be a whole number (see `kh113 status -h`)",
        ),
        (
            ["status", "--group", "12"],
            "kh113: giá trị không hợp lệ cho --group: không được lớn hơn 9 (xem `kh113 status -h`)",
            "kh113: invalid value for --group: must be at most 9 (see `kh113 status -h`)",
        ),
        (["statu"], "kh113: không có lệnh `statu` (có phải là `status`?) (xem `kh113 -h`)", None),
        (
            ["status", "--foo"],
            "kh113: không có tùy chọn --foo (các tùy chọn gần giống: --bom, --format) (xem `kh113 status -h`)",
            None,
        ),
        (["new"], "kh113: thiếu đối số agency (xem `kh113 new -h`)", None),
        (
            ["check", "--as-of", "2025-13-01"],
            "kh113: --as-of 2025-13-01: không phải là ngày; ghi theo dạng YYYY-MM-DD hoặc DD/MM/YYYY",
            "kh113: --as-of 2025-13-01: not a date; write YYYY-MM-DD or DD/MM/YYYY",
        ),
    ],
)
def test_usage_errors_are_in_our_words(args: list[str], vi: str, en: str | None, tmp_path: Path) -> None:
    root = _root(tmp_path)
    runner = CliRunner()
    said = runner.invoke(app, ["--root", str(root), *args], env={"KH113_LANG": ""})
    assert said.exit_code == 2 and said.stderr.strip() == vi
    if en is not None:
        english = runner.invoke(app, ["--root", str(root), *args], env={"KH113_LANG": "en"})
        assert english.exit_code == 2 and english.stderr.strip() == en
