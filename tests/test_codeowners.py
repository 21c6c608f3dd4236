"""`kh113 codeowners`: CODEOWNERS from the optional team of each agency (teams only in test fixtures)."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from kh113.cli import app

from .gitrepo import EXAMPLES

SUCCESSION = EXAMPLES / "valid" / "succession"


def invoke(*args):
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_one_pattern_per_agency_with_a_team(cli_env):
    code, out, _ = invoke("--root", str(SUCCESSION), "codeowners", "--default-owner", "@kh113-test/analysts")
    assert code == 0
    lines = [line for line in out.splitlines() if line and not line.startswith("#")]
    # Issue #10 item 7: the plan, indicators, templates, schemas and workflows belong to the consolidating
    # agency (Sở Nội vụ since 1/3/2025), and so does the open collective's report.
    assert lines == [
        "* @kh113-test/analysts",
        "/plan/ @kh113-test/so-noi-vu",
        "/indicators/ @kh113-test/so-noi-vu",
        "/templates/ @kh113-test/so-noi-vu",
        "/schemas/ @kh113-test/so-noi-vu",
        "/.github/ @kh113-test/so-noi-vu",
        "/src/ @kh113-test/so-noi-vu",
        "/pyproject.toml @kh113-test/so-noi-vu",
        "/.ci/ @kh113-test/so-noi-vu",
        "/.gitattributes @kh113-test/so-noi-vu",
        "/.gitmodules @kh113-test/so-noi-vu",
        "/.pre-commit-* @kh113-test/so-noi-vu",
        "/submissions/*/so-ldtbxh.yaml @kh113-test/so-ldtbxh",
        "/submissions/*/so-ldtbxh.yml @kh113-test/so-ldtbxh",
        "/submissions/*/so-noi-vu.yaml @kh113-test/so-noi-vu",
        "/submissions/*/so-noi-vu.yml @kh113-test/so-noi-vu",
        "/submissions/*/so-y-te.yaml @kh113-test/so-y-te",
        "/submissions/*/so-y-te.yml @kh113-test/so-y-te",
        "/submissions/*/ubnd-cap-xa.yaml @kh113-test/so-noi-vu",
        "/submissions/*/ubnd-cap-xa.yml @kh113-test/so-noi-vu",
    ]


def test_no_team_no_line(cli_env):
    code, out, _ = invoke("--root", str(EXAMPLES / "valid" / "minimal"), "codeowners")
    assert code == 0
    assert all(line.startswith("#") or not line for line in out.splitlines())


def test_write_and_refuse_to_clobber(tmp_path, cli_env):
    target = tmp_path / ".github" / "CODEOWNERS"
    assert invoke("--root", str(SUCCESSION), "codeowners", "--output", str(target))[0] == 0
    first = target.read_text(encoding="utf-8")
    assert "/submissions/*/so-y-te.yaml @kh113-test/so-y-te" in first
    code, _, err = invoke("--root", str(SUCCESSION), "codeowners", "--output", str(target), "--default-owner", "@x/y")
    assert code == 1 and "--force" in err
    assert target.read_text(encoding="utf-8") == first


def test_a_team_that_would_corrupt_the_file(tmp_path, cli_env):
    root = tmp_path / "root"
    shutil.copytree(SUCCESSION, root)
    path = root / "plan" / "agencies.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"@kh113-test/so-y-te"', '"@kh113-test/so y te"'), encoding="utf-8"
    )
    code, out, err = invoke("--root", str(root), "codeowners")
    assert code == 1 and out == ""
    assert "plan/agencies.yaml:12:" in err and "invalid-value" in err


@pytest.mark.usefixtures("english")
def test_bad_default_owner(cli_env):
    code, _, err = invoke("--root", str(SUCCESSION), "codeowners", "--default-owner", "analysts")
    assert code == 2 and "not a GitHub owner" in err
