"""JSON Schemas from the models: shipped, up to date, and in agreement with `kh113 validate`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.validate.jsonschemas import KINDS, SCHEMA_DIR, file_name, schema_text

from .gitrepo import EXAMPLES

CASES = EXAMPLES / "schema"
VALID = sorted((CASES / "valid").glob("*.yaml"))
INVALID = sorted((CASES / "invalid").glob("*.yaml"))


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def validate_as_submission(tmp_path: Path, example: Path) -> int:
    root = tmp_path / "root"
    shutil.copytree(EXAMPLES / "valid" / "succession", root)
    (root / "submissions" / "2025").mkdir(parents=True)
    shutil.copy(example, root / "submissions" / "2025" / "so-y-te.yaml")
    return CliRunner().invoke(app, ["--root", str(root), "validate"], catch_exceptions=False).exit_code


@pytest.mark.parametrize("example", VALID + INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_check_jsonschema_agrees_with_validate(tmp_path, example):
    expected_ok = example.parent.name == "valid"
    by_schema = check_jsonschema(SCHEMA_DIR / "submission.schema.json", example)
    assert (by_schema.returncode == 0) is expected_ok, by_schema.stdout + by_schema.stderr
    assert (validate_as_submission(tmp_path, example) == 0) is expected_ok


def test_every_kind_is_shipped_and_up_to_date():
    for kind in KINDS:
        shipped = SCHEMA_DIR / file_name(kind)
        assert shipped.is_file(), f"{shipped} is missing: run `kh113 schema --output src/kh113/schemas`"
        assert shipped.read_text(encoding="utf-8") == schema_text(kind), (
            f"{shipped} is stale: run `kh113 schema --output src/kh113/schemas --force`"
        )


ROOTS = [EXAMPLES / "valid" / "minimal", EXAMPLES / "valid" / "succession", Path(__file__).parents[1]]


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_data_files_match_their_schemas(root):
    if not (root / "plan" / "plan.yaml").is_file():
        pytest.skip(f"no plan/ in {root}")
    groups = {
        "plan": [root / "plan" / "plan.yaml"],
        "groups": [root / "plan" / "groups.yaml"],
        "tasks": [root / "plan" / "tasks.yaml"],
        "agencies": [root / "plan" / "agencies.yaml"],
        "indicator": sorted((root / "indicators").glob("*.yaml")),
        "submission": sorted((root / "submissions").glob("*/*.yaml")),
    }
    for kind, files in groups.items():
        if files:
            done = check_jsonschema(SCHEMA_DIR / file_name(kind), *files)
            assert done.returncode == 0, done.stdout + done.stderr


def test_schema_command(tmp_path, cli_env):
    runner = CliRunner()
    out = tmp_path / "schemas"
    first = runner.invoke(app, ["schema", "--output", str(out)], catch_exceptions=False)
    assert first.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(file_name(k) for k in KINDS)
    again = runner.invoke(app, ["schema", "--output", str(out), "--lang", "en"], catch_exceptions=False)
    assert again.exit_code == 0 and "unchanged" in again.stdout
    (out / "plan.schema.json").write_text("{}", encoding="utf-8")
    refused = runner.invoke(app, ["schema", "--output", str(out)], catch_exceptions=False)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert (out / "plan.schema.json").read_text(encoding="utf-8") == "{}"
    forced = runner.invoke(app, ["schema", "--output", str(out), "--force"], catch_exceptions=False)
    assert forced.exit_code == 0 and (out / "plan.schema.json").read_text(encoding="utf-8") == schema_text("plan")
    printed = runner.invoke(app, ["schema"], catch_exceptions=False)
    assert sorted(json.loads(printed.stdout)) == sorted(KINDS)


def test_schemas_carry_the_model_descriptions():
    schema = json.loads(schema_text("submission"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert "must match the file name" in schema["properties"]["agency"]["description"]
