"""The editor agrees with CI (issue #11 item 3): check-jsonschema, given the schemas `kh113 schema` writes for a
data root, accepts no file that `kh113 validate` rejects, except the short list of checks a schema cannot make
(docs/input-rules.md, "What the editor cannot see"), and rejects no file that `kh113 validate` accepts.

Every valid and invalid example and the hostile figure cases are run; check-jsonschema runs once per schema
(it reads YAML 1.2, as the YAML language server in VS Code does), kh113 once per case.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.validate.jsonschemas import KINDS, file_name, root_schema_text
from kh113.validate.loading import load

from .gitrepo import EXAMPLES
from .test_hostile_cli import COUNT, HOSTILE_SNIPPETS, PERCENT

HEAD = "agency: so-b\nyear: 2025\n"

# Submissions for the minimal root with a percentage (ty-le-bhyt) and a count (viec-lam) added.
SUBMISSIONS: dict[str, str] = {
    "valid-draft": "figures:\n  ty-le-bhyt: {value: null}\n",
    "valid-unavailable": "figures:\n  ty-le-bhyt: {unavailable: chưa có điều tra}\n",
    "valid-count": "figures:\n  viec-lam: {value: 40000}\n",
    "valid-milestone": "figures:\n  xoa-nha-tam: {value: false}\n",
    "valid-task": "tasks:\n  '6.10': {status: completed, products: [Kế hoạch]}\n",
    "capital-letters-in-id": "figures:\n  Ty-Le-Bhyt: {value: 95}\n",
    "underscore-in-id": "figures:\n  ty_le_bhyt: {value: 95}\n",
    "unknown-indicator": "figures:\n  giuong-benhh: {value: 30}\n",
    "unknown-task": "tasks:\n  '6.99': {status: completed}\n",
    "unquoted-task-6.10": "tasks:\n  6.10: {status: completed}\n",
    "unquoted-task-6.4": "tasks:\n  6.4: {status: completed}\n",
    "percent-150": "figures:\n  ty-le-bhyt: {value: 150}\n",
    "percent-negative": "figures:\n  ty-le-bhyt: {value: -3}\n",
    "true-for-a-number": "figures:\n  ty-le-bhyt: {value: true}\n",
    "yes-for-a-number": "figures:\n  ty-le-bhyt: {value: yes}\n",
    "nan": "figures:\n  ty-le-bhyt: {value: .nan}\n",
    "inf": "figures:\n  ty-le-bhyt: {value: .inf}\n",
    "count-inf": "figures:\n  viec-lam: {value: .inf}\n",
    "count-nan": "figures:\n  viec-lam: {value: .nan}\n",
    "underscore-digits": "figures:\n  viec-lam: {value: 1_000}\n",
    "leading-zero-010": "figures:\n  ty-le-bhyt: {value: 010}\n",
    "leading-zero-08": "figures:\n  ty-le-bhyt: {value: 08}\n",
    "hex": "figures:\n  ty-le-bhyt: {value: 0x1F}\n",
    "octal-0o": "figures:\n  ty-le-bhyt: {value: 0o17}\n",
    "base-60": "figures:\n  viec-lam: {value: 1:30}\n",
    "quoted-number": "figures:\n  ty-le-bhyt: {value: '99.5'}\n",
    "decimal-comma-quoted": 'figures:\n  ty-le-bhyt: {value: "99,5"}\n',
    "decimal-comma-unquoted": "figures:\n  ty-le-bhyt: {value: 99,5}\n",
    "dot-thousands-count": "figures:\n  viec-lam: {value: 40.000}\n",
    "count-negative": "figures:\n  viec-lam: {value: -5}\n",
    "count-fraction": "figures:\n  viec-lam: {value: 12.5}\n",
    "milestone-number": "figures:\n  xoa-nha-tam: {value: 1}\n",
    "milestone-quoted-true": "figures:\n  xoa-nha-tam: {value: 'true'}\n",
    "date-for-a-number": "figures:\n  ty-le-bhyt: {value: 2025-10-20}\n",
    "date-for-a-note": "figures:\n  ty-le-bhyt: {value: 95, note: 2025-10-20}\n",
    "value-and-reason": "figures:\n  ty-le-bhyt: {value: 95, unavailable: chưa có}\n",
    "neither-value-nor-reason": "figures:\n  ty-le-bhyt: {source: Sở}\n",
    "no-in-a-text": "difficulties: [no]\n",
    "on-for-a-boolean": "synthetic: on\n",
    "alias": "difficulties: [&a Thiếu kinh phí, *a]\n",
    "duplicate-key": "figures:\n  ty-le-bhyt: {value: 1}\n  ty-le-bhyt: {value: 2}\n",
    "bad-status": "tasks:\n  '6.4': {status: done}\n",
    "empty-product": "tasks:\n  '6.4': {status: completed, products: ['']}\n",
    "dmy-date": "submitted: 20/10/2025\n",
    "impossible-date": "submitted: 2025-02-30\n",
    "year-outside-plan": "agency: so-b\nyear: 2031\n",
    "unknown-agency": "agency: so-bb\nyear: 2025\n",
    "agency-of-another-file": "agency: so-a\nyear: 2025\n",
    "year-of-another-folder": "agency: so-b\nyear: 2024\n",
    **{f"snippet-{i:02d}": f"figures:\n  ty-le-bhyt: {{value: {s}}}\n" for i, s in enumerate(HOSTILE_SNIPPETS)},
}

# What a schema cannot see, each named in docs/input-rules.md ("What the editor cannot see"): files the editor
# shows clean and `kh113 validate` rejects. Keep this list short and true: the test fails when it is not exact.
SCHEMA_BLIND = {
    # YAML 1.1 (PyYAML, kh113) and YAML 1.2 (the editor, check-jsonschema) read these differently.
    "leading-zero-010": "YAML 1.2 reads 10, YAML 1.1 octal 8",
    "snippet-32": "010 (as above)",
    "leading-zero-08": "YAML 1.2 reads 8, YAML 1.1 text",
    "hex": "YAML 1.2 reads 0x1F as 31; kh113 refuses hex",
    "snippet-33": "0x1F (as above)",
    "octal-0o": "YAML 1.2 reads 0o17 as 15; kh113 refuses octal",
    "underscore-digits": "the editor reads 1_000 as 1000; kh113 refuses digit underscores",
    "no-in-a-text": "YAML 1.2 reads no as text; kh113 refuses the YAML 1.1 boolean",
    "date-for-a-note": "the editor turns an unquoted date into text; kh113 asks for quotes",
    "unquoted-task-6.4": 'the editor turns the number key 6.4 into the text "6.4"; kh113 asks for quotes',
    "alias": "aliases are refused by kh113 (billion laughs), expanded by the editor",
    # What JSON Schema cannot say about a number.
    "nan": ".nan passes every bound in JSON Schema",
    "snippet-30": ".nan (as above)",
    "dot-thousands-count": "40.000 is the number 40 to both; only kh113 knows a count has no thousands dots",
    "example-count-thousands/submissions/2025/so-b.yaml": "40.000 (as above)",
    # Cross-file and cross-entry checks: the schema of one file cannot see its path, nor compare entries.
    "agency-of-another-file": "`agency` must match the file name",
    "example-misplaced/submissions/2025/so-a.yaml": "`agency` must match the file name",
    "year-of-another-folder": "`year` must match the folder name",
    "example-misplaced/submissions/2025/so-b.yaml": "`year` must match the folder name",
    "example-many-files/plan/groups.yaml": "ids unique within a file (a group listed twice)",
}


def _check_jsonschema(schema: Path, files: list[Path]) -> set[str]:
    """Names of ``files`` that check-jsonschema accepts."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    refused = {e["filename"] for e in report.get("errors", []) + report.get("parse_errors", [])}
    return {str(f) for f in files} - refused


