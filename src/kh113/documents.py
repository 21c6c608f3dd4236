"""Read one YAML file safely into plain data, keeping a way back to line and column.

Fast path: libyaml (``CSafeLoader``) builds plain Python data; positions are not kept for valid files.
Only when a problem must be reported does :meth:`Document.locate` compose the file again with marks
(issue #7: pay for positions only on files that have a problem).

What is refused here, whatever the file kind (issue #6): undecodable bytes, files over the size limit,
symlinks that leave the data root, aliases (billion-laughs), duplicate keys, tags other than the YAML
core ones, and YAML 1.1 surprises (``no``/``on`` as booleans, ``010`` as octal, ``1_000``, ``.nan``).
Numbers that may be Vietnamese thousands (``40.000``) are marked so the checks that know the unit can ask.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, Severity

MAX_BYTES = 2 * 1024 * 1024  # a yearly report is a few KB; 2 MB is far beyond any honest file

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]


class ThousandsFloat(float):
    """A float whose source text looks like Vietnamese thousands (``40.000``): 40.0 or 40000?"""

    text: str
    line: int
    column: int


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9]\d*)$")
_TRUE_FALSE = {"true", "false", "True", "False", "TRUE", "FALSE"}


class _Issue(Exception):
    """A problem found while constructing; collected, not raised to the caller."""


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses what kh113 files never need and records what it cannot decide."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.issues: list[tuple[int, int, str, str]] = []

    def _issue(self, node: Node, code: str, message: str) -> None:
        self.issues.append((node.start_mark.line + 1, node.start_mark.column + 1, code, message))

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # The same node constructed twice means an alias (*name): refuse it, which also defuses
        # "billion laughs" documents whose expansion would explode in later processing.
        if node in self.constructed_objects:
            raise ConstructorError(
                None, None, "anchors and aliases (&name, *name) are not allowed in kh113 files", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ConstructorError(None, None, "merge keys (<<) are not allowed in kh113 files", key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    None, None, "a key must be plain text, not a list or mapping", key_node.start_mark
                ) from None
            if key in mapping:
                raise _DuplicateKey(key, key_node)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_str(self, node: ScalarNode) -> str:
        value = self.construct_scalar(node)
        # Names are compared as text: NFD (decomposed) Vietnamese from some editors must equal NFC.
        return value if value.isascii() else unicodedata.normalize("NFC", value)

    def construct_yaml_bool(self, node: ScalarNode) -> bool:
        value = super().construct_yaml_bool(node)
        if node.value not in _TRUE_FALSE:
            self._issue(
                node,
                "ambiguous-boolean",
                f"`{node.value}` is read as {str(value).lower()} (a YAML 1.1 boolean); "
                f"write {str(value).lower()}, or put the text in quotes",
            )
        return value

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = super().construct_yaml_int(node)
        if not _PLAIN_INT.match(node.value):
            self._issue(
                node,
                "ambiguous-number",
                f"`{node.value}` is read as {value} (YAML 1.1 octal, hex, underscore or base-60 notation); "
                f"write the number in plain digits, e.g. {value}",
            )
        return value

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise ConstructorError(None, None, f"`{node.value}` is not a real date", node.start_mark) from None

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            self._issue(node, "not-finite", f"`{node.value}` is not a finite number; write a figure")
            return value
        if "_" in node.value or ":" in node.value:
            self._issue(
                node,
                "ambiguous-number",
                f"`{node.value}` is read as {value}; write the number in plain digits with a decimal point",
            )
        if _THOUSANDS.match(node.value):
            marked = ThousandsFloat(value)
            marked.text = node.value
            marked.line = node.start_mark.line + 1
            marked.column = node.start_mark.column + 1
            return marked
        return value


class _DuplicateKey(Exception):
    def __init__(self, key: Any, node: Node) -> None:
        super().__init__(key)
        self.key = key
        self.node = node


for _tag, _method in (
    ("tag:yaml.org,2002:str", _Loader.construct_yaml_str),
    ("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool),
    ("tag:yaml.org,2002:int", _Loader.construct_yaml_int),
    ("tag:yaml.org,2002:float", _Loader.construct_yaml_float),
    ("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp),
):
    _Loader.add_constructor(_tag, _method)
_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
# Core tags kh113 never uses; refusing them keeps "!!binary" or "!!set" from sneaking in odd types.
for _tag in ("tag:yaml.org,2002:binary", "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"):
    _Loader.yaml_constructors.pop(_tag, None)  # falls back to the "undefined tag" error


@dataclass
class Document:
    """One YAML file: its path relative to the root, its text, the plain data, and problems found reading it."""

    path: str
    text: str = ""
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    ok: bool = False  # parsed into data (the data may still be of the wrong shape)
    _root_node: Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)

    def problem(
        self, loc: Loc, code: str, message: str, severity: Severity = Severity.ERROR, *, key: bool = False
    ) -> Problem:
        """A problem positioned at the node reached by ``loc`` (or its nearest existing ancestor)."""
        line, column = self.locate(loc, key=key)
        return Problem(self.path, line, column, code, message, severity)

    def node_at(self, loc: Loc, *, key: bool = False) -> tuple[Node | None, int]:
        """The node at ``loc`` (or at the nearest ancestor that exists) and how many steps were followed."""
        node = self._compose()
        if node is None:
            return None, 0
        steps = 0
        for part in loc:
            found: Node | None = None
            is_last = steps == len(loc) - 1
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if _key_matches(key_node, part):
                        found = key_node if (key and is_last) else value_node
                        break
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                found = node.value[part]
            if found is None:
                break
            node = found
            steps += 1
        return node, steps

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        node, _ = self.node_at(loc, key=key)
        if node is None:
            return (1, 1)
        return node.start_mark.line + 1, node.start_mark.column + 1

    def raw_text(self, loc: Loc) -> str | None:
        """The scalar's text as written in the file, when ``loc`` reaches a scalar."""
        node, steps = self.node_at(loc)
        if steps == len(loc) and isinstance(node, ScalarNode):
            return str(node.value)
        return None

    def _compose(self) -> Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root_node = yaml.compose(self.text, Loader=_BaseLoader)
            except (yaml.YAMLError, RecursionError):  # pragma: no cover - parse already succeeded
                self._root_node = None
        return self._root_node


