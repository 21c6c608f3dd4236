"""The parsing fast path (issue #7) is an optimisation only: same data, same problems as the careful path.

documents.py builds files without anchors straight from libyaml's node tree and falls back to the careful
constructor (alias, duplicate-key, depth, tag and key checks of issue #6) on anything unusual. These tests
parse each input both ways and compare; nothing is timed. The loader also remembers the tag of each plain
scalar text: those tags must be PyYAML's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, SequenceNode

from kh113.read import source as documents
from kh113.read.source import Document, parse_text

from .conftest import REPO, SHARED

CORPUS = SHARED / "corpus" / "yaml-test-suite"


def careful(text: str, monkeypatch: pytest.MonkeyPatch) -> Document:
    with monkeypatch.context() as patch:
        patch.setattr(documents, "_plain_text", lambda text: None)
        return parse_text("f.yaml", text)


def outcome(doc: Document) -> tuple[str, bool, list[str]]:
    # repr: NaN compares unequal to itself, and the exact types (bool, int, float, date) must agree too.
    return repr(doc.data), doc.ok, [str(p) for p in doc.problems]


def same_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(parse_text("f.yaml", text)) == outcome(careful(text, monkeypatch))


def repo_yaml() -> list[Any]:
    files = [p for p in sorted(REPO.rglob("*.yaml")) if ".venv" not in p.parts]
    return [pytest.param(p, id=str(p.relative_to(REPO))) for p in files]


@pytest.mark.parametrize("path", repo_yaml())
def test_repository_files_agree(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same_both_ways(path.read_bytes().decode("utf-8", errors="replace"), monkeypatch)


def test_yaml_test_suite_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"yaml-test-suite corpus not found at {CORPUS}")
    for case in sorted(CORPUS.glob("*.yaml")):
        text = case.read_bytes().decode("utf-8", errors="replace")
        assert outcome(parse_text("f.yaml", text)) == outcome(careful(text, monkeypatch)), case.name


CASES = {
    "plain submission": "agency: so-y-te\nyear: 2025\nfigures:\n  giuong-benh: {value: 31.5}\n",
    "NFD text": "name: Sở Y te\u0301\nnote: cafe\u0301\n",
    "NFD key": "cafe\u0301: 1\ncafé: 2\n",
    "escape makes NFD": 'name: "cafe\\u0301"\n',
    "duplicate key after a flagged value": "a: no\nb: 1\na: 2\n",
    "value error before a duplicate": "a: 2025-02-30\na: 1\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "ampersand in text": "name: Sở LĐ-TB&XH\nyear: 010\n",
    "merge key": "a: {x: 1}\nb:\n  <<: {y: 2}\n",
    "key is a list": "? [a, b]\n: 1\n",
    "binary tag": "a: !!binary aGVsbG8=\n",
    "str tag on a list": "a: !!str [1, 2]\n",
    "map tag on a scalar": "a: !!map x\n",
    "python tag": "a: !!python/object:os.system x\n",
    "yaml 1.1 numbers": "a: 0x1F\nb: 1_000\nc: 40.000\nd: .nan\ne: 1:30\n",
    "yaml 1.1 booleans": "a: yes\nb: On\nc: n\nd: 'yes'\ne: [off, NO, true]\n",
    "too deep": "a: " + "[" * 40 + "]" * 40 + "\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "null root": "~\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_edge_cases_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    same_both_ways(text, monkeypatch)


def test_a_plain_submission_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # The careful constructor is never called for an ordinary file, or the optimisation has gone.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the careful constructor was used")

    monkeypatch.setattr(documents._Loader, "construct_document", refuse)
    doc = parse_text("f.yaml", CASES["plain submission"] + "note: Số liệu ước tính\n")
    assert doc.ok and doc.data["figures"] == {"giuong-benh": {"value": 31.5}}


def test_an_anchor_takes_the_careful_path() -> None:
    doc = parse_text("f.yaml", CASES["alias"])
    assert [p.code for p in doc.problems] == ["yaml-alias"]


# Random documents from pieces that exercise every check: YAML 1.1 scalars, NFC/NFD text, escapes,
# anchors, tags, merge keys, keys repeated in one mapping.
SCALARS = st.sampled_from(
    [
        "x", "no", "On", "010", "40.000", "1_000", ".nan", "-.inf", "2025-02-30", "2025-01-01", "12.5", "~", "''",
        "café", "cafe\u0301", '"cafe\\u0301"', '"tab\\there"', "&a x", "*a", "!!binary eA==", "!!str 5", "!!set {}",
        "<<", "TB&XH", "[1, no]", "{k: 010}", "|\n  block",
    ]
)  # fmt: skip
KEYS = st.sampled_from(["a", "b", "6.10", "café", "cafe\u0301", "no", "1", "<<", "[k]", "&k a", "*k", "!!int 1"])


def _nodes() -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(st.tuples(KEYS, inner), min_size=1, max_size=4).map(lambda pairs: ("map", pairs)),
            st.lists(inner, min_size=1, max_size=3).map(lambda items: ("seq", items)),
        ),
        max_leaves=12,
    )


def _render(node: Any, indent: int = 0) -> list[str]:
    pad = " " * indent
    if isinstance(node, str):
        return [pad + line for line in node.split("\n")]
    kind, items = node
    lines: list[str] = []
    for item in items:
        key, value = item if kind == "map" else ("", item)
        head = f"{pad}{key}:" if kind == "map" else f"{pad}-"
        if isinstance(value, str) and "\n" not in value:
            lines.append(f"{head} {value}")
        else:
            lines.append(head)
            lines.extend(_render(value, indent + 2))
    return lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(node=_nodes().filter(lambda node: not isinstance(node, str)))
def test_random_documents_agree(node: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    same_both_ways("\n".join(_render(node)) + "\n", monkeypatch)


def _tags(text: str, loader_class: type) -> list[str]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        return [f"error: {exc}"]
    finally:
        loader.dispose()
    out, todo = [], [root] if root is not None else []
    while todo:
        node = todo.pop()
        out.append(node.tag)
        if isinstance(node, MappingNode):
            todo.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            todo.extend(node.value)
    return out


def test_remembered_tags_are_pyyaml_tags() -> None:
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in (q.values[0] for q in repo_yaml())]
    texts += list(CASES.values())
    if CORPUS.is_dir():
        texts += [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(CORPUS.glob("*.yaml"))]
    for _ in range(2):  # the second round answers from what the first remembered
        for text in texts:
            assert _tags(text, documents._Loader) == _tags(text, documents._BaseLoader)


WITHOUT_LIBYAML = """
import json, sys
import yaml
del yaml.CSafeLoader  # as on a machine where PyYAML was built without libyaml
from kh113.read import source as documents
assert documents._BaseLoader is yaml.SafeLoader
doc = documents.parse_text("f.yaml", sys.stdin.read())
print(json.dumps([repr(doc.data), doc.ok, [str(p) for p in doc.problems]]))
"""


@pytest.mark.parametrize("name", ["plain submission", "NFD key", "duplicate key after a flagged value", "alias"])
def test_pure_python_loader_when_libyaml_is_absent(name: str) -> None:
    text = CASES[name]
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_LIBYAML], input=text, capture_output=True, text=True, check=True
    )
    data, ok, problems = json.loads(result.stdout)
    expected = parse_text("f.yaml", text)
    assert (data, ok) == (repr(expected.data), expected.ok)
    # Same problems; libyaml and the pure loader may word a syntax error differently, not these.
    assert problems == [str(p) for p in expected.problems]
