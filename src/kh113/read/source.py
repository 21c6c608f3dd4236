"""Read one YAML file safely into plain data, keeping a way back to line and column.

Fast path (issues #7 and #17): a file without anchors is built into plain data straight from libyaml's
events (``CSafeLoader``; the pure-Python loader only where libyaml is absent), with no node tree
(:meth:`_Loader.data_from_events`); anything unusual in it is read again by the careful constructor, which
finds and words every problem as before. Positions are not kept for valid files: only when a problem must
be reported does :meth:`Document.locate` compose the file again with marks.

What is refused here, whatever the file kind (issue #6): anything but a regular file inside the data
root, undecodable bytes, files over the size or node limit, aliases (billion laughs), duplicate keys,
more than one document, tags other than the YAML core ones, and YAML 1.1 surprises (``no``/``on`` as
booleans, ``010`` as octal, ``1_000``, ``.nan``). Numbers that may be Vietnamese thousands (``40.000``)
are marked so the checks that know the unit can ask. Nothing in a file is ever executed: only the
constructors registered below exist.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path
from sys import intern
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..messages import Message, msg
from ..problems import DataError, Problem, Severity, shown
from .syntax import syntax_problem

MAX_BYTES = 2 * 1024 * 1024  # a yearly report is a few KB; 2 MB is far beyond any honest file
# The largest real file (plan/tasks.yaml) holds a few thousand values. The node limit bounds the memory
# and time a hostile file can cost (2 MB of `[1,1,1,…]` would be a million nodes, ~300 MB composed).
MAX_NODES = 50_000
# A YAML value needs about a character at the least (`{a,b,…}` is the densest), so a shorter text cannot
# hold many more than MAX_NODES: only longer texts pay for counting (issue #7), before anything is built.
_COUNT_ABOVE_CHARS = MAX_NODES
# kh113 files nest five levels at most (plan.yaml: reporting → rules → item → exceptions → year);
# a fixed limit keeps hostile nesting from exhausting Python's stack here or in later steps.
MAX_DEPTH = 32

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]


class ThousandsFloat(float):
    """A float whose source text looks like Vietnamese thousands (``40.000``): 40.0 or 40000?"""

    text: str
    line: int
    column: int


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
# Decimal digits after a leading zero (`010`, `-007`): meant as a plain number, read by YAML 1.1 as octal.
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
# Digits, a point, digits: a float to YAML 1.1 (its float pattern, tried before the int one, matches it).
# ASCII digits only: `٣` (an Arabic-Indic three) is text to YAML, never a number.
_DECIMAL = re.compile(r"[-+]?[0-9]+\.[0-9]+")
_ASCII_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_TRUE_FALSE = {"true", "false", "True", "False", "TRUE", "FALSE"}
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_BOOL_TAG = "tag:yaml.org,2002:bool"


# The first characters of PyYAML's implicit resolvers (`yYnN…` booleans, digits, `~`, `<`, `=`, …); with none
# registered for every character (the None key), a plain scalar starting otherwise is text.
_IMPLICIT_FIRST: frozenset[str | None] = frozenset(getattr(_BaseLoader, "yaml_implicit_resolvers"))  # noqa: B009
_STARTS_PLAIN_TEXT = None not in _IMPLICIT_FIRST


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses what kh113 files never need and records what it cannot decide."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.issues: list[tuple[int, int, str, str | Message]] = []
        self.depth = 0
        self.count = 0  # values built from events so far (data_from_events: the MAX_NODES bound)
        self.plain_text = _plain_text(stream)

    # Plain scalar text -> the tag YAML's implicit rules give it. Keys and many values repeat across
    # thousands of files ("value", "source", status words), and PyYAML tries its regular expressions
    # on every node; bounded so that a hostile file cannot grow it without end.
    _resolved: dict[str, str] = {}
    _RESOLVED_MAX = 10_000

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # For this loader (no path resolvers) PyYAML's answer depends on the kind, and for a plain
        # scalar on its text alone; quoted scalars are text.
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR_TAG
            tag = self._resolved.get(value)
            if tag is None:
                # No implicit rule of YAML 1.1 starts with this character (`Kế hoạch…`, `Báo cáo…`): text,
                # as PyYAML's resolver would find after looking up the same table.
                if value and _STARTS_PLAIN_TEXT and value[0] not in _IMPLICIT_FIRST:
                    return _STR_TAG
                # Figures are mostly unique texts (`45.3`): the two plainest number forms are resolved here,
                # as YAML 1.1 resolves them, and kept out of the table so that it holds the texts that repeat.
                if _DECIMAL.fullmatch(value):
                    return _FLOAT_TAG
                if _ASCII_INT.fullmatch(value):
                    return _INT_TAG
                tag = super().resolve(kind, value, implicit)
                if len(self._resolved) < self._RESOLVED_MAX:
                    self._resolved[value] = tag
            return tag
        if kind is MappingNode:
            return _MAP_TAG
        return _SEQ_TAG if kind is SequenceNode else super().resolve(kind, value, implicit)

    def get_single_data(self) -> Any:
        """The careful way: compose the node tree, then construct it with every check (issue #6)."""
        node = self.get_single_node()
        return None if node is None else self.construct_document(node)

    def data_from_events(self) -> Any:
        """Plain data straight from libyaml's events, no node tree (issue #17: a plan file of thousands of
        agencies composed as nodes cost four times its data at its peak).

        One Python call per value, against PyYAML's several (alias bookkeeping, generators, deep
        construction), and the node count of :func:`_count_nodes` kept as it goes. Whatever is not plain (a
        duplicate key, too deep, a key that is a list, a tag without a constructor, a merge key, a syntax
        error) raises, and the caller reads the text again the careful way, which reports it; scalars other
        than text and plain numbers go through the same checking constructors.
        """
        get = self.get_event
        get()  # the stream's start
        if get().__class__ is StreamEndEvent:
            return None  # nothing but comments
        value = self._from_event(get(), 0)
        get()  # the document's end
        if get().__class__ is not StreamEndEvent:
            raise _NotPlain  # a second document
        return value

    def _from_event(self, event: Any, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooManyNodes(event.start_mark)
        kind = event.__class__
        if kind is AliasEvent or event.anchor is not None:
            raise _NotPlain  # an anchor or alias: the careful way refuses it, where it is written
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolve(ScalarNode, event.value, event.implicit)
            value = event.value
            if tag == _STR_TAG:
                return value if self.plain_text or value.isascii() else unicodedata.normalize("NFC", value)
            if tag == _FLOAT_TAG:
                if _DECIMAL.fullmatch(value) and not _THOUSANDS.match(value):
                    return float(value)
            elif tag == _INT_TAG and _ASCII_INT.fullmatch(value):
                return int(value)
            constructor = self.yaml_constructors.get(tag)
            if constructor is None:
                raise _NotPlain
            return constructor(self, ScalarNode(tag, value, event.start_mark, event.end_mark, event.style))
        depth += 1
        if depth > MAX_DEPTH:
            raise _NotPlain
        get, build = self.get_event, self._from_event
        if kind is SequenceStartEvent and event.tag in (None, "!", _SEQ_TAG):
            items = []
            while (item := get()).__class__ is not SequenceEndEvent:
                built = build(item, depth)
                # Short text in a list is mostly ids (`responsible`, `lead`: 2,858 agencies name each other
                # tens of thousands of times, issue #17): one string per id, not one per mention.
                items.append(intern(built) if built.__class__ is str and len(built) <= _SHARED_TEXT else built)
            return items
        if kind is MappingStartEvent and event.tag in (None, "!", _MAP_TAG):
            mapping: dict[Any, Any] = {}
            while (key_event := get()).__class__ is not MappingEndEvent:
                key = build(key_event, depth)
                if key.__class__ is str and len(key) <= _SHARED_TEXT:
                    key = intern(key)  # keys repeat in every file (`value`, `source`, indicator ids)
                value = build(get(), depth)
                if key in mapping:
                    raise _NotPlain  # a duplicate key
                mapping[key] = value
            return mapping
        raise _NotPlain  # an explicit tag of the wrong kind (`!!str [a]`)

    def _issue(self, node: Node, code: str, message: str | Message) -> None:
        self.issues.append((node.start_mark.line + 1, node.start_mark.column + 1, code, message))

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # The same node constructed twice means an alias (*name): refuse it, which also defuses
        # "billion laughs" documents whose expansion would explode in later processing.
        # (An alias to a node still being built is caught by PyYAML as a "recursive node".)
        if node in self.constructed_objects:
            raise ConstructorError(
                None, None, "anchors and aliases (&name, *name) are not allowed in kh113 files", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def _nest(self, node: Node) -> None:
        # Mappings and sequences are constructed recursively (see the registrations below): counting
        # here, not per scalar, keeps the cost off the fast path (issue #7).
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(node)

    def construct_sequence(self, node: Node, deep: bool = False) -> list[Any]:
        self._nest(node)
        items = super().construct_sequence(node, deep=deep)
        self.depth -= 1
        return items

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, msg("expected a mapping here"), node.start_mark)  # type: ignore[arg-type]
        self._nest(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ConstructorError(None, None, _NO_ALIASES, key_node.start_mark)  # type: ignore[arg-type]
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    None,
                    None,
                    msg("a key must be plain text, not a list or mapping"),  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
                    key_node.start_mark,  # type: ignore[arg-type]
                ) from None
            if key in mapping:
                raise _DuplicateKey(key, key_node, node)
            mapping[key] = self.construct_object(value_node, deep=deep)
        self.depth -= 1
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
                msg(
                    "`{written}` is read as {value} (a YAML 1.1 boolean); write {value}, or put the text in quotes",
                    written=shown(node.value),
                    value=str(value).lower(),
                ),
            )
        return value

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = super().construct_yaml_int(node)
        if _LEADING_ZERO.match(node.value):
            # `010` is octal 8 to YAML 1.1 (and 10 to YAML 1.2 editors): the clerk meant ten (issue #11 item 4).
            self._issue(
                node,
                "ambiguous-number",
                msg(
                    "`{written}` is read as {value} (a leading zero makes it octal in YAML 1.1); "
                    "write {meant} without the leading zero",
                    written=shown(node.value),
                    value=shown(value),
                    meant=str(int(node.value)),
                ),
            )
        elif not _ASCII_INT.fullmatch(node.value):
            self._issue(
                node,
                "ambiguous-number",
                msg(
                    "`{written}` is read as {value} (YAML 1.1 octal, hex, underscore or base-60 notation); write "
                    "the number in plain digits, e.g. {value}, or put text in quotes",
                    written=shown(node.value),
                    value=shown(value),
                ),
            )
        return value

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise ConstructorError(
                None,
                None,
                msg("`{written}` is not a real date", written=shown(node.value)),  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
                node.start_mark,  # type: ignore[arg-type]
            ) from None

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            self._issue(
                node, "not-finite", msg("`{written}` is not a finite number; write a figure", written=shown(node.value))
            )
            return value
        if "_" in node.value or ":" in node.value:
            self._issue(
                node,
                "ambiguous-number",
                msg(
                    "`{written}` is read as {value}; write the number in plain digits with a decimal point",
                    written=shown(node.value),
                    value=f"{value:g}",
                ),
            )
        if _THOUSANDS.match(node.value):
            marked = ThousandsFloat(value)
            marked.text = node.value
            marked.line = node.start_mark.line + 1
            marked.column = node.start_mark.column + 1
            return marked
        return value


def _plain_text(text: str) -> bool | None:
    """Whether the fast path may build ``text``'s data (None: only the careful way), and whether its text is NFC.

    The events show every anchor and alias, so any text may be tried. Without ``\\`` no escape can make a
    scalar differ from the text, so when the whole text is NFC (the usual case: one test per file) every
    scalar is too.
    """
    return "\\" not in text and unicodedata.is_normalized("NFC", text)


_SHARED_TEXT = 40  # text this short in a key or a list item is interned (ids, names of fields)


class _NotPlain(Exception):
    """The fast path met something the careful constructor must handle (and maybe report)."""


class _DuplicateKey(Exception):
    def __init__(self, key: Any, node: Node, mapping: MappingNode) -> None:
        super().__init__(key)
        self.key = key
        self.node = node
        self.mapping = mapping


class _TooDeep(Exception):
    def __init__(self, node: Node) -> None:
        super().__init__(node)
        self.node = node


class _TooManyNodes(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__(mark)
        self.mark = mark


for _tag, _method in (
    ("tag:yaml.org,2002:str", _Loader.construct_yaml_str),
    ("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool),
    ("tag:yaml.org,2002:int", _Loader.construct_yaml_int),
    ("tag:yaml.org,2002:float", _Loader.construct_yaml_float),
    ("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp),
):
    _Loader.add_constructor(_tag, _method)
# Plain functions, not PyYAML's generators: construction recurses, so depth is counted and bounded.
_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
_Loader.add_constructor("tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node))
# Core tags kh113 never uses; refusing them keeps "!!binary" or "!!set" from sneaking in odd types.
for _tag in ("tag:yaml.org,2002:binary", "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"):
    _Loader.yaml_constructors.pop(_tag, None)  # falls back to the "undefined tag" error


class Document:
    """One YAML file: its path relative to the root, its text, the plain data, and problems found reading it.

    Issue #17 item 1: a command that streams the reports :meth:`release` s each one once it is checked, so
    that 20,000 reports do not keep 20,000 texts and node trees. A released document keeps a digest of its
    bytes; a position asked for later (a finding of `check`) reads the file again, and a file that changed in
    between is an error (``file-changed``, a :class:`DataError`), never a position in some other text.
    """

    __slots__ = (
        "path",
        "_text",
        "data",
        "problems",
        "ok",
        "_root_node",
        "_composed",
        "_keys",
        "_source",
        "_digest",
        "_released",
    )

    def __init__(
        self,
        path: str,
        text: str = "",
        data: Any = None,
        problems: list[Problem] | None = None,
        ok: bool = False,
    ) -> None:
        self.path = path
        self._text = text
        self.data = data
        self.problems: list[Problem] = problems if problems is not None else []
        self.ok = ok  # parsed into data (the data may still be of the wrong shape)
        self._root_node: Node | None = None
        self._composed = False
        # id(mapping node) -> its keys; built on first use so that a file with thousands of problems is
        # located in linear time, not quadratic (issue #6: bounded time).
        self._keys: dict[int, dict[Any, tuple[Node, Node]]] | None = None
        # Read from a file: the root it was read under and the digest of its bytes, to read it again after
        # ``release``.
        self._source: FileSource | None = None
        self._digest = b""
        self._released = False

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, ok={self.ok!r}, problems={len(self.problems)})"

    @property
    def text(self) -> str:
        if self._released:
            assert self._source is not None
            return self._source.text(self.path, self._digest)
        return self._text

    @property
    def released(self) -> bool:
        return self._released

    def read_from(self, raw: bytes) -> bool:
        """Whether ``raw`` are the very bytes this document was read from (a file's; never a text in memory)."""
        return self._source is not None and _digest(raw) == self._digest

    def release(self) -> None:
        """Drop the text, the data and the node tree (issue #17 item 1); positions read the file again.

        Only a document read from a file can be released (a text held in memory has nowhere to be read
        again from): for the others this does nothing.
        """
        if self._source is None:
            return
        self._released = True
        self._text = ""
        self.data = None
        self._root_node = None
        self._composed = False
        self._keys = None

    def problem(
        self, loc: Loc, code: str, message: str | Message, severity: Severity = Severity.ERROR, *, key: bool = False
    ) -> Problem:
        """A problem positioned at the node reached by ``loc`` (or its nearest existing ancestor)."""
        line, column = self.locate(loc, key=key)
        # Problem takes a Message too (problems.py keeps it for wording per language; issue #13 types it).
        return Problem(self.path, line, column, code, message, severity)  # type: ignore[arg-type]

    def node_at(self, loc: Loc, *, key: bool = False) -> tuple[Node | None, int]:
        """The node at ``loc`` (or at the nearest ancestor that exists) and how many steps were followed."""
        node = self._compose()
        if node is None:
            return None, 0
        steps = 0
        for part in loc:
            found = self.child(node, part, key=key and steps == len(loc) - 1)
            if found is None:
                break
            node = found
            steps += 1
        return node, steps

    def child(self, node: Node, part: str | int, *, key: bool = False) -> Node | None:
        """The value (or with ``key``, the key) under ``part`` of a mapping, or item ``part`` of a sequence."""
        if isinstance(node, MappingNode):
            pair = self._pair(node, part)
            return None if pair is None else pair[0] if key else pair[1]
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return node.value[part]
        return None

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

    def _pair(self, mapping: MappingNode, part: str | int) -> tuple[Node, Node] | None:
        if self._released:
            assert self._source is not None
            indexes = self._source.indexes  # of the tree _compose just returned
        else:
            if self._keys is None:
                self._keys = {}
            indexes = self._keys
        index = indexes.get(id(mapping))
        if index is None:
            index = indexes[id(mapping)] = _key_index(mapping)
        found = index.get(part) if isinstance(part, str) else None
        if found is None:
            # A key that YAML read as a number (6.10 → 6.1) is found by its value.
            number = _as_number(part)
            found = index.get(number) if number is not None else None
        return found

    def _compose(self) -> Node | None:
        if self._released:
            # Released (streamed): the source keeps the last file composed, so that positions asked of many
            # reports do not bring every node tree back into memory, and a run of them asked of one file
            # (each missing item of a report) reads and composes it once.
            assert self._source is not None
            return self._source.composed(self.path, self._digest)
        if not self._composed:
            self._composed = True
            self._root_node = _composed(self.text)
        return self._root_node


def _composed(text: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):  # a multi-document file: positions from its start
        return None


class FileSource:
    """The root documents were read under (one per run: the loader passes its own to :func:`read_document`):
    where a released document's text is read again from. It keeps the last file it composed again, with the
    key indexes of that tree."""

    __slots__ = ("root", "real_root", "_last", "indexes", "folders")

    def __init__(self, root: Path, real_root: Path | None) -> None:
        self.root = root
        self.real_root = real_root
        self.folders: dict[str, Path] = {}  # the folders resolved so far (``_read_bytes``)
        self._last: tuple[str, bytes, Node | None] | None = None
        self.indexes: dict[int, dict[Any, tuple[Node, Node]]] = {}

    def text(self, relpath: str, digest: bytes) -> str:
        """The file's text, if its bytes still have ``digest``; else the ``file-changed`` error."""
        probe = Document(path=relpath)
        raw = _read_bytes(self.root, relpath, probe, self.real_root, self.folders)
        text = _decode(raw, probe) if raw is not None and _digest(raw) == digest else None
        if text is None:
            # Fail closed (issue #17 item 1): a position in another text would point at the wrong line.
            said = msg("changed while kh113 was reading it (or can no longer be read); run kh113 again")
            problem = Problem(relpath, 1, 1, "file-changed", said)  # type: ignore[arg-type]
            raise DataError(msg("a file changed while kh113 was reading the data root"), [problem])
        return text

    def composed(self, relpath: str, digest: bytes) -> Node | None:
        """The node tree of the file with these bytes: the one kept, or read and composed again. The kept one
        is not checked against the file again: it was composed from the bytes that were judged (digest), so
        its positions are those of what was validated even if the file changed since."""
        last = self._last
        if last is not None and last[0] == relpath and last[1] == digest:
            return last[2]
        self._last = None
        self.indexes = {}
        node = _composed(self.text(relpath, digest))
        self._last = (relpath, digest, node)
        return node


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _key_index(mapping: MappingNode) -> dict[Any, tuple[Node, Node]]:
    """The keys of ``mapping`` as Pydantic names them in error locations: text, NFC text, number, None."""
    index: dict[Any, tuple[Node, Node]] = {}
    for key_node, value_node in mapping.value:
        if not isinstance(key_node, ScalarNode):
            continue
        pair = (key_node, value_node)
        text = key_node.value
        index.setdefault(text, pair)
        index.setdefault(unicodedata.normalize("NFC", text), pair)
        if key_node.tag == _NULL_TAG:
            index.setdefault("None", pair)
        elif key_node.tag == _BOOL_TAG:  # Pydantic names a true/false key 1/0
            index.setdefault(float(text.lower() in ("true", "yes", "on", "y")), pair)
        number = _as_number(text)
        if number is not None:
            index.setdefault(number, pair)
    return index


def _as_number(part: str | int) -> float | None:
    try:
        number = float(part)
    except (TypeError, ValueError):
        return None
    return number if number == number else None


# --------------------------------------------------------------------------------------------------
# Reading a file


def read_document(
    root: Path, relpath: str, *, real_root: Path | None = None, source: FileSource | None = None
) -> Document:
    """Read and parse ``root/relpath``; every failure becomes a problem on the returned document.

    ``real_root``: ``root`` with its links resolved, when the caller has it (issue #7: once per run).
    ``source``: the run's :class:`FileSource` for ``root``, shared by its documents (else one of its own).
    """
    doc = Document(path=relpath)
    raw = _read_bytes(root, relpath, doc, real_root, source.folders if source is not None else None)
    if raw is None:
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    doc._text = text
    doc._source = source if source is not None else FileSource(root, real_root)
    doc._digest = _digest(raw)
    parse_into(doc)
    return doc


def decode(relpath: str, raw: bytes) -> str | None:
    """The text of ``raw`` as kh113 reads a file on disk (UTF-8, with or without BOM, or UTF-16 with a BOM),
    or None for an encoding kh113 refuses. Earlier revisions from git are decoded the same way (issue #10,
    attack review hole 1): a revision is judged as the file would have been judged then."""
    return _decode(raw, Document(path=relpath))


def read_file_bytes(root: Path, relpath: str, real_root: Path | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file of the root that is not YAML data (``schemas/``), read with a data file's guards:
    inside the root (a link out of it is never read), a regular file, at most ``MAX_BYTES``. Else None, and
    the problem that says why."""
    probe = Document(path=relpath)
    return _read_bytes(root, relpath, probe, real_root), probe.problems


def _read_bytes(
    root: Path, relpath: str, doc: Document, real_root: Path | None, folders: dict[str, Path] | None = None
) -> bytes | None:
    """The file's bytes, if it is a regular file inside the root and not too large; else a problem.

    ``folders``: the folders already resolved in this run (relative path -> real path), so that 20,000 reports
    in seven folders resolve seven folders, not 20,000 chains of links (issue #17).
    """
    try:
        resolved, status = _resolved(root, relpath, folders)
        root_resolved = real_root if real_root is not None else root.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        doc.problems.append(Problem(relpath, 1, 1, "file-unreadable", _os_reason(exc)))  # type: ignore[arg-type]
        return None
    if not resolved.is_relative_to(root_resolved):
        # Never read it: a pull request must not be able to make CI print files outside the data root.
        doc.problems.append(
            Problem(relpath, 1, 1, "outside-root", msg("is a link to a file outside the data root; it was not read"))  # type: ignore[arg-type]
        )
        return None
    try:
        # Check before opening: opening a pipe would wait forever, opening a device may do anything.
        if not _is_regular(doc, (status or resolved.stat()).st_mode):
            return None
        # O_NOFOLLOW and fstat close the window in which the checked path could be swapped for a link.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(_open(resolved, flags), "rb") as handle:
            status = os.fstat(handle.fileno())
            if not _is_regular(doc, status.st_mode):
                return None
            # As many bytes as the file has, and one more: asking for MAX_BYTES each time made every read
            # allocate and give back 2 MB (a third of `validate`'s time on 20,000 reports, issue #17).
            wanted = min(status.st_size, MAX_BYTES) + 1
            raw = handle.read(wanted)
            if len(raw) == wanted <= MAX_BYTES:  # longer than fstat said (it grew): on to the limit
                raw += handle.read(MAX_BYTES + 1 - wanted)
    except OSError as exc:
        doc.problems.append(Problem(relpath, 1, 1, "file-unreadable", _os_reason(exc)))  # type: ignore[arg-type]
        return None
    if len(raw) > MAX_BYTES:
        doc.problems.append(
            Problem(
                relpath,
                1,
                1,
                "file-too-large",
                msg("is larger than {size} MB; not read", size=MAX_BYTES // (1024 * 1024)),  # type: ignore[arg-type]
            )
        )
        return None
    return raw


_open = os.open  # one seam for tests that simulate an unreadable file (tests run as root)


def _resolved(root: Path, relpath: str, folders: dict[str, Path] | None) -> tuple[Path, os.stat_result | None]:
    """``root/relpath`` with every link resolved (``Path.resolve(strict=True)``), and the file's own status
    when it is not a link. A file that is not a link resolves to its folder's real path and its name: the
    folder is resolved once per run (``folders``), the file is looked at with one ``lstat``."""
    folder, _, name = relpath.rpartition("/")
    if folders is None or name in ("", ".", ".."):
        return (root / relpath).resolve(strict=True), None
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = (root / folder).resolve(strict=True)
    candidate = real_folder / name
    status = os.lstat(candidate)
    if stat.S_ISLNK(status.st_mode):
        return candidate.resolve(strict=True), None
    return candidate, status


def _is_regular(doc: Document, mode: int) -> bool:
    if stat.S_ISREG(mode):
        return True
    said = (
        msg("is a directory where a YAML file is expected; not read")
        if stat.S_ISDIR(mode)
        else msg("is not a regular file (a pipe, socket or device) where a YAML file is expected; not read")
    )
    doc.problems.append(Problem(doc.path, 1, 1, "not-a-file", said))  # type: ignore[arg-type]
    return False


def parse_text(relpath: str, text: str) -> Document:
    """Parse text already in memory (tests, stdin)."""
    doc = Document(path=relpath, text=text)
    parse_into(doc)
    return doc


def parse_into(doc: Document) -> None:
    loader = _Loader(doc.text)
    try:
        if loader.plain_text is not None:
            try:
                doc.data = loader.data_from_events()
                doc.ok = True
            except _TooManyNodes:
                raise
            except Exception:  # anything at all: read again the way that decides, and words it, as before
                loader.dispose()
                loader = _Loader(doc.text)
                loader.plain_text = None
        if not doc.ok:
            if len(doc.text) > _COUNT_ABOVE_CHARS:
                _count_nodes(doc.text)
            doc.data = loader.get_single_data()
            doc.ok = True
    except _DuplicateKey as dup:
        doc.problems.append(_duplicate_problem(doc.path, dup))
    except _TooManyNodes as many:
        doc.problems.append(
            Problem(
                doc.path,
                many.mark.line + 1,
                many.mark.column + 1,
                "too-many-values",
                msg("holds more than {count} values; a kh113 file is far smaller, so it was not read", count=MAX_NODES),  # type: ignore[arg-type]
            )
        )
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_yaml_problem(doc, exc))
    except yaml.reader.ReaderError as exc:
        line, column = _position(doc.text, exc.position)
        doc.problems.append(
            Problem(
                doc.path,
                line,
                column,
                "yaml-syntax",
                msg(
                    "character U+{code} (a control character) is not allowed in YAML; remove it",
                    code=f"{exc.character:04X}",
                ),  # type: ignore[arg-type]
            )
        )
    except yaml.YAMLError:
        doc.problems.append(Problem(doc.path, 1, 1, "yaml-syntax", _UNREADABLE))  # type: ignore[arg-type]
    except _TooDeep as deep:
        mark = deep.node.start_mark
        doc.problems.append(Problem(doc.path, mark.line + 1, mark.column + 1, "too-deep", _TOO_DEEP))  # type: ignore[arg-type]
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops nesting long before Python's limit
        doc.problems.append(Problem(doc.path, 1, 1, "too-deep", _TOO_DEEP))  # type: ignore[arg-type]
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor refusing a value PyYAML let through
        doc.problems.append(
            Problem(doc.path, 1, 1, "yaml-value", msg("a value cannot be read: {detail}", detail=_one_line(str(exc))))  # type: ignore[arg-type]
        )
    finally:
        loader.dispose()
    for line, column, code, message in loader.issues:
        doc.problems.append(Problem(doc.path, line, column, code, message))  # type: ignore[arg-type]
    _refuse_bidi(doc)
    if doc.ok and doc.problems:
        doc.ok = not any(p.severity is Severity.ERROR for p in doc.problems)


# Issue #10 item 8: bidirectional controls (U+202A-U+202E, U+2066-U+2069) can make a report display
# something other than what it holds ("Trojan Source"), in a value or a comment alike: refused where written.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
MAX_BIDI_PROBLEMS = 10


def _refuse_bidi(doc: Document) -> None:
    for i, match in enumerate(_BIDI.finditer(doc.text)):
        if i == MAX_BIDI_PROBLEMS:
            break
        line, column = _position(doc.text, match.start())
        doc.problems.append(
            Problem(
                doc.path,
                line,
                column,
                "bidi-control",
                msg(
                    "character U+{code} (a bidirectional control) can make the text display other than it is "
                    "written; remove it",
                    code=f"{ord(match.group()):04X}",
                ),  # type: ignore[arg-type]
            )
        )


def _count_nodes(text: str) -> None:
    """Raise :class:`_TooManyNodes` at the first node past :data:`MAX_NODES`; syntax is left to the parser."""
    count = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent)):
                count += 1
                if count > MAX_NODES:
                    raise _TooManyNodes(event.start_mark)
    except yaml.YAMLError:
        return  # reported, with its position, by the real parse


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _first_alias(text: str) -> Any:
    """Where the first alias (``*name``) or merge key is written: the composed tree no longer knows."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            merge_key = isinstance(event, ScalarEvent) and event.value == "<<" and event.implicit[0]
            if isinstance(event, AliasEvent) or merge_key:
                return event.start_mark
    except yaml.YAMLError:
        pass
    return None


def _duplicate_problem(path: str, dup: _DuplicateKey) -> Problem:
    mark = dup.node.start_mark
    first = next(
        (k for k, _ in dup.mapping.value if isinstance(k, ScalarNode) and k is not dup.node and _same_key(k, dup.node)),
        None,
    )
    said = (
        msg(
            "key `{key}` appears twice in this mapping (first at line {line}); YAML would silently keep only the last",
            key=shown(dup.key),
            line=first.start_mark.line + 1,
        )
        if first is not None
        else msg(
            "key `{key}` appears twice in this mapping; YAML would silently keep only the last", key=shown(dup.key)
        )
    )
    return Problem(path, mark.line + 1, mark.column + 1, "duplicate-key", said)  # type: ignore[arg-type]


def _same_key(a: ScalarNode, b: Node) -> bool:
    return isinstance(b, ScalarNode) and unicodedata.normalize("NFC", a.value) == unicodedata.normalize("NFC", b.value)


# --------------------------------------------------------------------------------------------------
# Encodings


def _decode(raw: bytes, doc: Document) -> str | None:
    if raw.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        doc.problems.append(Problem(doc.path, 1, 1, "encoding", msg("is UTF-32; save the file as UTF-8")))  # type: ignore[arg-type]
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # UTF-8 with a byte-order mark (Notepad, Excel): unambiguous, accepted
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with a byte-order mark (Notepad's "Unicode") is unambiguous: accept it.
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            doc.problems.append(
                Problem(doc.path, 1, 1, "encoding", msg("is marked UTF-16 but is not valid UTF-16"))  # type: ignore[arg-type]
            )
            return None
        return _without_nul(text, doc)
    if b"\x00" in raw:
        doc.problems.append(Problem(doc.path, 1, 1, "encoding", _nul_reason(raw)))  # type: ignore[arg-type]
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        doc.problems.append(
            Problem(
                doc.path,
                line,
                column,
                "encoding",
                msg(
                    "is not UTF-8 (byte 0x{byte}); save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)",
                    byte=f"{raw[exc.start]:02x}",
                ),  # type: ignore[arg-type]
            )
        )
        return None
    return text


def _without_nul(text: str, doc: Document) -> str | None:
    if "\x00" in text:
        doc.problems.append(
            Problem(doc.path, 1, 1, "encoding", msg("contains NUL characters; save the file as UTF-8 text"))  # type: ignore[arg-type]
        )
        return None
    return text


def _nul_reason(raw: bytes) -> Message:
    # ASCII saved as UTF-16 without a byte-order mark has every other byte zero.
    head = raw[:200]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if max(odd, even) > len(head) // 4 and min(odd, even) == 0:
        return msg("looks like UTF-16 without a byte-order mark; save the file as UTF-8")
    return msg("contains NUL bytes (not a text file?); save the file as UTF-8 text")


# --------------------------------------------------------------------------------------------------
# Messages


_TOO_DEEP = msg("is nested more than {depth} levels deep; kh113 files need only a few", depth=MAX_DEPTH)
_NO_ALIASES = msg(
    "anchors and aliases (&name, *name) and merge keys (<<) are not allowed in kh113 files; write each value out"
)
_UNREADABLE = msg("invalid YAML: check the quotes, brackets and indentation of this line and the one above")
_DATE_ID = "`{written}` is not a real date"


def _yaml_problem(doc: Document, exc: yaml.MarkedYAMLError) -> Problem:
    """One problem for an error the YAML reader raised, worded once (issue #13 item 5).

    Syntax errors are worded by :mod:`.syntax`, positioned where the fix goes; the rest (tags, aliases,
    several documents, dates) here. libyaml's own words never reach a user.
    """
    path = doc.path
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    said = exc.problem
    if isinstance(said, Message):  # raised by this module's constructor, already worded
        if said is _NO_ALIASES:
            return Problem(path, *_alias_position(doc, line, column), "yaml-alias", said)  # type: ignore[arg-type]
        code = "invalid-date" if said.id == _DATE_ID else "yaml-value"
        return Problem(path, line, column, code, said)  # type: ignore[arg-type]
    problem = said or exc.context or ""
    if isinstance(exc, ConstructorError):
        if "could not determine a constructor" in problem:
            tag = problem.split("tag", 1)[-1].strip().strip("'").replace("tag:yaml.org,2002:", "!!")
            said = msg("tag {tag} is not allowed (it is never run); write plain values", tag=shown(tag))  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
            return Problem(path, line, column, "yaml-tag", said)  # type: ignore[arg-type]
        if "recursive" in problem or "alias" in problem:
            return Problem(path, *_alias_position(doc, line, column), "yaml-alias", _NO_ALIASES)  # type: ignore[arg-type]
        said = msg("a value cannot be read: {detail}", detail=_one_line(problem))  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
        return Problem(path, line, column, "yaml-value", said)  # type: ignore[arg-type]
    if "expected a single document" in (exc.context or "") or "another document" in problem:
        said = msg(  # type: ignore[arg-type,assignment]  # a Message is worded per language (messages.py)
            "a second YAML document starts here (after `---`); a kh113 file holds exactly one: "
            "remove the extra `---` or split the file"
        )
        return Problem(path, line, column, "multiple-documents", said)  # type: ignore[arg-type]
    if "maximum nesting depth" in problem:
        return Problem(path, line, column, "too-deep", _TOO_DEEP)  # type: ignore[arg-type]
    if "undefined alias" in problem:
        return Problem(path, line, column, "yaml-alias", _NO_ALIASES)  # type: ignore[arg-type]
    worded = syntax_problem(path, doc.text)
    return worded if worded is not None else Problem(path, line, column, "yaml-syntax", _UNREADABLE)  # type: ignore[arg-type]


def _alias_position(doc: Document, line: int, column: int) -> tuple[int, int]:
    alias = _first_alias(doc.text)
    return (alias.line + 1, alias.column + 1) if alias is not None else (line, column)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _os_reason(exc: BaseException) -> Message:
    if isinstance(exc, PermissionError):
        return msg("cannot be read (permission denied)")
    if isinstance(exc, FileNotFoundError):
        return msg("does not exist (or is a broken link)")
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return msg("is a link loop (or a link that changed while it was read)")
    return msg("cannot be read ({reason})", reason=getattr(exc, "strerror", None) or type(exc).__name__)