def _rejected_by_validate(root: Path) -> set[str]:
    """Files (relative to ``root``) with an error from `kh113 validate --format json`."""
    result = CliRunner().invoke(app, ["--root", str(root), "validate", "--format", "json", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    problems = json.loads(result.stdout)["problems"]
    return {p["file"] for p in problems if p["severity"] == "error"}


def _write_schemas(root: Path, into: Path) -> None:
    data = load(root, submissions=False)
    into.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (into / file_name(kind)).write_text(root_schema_text(kind, data), encoding="utf-8")


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bool, bool]]:
    """case -> (accepted by the schema, accepted by kh113 validate)."""
    work = tmp_path_factory.mktemp("agreement")
    base = work / "base"
    shutil.copytree(EXAMPLES / "valid" / "minimal", base)
    (base / "indicators" / "ty-le-bhyt.yaml").write_text(PERCENT, encoding="utf-8")
    (base / "indicators" / "viec-lam.yaml").write_text(COUNT, encoding="utf-8")
    schemas = work / "schemas"
    _write_schemas(base, schemas)
    out: dict[str, tuple[bool, bool]] = {}

    cases = work / "cases"
    cases.mkdir()
    paths = {}
    for name, body in SUBMISSIONS.items():
        text = body if body.startswith("agency:") else HEAD + body
        paths[name] = cases / f"{name}.yaml"
        paths[name].write_bytes(text.encode("utf-8"))
    accepted = _check_jsonschema(schemas / "submission.schema.json", list(paths.values()))
    for name, path in paths.items():
        root = work / "roots" / name
        shutil.copytree(base, root)
        shutil.copy(path, root / "submissions" / "2025" / "so-b.yaml")
        out[name] = (str(path) in accepted, "submissions/2025/so-b.yaml" not in _rejected_by_validate(root))

    # tests/examples/schema: single submissions for the succession root (agency so-y-te).
    succession = work / "succession"
    shutil.copytree(EXAMPLES / "valid" / "succession", succession)
    _write_schemas(succession, succession / "schemas")
    examples = sorted((EXAMPLES / "schema").glob("*/*.yaml"))
    accepted = _check_jsonschema(succession / "schemas" / "submission.schema.json", examples)
    for example in examples:
        root = work / "roots" / f"schema-{example.parent.name}-{example.stem}"
        shutil.copytree(succession, root)
        (root / "submissions" / "2025").mkdir(parents=True, exist_ok=True)
        shutil.copy(example, root / "submissions" / "2025" / "so-y-te.yaml")
        ok = "submissions/2025/so-y-te.yaml" not in _rejected_by_validate(root)
        out[f"schema/{example.parent.name}/{example.stem}"] = (str(example) in accepted, ok)

    # tests/examples/valid and invalid: whole roots; each file is checked with the schema of its kind, made
    # for the root it is in (as `kh113 schema` would write it there).
    overlays = [(p, None) for p in sorted((EXAMPLES / "valid").iterdir())]
    overlays += [(EXAMPLES / "valid" / "minimal", p) for p in sorted((EXAMPLES / "invalid").iterdir())]
    for base_root, overlay in overlays:
        root = work / "roots" / f"example-{(overlay or base_root).name}"
        shutil.copytree(base_root, root)
        if overlay is not None:
            shutil.copytree(overlay, root, dirs_exist_ok=True)
            (root / "expected.txt").unlink()
        _write_schemas(root, work / "schemas-of" / root.name)
        rejected = _rejected_by_validate(root)
        by_kind: dict[str, list[Path]] = {}
        for path in sorted(root.glob("*/**/*.y*ml")):
            by_kind.setdefault(_kind_of(path.relative_to(root).as_posix()), []).append(path)
        for kind, files in by_kind.items():
            accepted = _check_jsonschema(work / "schemas-of" / root.name / file_name(kind), files)
            for path in files:
                rel = path.relative_to(root).as_posix()
                out[f"{root.name}/{rel}"] = (str(path) in accepted, rel not in rejected)
    return out


