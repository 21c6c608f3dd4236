"""Reading one YAML file (documents.py): everything hostile or broken becomes a positioned problem (issue #6)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from kh113.read import source as documents
from kh113.read.source import MAX_BYTES, MAX_DEPTH, MAX_NODES, ThousandsFloat, parse_text, read_document

from .hostile_support import billion_laughs


def problems(text: str) -> list[tuple[str, int, int, str]]:
    doc = parse_text("f.yaml", text)
    return [(p.code, p.line, p.column, p.message) for p in doc.problems]


def only(text: str) -> tuple[str, int, int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# (id, text, code, line, column, words the message must contain)
REFUSED = [
    ("syntax-flow", "a: {b: 1\nc: 2\n", "yaml-syntax", 1, 4, "is never closed"),
    ("tab-indent", "a:\n\tb: 1\n", "yaml-syntax", 2, 1, "spaces, not tabs"),
    ("colon-in-value", "a: b: c\n", "yaml-syntax", 1, 5, "in quotes"),
    ("backslash", 'a: "C:\\data"\n', "yaml-syntax", 1, 7, "backslash"),
    ("two-documents", "a: 1\n---\nb: 2\n", "multiple-documents", 2, 1, "exactly one"),
    ("trailing-document", "a: 1\n---\n", "multiple-documents", 2, 1, "exactly one"),
    ("duplicate", "a: 1\nb: 2\na: 3\n", "duplicate-key", 3, 1, "first at line 1"),
    ("duplicate-nested", "a:\n  x: 1\n  x: 2\n", "duplicate-key", 3, 3, "appears twice"),
    ("python-object", "a: !!python/object/apply:os.system [echo hi]\n", "yaml-tag", 1, 4, "not allowed"),
    ("python-name", "a: !!python/name:os.system\n", "yaml-tag", 1, 4, "python/name"),
    ("custom-tag", "a: !include other.yaml\n", "yaml-tag", 1, 4, "!include"),
    ("binary", "a: !!binary aGVsbG8=\n", "yaml-tag", 1, 4, "binary"),
    ("set", "a: !!set {x, y}\n", "yaml-tag", 1, 4, "set"),
    ("alias", "a: &x 1\nb: *x\n", "yaml-alias", 2, 4, "aliases"),
    ("recursive-alias", "a: &x [1, *x]\n", "yaml-alias", 1, 11, "aliases"),
    ("undefined-alias", "a: *nowhere\n", "yaml-alias", 1, 4, "aliases"),
    ("merge-key", "a: &x {k: 1}\nb: {<<: *x}\n", "yaml-alias", 2, 5, "merge"),
    ("list-key", "? [a, b]\n: 1\n", "yaml-value", 1, 3, "plain text"),
    ("bad-date", "a: 2025-02-30\n", "invalid-date", 1, 4, "not a real date"),
    ("nan", "a: .nan\n", "not-finite", 1, 4, "finite"),
    ("inf", "a: -.inf\n", "not-finite", 1, 4, "finite"),
    ("yes", "a: yes\n", "ambiguous-boolean", 1, 4, "write true"),
    ("no", "a: no\n", "ambiguous-boolean", 1, 4, "write false"),
    ("on-key", "on: 1\n", "ambiguous-boolean", 1, 1, "YAML 1.1"),
    ("octal", "a: 010\n", "ambiguous-number", 1, 4, "read as 8"),
    ("underscore", "a: 1_000\n", "ambiguous-number", 1, 4, "read as 1000"),
    ("hex", "a: 0x1F\n", "ambiguous-number", 1, 4, "read as 31"),
    ("base-60", "a: 1:30\n", "ambiguous-number", 1, 4, "read as 90"),
    ("float-underscore", "a: 1_000.5\n", "ambiguous-number", 1, 4, "plain digits"),
    ("control-char", "a: \x07\n", "yaml-syntax", 1, 4, "U+0007"),
]


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_refused_with_position(text: str, code: str, line: int, column: int, words: str) -> None:
    found = problems(text)
    assert (code, line, column) in [f[:3] for f in found], found
    assert any(words in f[3] for f in found if f[0] == code), found


def test_a_refused_document_is_not_usable() -> None:
    doc = parse_text("f.yaml", "a: !!python/object/apply:os.system [echo]\n")
    assert not doc.ok


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object/apply:builtins.open",
        "!!python/object/apply:subprocess.check_output",
    ],
)
def test_tags_are_never_executed(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "created"
    if tag.endswith("open"):
        text = f"a: {tag} [{str(marker)!r}, w]\n"
    else:
        text = f"a: {tag} [[touch, {marker}]]\n" if "check_output" in tag else f"a: {tag} [touch {marker}]\n"
    doc = parse_text("f.yaml", text)
    assert [p.code for p in doc.problems] == ["yaml-tag"]
    assert not marker.exists()


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    doc = parse_text("f.yaml", billion_laughs())
    assert [(p.code, p.line) for p in doc.problems] == [("yaml-alias", 2)]
    assert doc.data is None  # nothing was expanded


@pytest.mark.parametrize(
    "text",
    [
        "".join(" " * i + "k:\n" for i in range(MAX_DEPTH + 5)),  # block mappings
        "".join(" " * i + "-\n" for i in range(MAX_DEPTH + 5)),  # block sequences
        "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5),  # flow sequences
        "{a: " * (MAX_DEPTH + 5) + "1" + "}" * (MAX_DEPTH + 5),  # flow mappings
        "[" * 100_000,  # far beyond libyaml's own limit
    ],
    ids=["block-map", "block-seq", "flow-seq", "flow-map", "flow-100k"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    doc = parse_text("f.yaml", text)
    assert [p.code for p in doc.problems] == ["too-deep"]
    assert doc.data is None


def test_nesting_up_to_the_limit_is_read() -> None:
    doc = parse_text("f.yaml", "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert doc.ok and doc.problems == []


@pytest.mark.parametrize(
    "text",
    [
        "[" + "1," * (MAX_NODES + 10) + "1]",
        "".join(f"k{i}: 1\n" for i in range(MAX_NODES)),
        "- \n" * (MAX_NODES + 10),
    ],
    ids=["flow", "keys", "block-nulls"],
)
def test_too_many_values_are_refused_before_building_anything(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:  # the loader must not get as far as constructing
        raise AssertionError("constructed a document over the node limit")

    monkeypatch.setattr(documents._Loader, "get_single_data", never)
    doc = parse_text("f.yaml", text)
    assert [p.code for p in doc.problems] == ["too-many-values"]
    assert doc.problems[0].line > 1 or doc.problems[0].column > 1  # points where the limit was passed


def test_empty_and_bare_document_markers_read_as_nothing() -> None:
    for text in ("", "---\n", "# only a comment\n", "---\n...\n"):
        doc = parse_text("f.yaml", text)
        assert doc.ok and doc.data is None and doc.problems == []


def test_nfd_text_is_read_as_nfc() -> None:
    nfc = "Sở Lao động - Thương binh và Xã hội"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    doc = parse_text("f.yaml", f"name: {nfd}\n{nfd}: 1\n")
    assert doc.data == {"name": nfc, nfc: 1}


def test_nfc_and_nfd_spellings_of_one_key_are_duplicates() -> None:
    key = "giường"
    code, line, _, message = only(f"{key}: 1\n{unicodedata.normalize('NFD', key)}: 2\n")
    assert (code, line) == ("duplicate-key", 2) and "first at line 1" in message


def test_dot_thousands_are_marked_not_decided() -> None:
    doc = parse_text("f.yaml", "a: 40.000\nb: 40.5\nc: -1.234\n")
    assert isinstance(doc.data["a"], ThousandsFloat) and doc.data["a"].text == "40.000"
    assert not isinstance(doc.data["b"], ThousandsFloat)
    assert isinstance(doc.data["c"], ThousandsFloat) and doc.data["c"] == -1.234
    assert doc.problems == []  # only the unit can decide: see crossref and test_hostile_cli


def test_messages_quote_user_text_on_one_short_line() -> None:
    long_key = "k" * 1000  # libyaml refuses keys over 1024 characters anyway
    code, _, _, message = only(f"{long_key}: 1\n{long_key}: 2\n")
    assert code == "duplicate-key" and len(message) < 200
    code, _, _, message = only('"a\\nb\\u202e": 1\n"a\\nb\\u202e": 2\n')
    assert "\n" not in message and "\u202e" not in message and "a\\nb\\u202e" in message


# --------------------------------------------------------------------------------------------------
# Positions are found by key, also for keys YAML did not read as text


def test_positions_of_keys_read_as_numbers_booleans_and_null() -> None:
    doc = parse_text("f.yaml", "tasks:\n  6.10: {status: x}\n  no: 1\n  ~: 2\n")
    assert doc.locate(("tasks", "6.1"), key=True) == (2, 3)  # Pydantic names the key 6.1
    assert doc.locate(("tasks", 0), key=True) == (3, 3)  # and false as 0
    assert doc.locate(("tasks", "None"), key=True) == (4, 3)


def test_position_falls_back_to_the_nearest_ancestor() -> None:
    doc = parse_text("f.yaml", "a:\n  b: 1\n")
    assert doc.locate(("a", "missing", "deeper")) == (2, 3)


# --------------------------------------------------------------------------------------------------
# Files: encodings, sizes, what is not a regular file

VALID = "agency: so-b\nyear: 2025\nnote: Sở Y tế\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with a byte-order mark (native order)
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "crlf", "bom-crlf"],
)
def test_unambiguous_encodings_are_accepted(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "f.yaml").write_bytes(encode(VALID))
    doc = read_document(tmp_path, "f.yaml")
    assert doc.problems == [] and doc.data == {"agency": "so-b", "year": 2025, "note": "Sở Y tế"}


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        ("agency: so-b\nnote: Cà Mau\n".encode("cp1258"), 2, 8, "not UTF-8 (byte 0x"),
        (b"a: \xff\xfe\n", 1, 4, "save the file as UTF-8"),
        ("agency: so-b\n".encode("utf-16-le"), 1, 1, "UTF-16 without a byte-order mark"),
        (b"\xff\xfe\x00\x00" + "a: 1\n".encode("utf-32-le"), 1, 1, "UTF-32"),
        (b"\xff\xfe" + b"\x00\xd8a\x00", 1, 1, "not valid UTF-16"),
        (b"a: 1\n\x00\x00\x00\x01binary", 1, 1, "NUL"),
    ],
    ids=["windows-1258", "invalid-utf-8", "utf-16-no-bom", "utf-32", "broken-utf-16", "binary"],
)
def test_ambiguous_or_broken_encodings_are_refused(
    tmp_path: Path, raw: bytes, line: int, column: int, words: str
) -> None:
    (tmp_path / "f.yaml").write_bytes(raw)
    doc = read_document(tmp_path, "f.yaml")
    assert [(p.code, p.line, p.column) for p in doc.problems] == [("encoding", line, column)]
    assert words in doc.problems[0].message


def test_crlf_keeps_line_numbers(tmp_path: Path) -> None:
    (tmp_path / "f.yaml").write_bytes(b"a: 1\r\nb: 2\r\na: 3\r\n")
    doc = read_document(tmp_path, "f.yaml")
    assert [(p.code, p.line, p.column) for p in doc.problems] == [("duplicate-key", 3, 1)]


def test_too_large_file_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "f.yaml").write_bytes(b"a: " + b"x" * MAX_BYTES)
    monkeypatch.setattr(documents, "parse_into", lambda doc: pytest.fail("parsed a file over the size limit"))
    doc = read_document(tmp_path, "f.yaml")
    assert [p.code for p in doc.problems] == ["file-too-large"]


def test_directory_named_like_a_yaml_file(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()
    assert [p.code for p in read_document(tmp_path, "x.yaml").problems] == ["not-a-file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipe_is_refused_without_opening_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "x.yaml")  # opening it for reading would wait for a writer forever
    monkeypatch.setattr(documents, "_open", lambda *a: pytest.fail("opened a pipe"))
    doc = read_document(tmp_path, "x.yaml")
    assert [p.code for p in doc.problems] == ["not-a-file"] and "pipe" in doc.problems[0].message


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: simulate the refusal at the one open call.
    (tmp_path / "x.yaml").write_text("a: 1\n")

    def refuse(path: object, flags: int) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(documents, "_open", refuse)
    doc = read_document(tmp_path, "x.yaml")
    assert [(p.code, p.message) for p in doc.problems] == [("file-unreadable", "cannot be read (permission denied)")]


def test_links_leaving_the_root_are_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, outside = tmp_path / "root", tmp_path / "secret.yaml"
    root.mkdir()
    outside.write_text("password: hunter2\n")
    (root / "x.yaml").symlink_to(outside)
    monkeypatch.setattr(documents, "_open", lambda *a: pytest.fail("opened a file outside the root"))
    doc = read_document(root, "x.yaml")
    assert [p.code for p in doc.problems] == ["outside-root"] and doc.text == ""


def test_links_inside_the_root_are_followed(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "x.yaml").symlink_to("real.yaml")
    assert read_document(tmp_path, "x.yaml").data == {"a": 1}


def test_broken_link_and_link_loop(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    assert [p.code for p in read_document(tmp_path, "broken.yaml").problems] == ["file-unreadable"]
    loop = read_document(tmp_path, "loop.yaml").problems
    assert [p.code for p in loop] == ["file-unreadable"] and "loop" in loop[0].message
