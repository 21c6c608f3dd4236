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
        assert shipped.is_file(), f"{shipped} is missing: run `kh113 schema --generic --output src/kh113/schemas`"
        assert shipped.read_text(encoding="utf-8") == schema_text(kind), (
            f"{shipped} is stale: run `kh113 schema --generic --output src/kh113/schemas --force`"
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
    first = runner.invoke(app, ["schema", "--generic", "--output", str(out)], catch_exceptions=False)
    assert first.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(file_name(k) for k in KINDS)
    again = runner.invoke(app, ["schema", "--generic", "--output", str(out), "--lang", "en"], catch_exceptions=False)
    assert again.exit_code == 0 and "unchanged" in again.stdout
    (out / "plan.schema.json").write_text("{}", encoding="utf-8")
    refused = runner.invoke(app, ["schema", "--generic", "--output", str(out)], catch_exceptions=False)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert (out / "plan.schema.json").read_text(encoding="utf-8") == "{}"
    forced = runner.invoke(app, ["schema", "--generic", "--output", str(out), "--force"], catch_exceptions=False)
    assert forced.exit_code == 0 and (out / "plan.schema.json").read_text(encoding="utf-8") == schema_text("plan")
    printed = runner.invoke(app, ["schema", "--generic"], catch_exceptions=False)
    assert sorted(json.loads(printed.stdout)) == sorted(KINDS)


def test_schemas_carry_the_model_descriptions():
    schema = json.loads(schema_text("submission"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert "must match the file name" in schema["properties"]["agency"]["description"]


def test_root_schemas_name_the_roots_ids_and_bound_each_unit(tmp_path, cli_env):
    root = tmp_path / "root"
    shutil.copytree(EXAMPLES / "valid" / "minimal", root)
    done = CliRunner().invoke(app, ["--root", str(root), "schema", "--output", str(root / "schemas")])
    assert done.exit_code == 0, done.output
    schema = json.loads((root / "schemas" / "submission.schema.json").read_text(encoding="utf-8"))
    agency = schema["properties"]["agency"]
    assert agency["enum"] == ["cac-so", "so-a", "so-b", "so-c"]
    assert agency["markdownEnumDescriptions"][agency["enum"].index("so-b")] == "Sở B"
    figures = schema["properties"]["figures"]
    assert figures["additionalProperties"] is False and sorted(figures["properties"]) == ["giuong-benh", "xoa-nha-tam"]
    milestone = schema["$defs"][figures["properties"]["xoa-nha-tam"]["$ref"].split("/")[-1]]
    assert {"type": "boolean"} in milestone["properties"]["value"]["anyOf"]
    tasks = schema["properties"]["tasks"]
    assert tasks["additionalProperties"] is False and "6.10" in tasks["properties"]
    assert (schema["properties"]["year"]["minimum"], schema["properties"]["year"]["maximum"]) == (2024, 2030)
    lead = json.loads((root / "schemas" / "tasks.schema.json").read_text())["$defs"]["Task"]["properties"]["lead"]
    assert "so-b" in lead["items"]["enum"]


def test_validate_warns_when_the_roots_schemas_are_stale(tmp_path, cli_env):
    root = tmp_path / "root"
    shutil.copytree(EXAMPLES / "valid" / "minimal", root)
    runner = CliRunner()
    assert runner.invoke(app, ["--root", str(root), "schema", "--output", str(root / "schemas")]).exit_code == 0
    fresh = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"], catch_exceptions=False)
    assert fresh.exit_code == 0 and "stale-schema" not in fresh.output
    indicator = root / "indicators" / "giuong-benh.yaml"
    indicator.write_text(indicator.read_text(encoding="utf-8").replace("name: ", "name: Số ", 1), encoding="utf-8")
    stale = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"], catch_exceptions=False)
    assert stale.exit_code == 0, stale.output
    lines = [line for line in stale.stdout.splitlines() if "stale-schema" in line]
    assert lines == [
        "schemas/tasks.schema.json:1:1: stale-schema: warning: tasks.schema.json, indicator.schema.json, "
        "submission.schema.json in "
        "schemas/ no longer match what `kh113 schema` writes for this data root (plan/, indicators/ or kh113 "
        "changed), so editors check reports against old ids and rules; run `kh113 schema --output schemas --force` "
        "and commit the folder"
    ]
    assert runner.invoke(app, ["--root", str(root), "validate", "--strict"]).exit_code == 1


def test_only_validate_compares_the_roots_schemas(tmp_path, cli_env, monkeypatch):
    """Generating the schemas to compare costs status a third of its start-up (issue #17): the commands that
    compute from the data neither generate them nor warn; validate, which CI and pre-commit run, does."""
    import kh113.validate.jsonschemas as jsonschemas

    root = tmp_path / "root"
    shutil.copytree(EXAMPLES / "valid" / "minimal", root)
    runner = CliRunner()
    assert runner.invoke(app, ["--root", str(root), "schema", "--output", str(root / "schemas")]).exit_code == 0
    (root / "schemas" / "tasks.schema.json").write_text("{}\n", encoding="utf-8")
    generated: list[str] = []
    real = jsonschemas.root_schema_text

    def counted(kind, data):
        generated.append(kind)
        return real(kind, data)

    monkeypatch.setattr(jsonschemas, "root_schema_text", counted)
    for argv in (["status", "--year", "2025"], ["check", "--year", "2025", "--as-of", "2026-03-01"]):
        done = runner.invoke(app, ["--root", str(root), *argv, "--lang", "en"], catch_exceptions=False)
        assert "stale-schema" not in done.output, done.output
        assert generated == [], argv
    done = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"], catch_exceptions=False)
    assert "stale-schema" in done.output and "tasks" in generated


def test_a_schema_that_links_out_of_the_root_is_never_read(tmp_path, cli_env):
    """schemas/ comes in pull requests too: a link out of the root must not even answer "is it current?"."""
    root = tmp_path / "root"
    shutil.copytree(EXAMPLES / "valid" / "minimal", root)
    runner = CliRunner()
    assert runner.invoke(app, ["--root", str(root), "schema", "--output", str(root / "schemas")]).exit_code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.move(root / "schemas" / "submission.schema.json", outside / "submission.schema.json")
    (root / "schemas" / "submission.schema.json").symlink_to(outside / "submission.schema.json")
    done = runner.invoke(app, ["--root", str(root), "validate", "--lang", "en"], catch_exceptions=False)
    assert done.exit_code == 1
    assert (
        "schemas/submission.schema.json:1:1: outside-root: is a link to a file outside the data root; it was not read"
        in (done.stdout)
    )
    assert "stale-schema" not in done.stdout  # the other files are current; the link is not compared at all