def _kind_of(rel: str) -> str:
    if rel.startswith("indicators/"):
        return "indicator"
    if rel.startswith("submissions/"):
        return "submission"
    return Path(rel).stem.split(".")[0]


def test_the_schema_accepts_nothing_validate_rejects_but_the_documented_list(verdicts):
    blind = {case for case, (by_schema, by_kh113) in verdicts.items() if by_schema and not by_kh113}
    assert blind == set(SCHEMA_BLIND), (
        f"accepted by the schema, rejected by kh113: {sorted(blind - set(SCHEMA_BLIND))}; "
        f"listed but now caught: {sorted(set(SCHEMA_BLIND) - blind)}"
    )


def test_the_schema_rejects_nothing_validate_accepts(verdicts):
    stricter = sorted(case for case, (by_schema, by_kh113) in verdicts.items() if by_kh113 and not by_schema)
    assert stricter == []


def test_the_cases_cover_both_verdicts(verdicts):
    assert sum(ok for _, ok in verdicts.values()) >= 10
    assert sum(not ok for _, ok in verdicts.values()) >= 60


def test_the_documented_list_is_in_input_rules():
    rules = (Path(__file__).parents[1] / "docs" / "input-rules.md").read_text(encoding="utf-8")
    assert "What the editor cannot see" in rules
    for case, why in SCHEMA_BLIND.items():
        if "(as above)" not in why and not case.startswith("example-"):
            assert f"`{case}`" in rules, f"docs/input-rules.md does not list {case}"