def _key_matches(key_node: Node, part: str | int) -> bool:
    if not isinstance(key_node, ScalarNode):
        return False
    text = key_node.value
    if isinstance(part, str):
        return text == part or unicodedata.normalize("NFC", text) == part
    # A key that YAML read as a number (6.10 → 6.1) is found by its value.
    try:
        return float(text) == float(part)
    except ValueError:
        return False


def read_document(root: Path, relpath: str) -> Document:
    """Read and parse ``root/relpath``; every failure becomes a problem on the returned document."""
    doc = Document(path=relpath)
    path = root / relpath
    try:
        resolved = path.resolve(strict=True)
        root_resolved = root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        doc.problems.append(Problem(relpath, 1, 1, "file-unreadable", _os_reason(exc)))
        return doc
    if not resolved.is_relative_to(root_resolved):
        # Never read it: a pull request must not be able to make CI print files outside the data root.
        doc.problems.append(
            Problem(relpath, 1, 1, "outside-root", "is a link to a file outside the data root; it was not read")
        )
        return doc
    if resolved.is_dir():
        doc.problems.append(Problem(relpath, 1, 1, "not-a-file", "is a directory where a YAML file is expected"))
        return doc
    try:
        with open(resolved, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        doc.problems.append(Problem(relpath, 1, 1, "file-unreadable", _os_reason(exc)))
        return doc
    if len(raw) > MAX_BYTES:
        doc.problems.append(
            Problem(relpath, 1, 1, "file-too-large", f"is larger than {MAX_BYTES // (1024 * 1024)} MB; not read")
        )
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    doc.text = text
    parse_into(doc)
    return doc


def parse_text(relpath: str, text: str) -> Document:
    """Parse text already in memory (tests, stdin)."""
    doc = Document(path=relpath, text=text)
    parse_into(doc)
    return doc


def parse_into(doc: Document) -> None:
    loader = _Loader(doc.text)
    try:
        doc.data = loader.get_single_data()
        doc.ok = True
    except _DuplicateKey as dup:
        mark = dup.node.start_mark
        doc.problems.append(
            Problem(doc.path, mark.line + 1, mark.column + 1, "duplicate-key", f"key `{dup.key}` appears twice in this mapping")
        )
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_yaml_problem(doc.path, exc))
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(doc.path, 1, 1, "yaml-syntax", _one_line(str(exc))))
    except RecursionError:
        doc.problems.append(Problem(doc.path, 1, 1, "too-deep", "the document is nested too deeply"))
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor refusing a value PyYAML let through
        doc.problems.append(Problem(doc.path, 1, 1, "yaml-value", _one_line(str(exc))))
    finally:
        loader.dispose()
    for line, column, code, message in loader.issues:
        doc.problems.append(Problem(doc.path, line, column, code, message))
    if doc.ok and doc.problems:
        doc.ok = not any(p.severity is Severity.ERROR for p in doc.problems)


def _decode(raw: bytes, doc: Document) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with a byte-order mark (Notepad's "Unicode") is unambiguous: accept it.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            doc.problems.append(Problem(doc.path, 1, 1, "encoding", "is marked UTF-16 but is not valid UTF-16"))
            return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        doc.problems.append(
            Problem(
                doc.path,
                line,
                column,
                "encoding",
                f"is not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        doc.problems.append(Problem(doc.path, 1, 1, "encoding", "contains NUL bytes; save the file as UTF-8 text"))
        return None
    return text


def _yaml_problem(path: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    if isinstance(exc, ConstructorError):
        if "could not determine a constructor" in problem:
            tag = problem.split("tag", 1)[-1].strip().strip("'")
            return Problem(path, line, column, "yaml-tag", f"tag {tag} is not allowed; write plain values")
        code = "yaml-alias" if "alias" in problem or "merge" in problem else "yaml-value"
        if "not a real date" in problem:
            code = "invalid-date"
        return Problem(path, line, column, code, problem)
    return Problem(path, line, column, "yaml-syntax", _one_line(problem))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied)"
    if isinstance(exc, FileNotFoundError):
        return "does not exist (or is a broken link)"
    if isinstance(exc, RuntimeError):
        return "is a link loop"
    return f"cannot be read ({getattr(exc, 'strerror', None) or type(exc).__name__})"
