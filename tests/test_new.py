"""`kh113 new`: a pre-filled report that validates, is incomplete until filled, and never overwrites."""

from __future__ import annotations

import json
import os
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from kh113.cli import app

from .gitrepo import EXAMPLES


@pytest.fixture
def root(tmp_path, cli_env):
    target = tmp_path / "data"
    shutil.copytree(EXAMPLES / "valid" / "succession", target)
    return target


def invoke(root, *args):
    result = CliRunner().invoke(app, ["--root", str(root), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_new_writes_everything_owed(root):
    code, out, _ = invoke(root, "new", "so-y-te", "--year", "2025", "--lang", "en")
    assert code == 0
    assert out.strip() == "wrote submissions/2025/so-y-te.yaml"
    text = (root / "submissions/2025/so-y-te.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["agency"] == "so-y-te" and data["year"] == 2025 and data["submitted"] is None
    assert list(data["figures"]) == ["giuong-benh", "bac-si", "duoc-si"]
    assert all(f["value"] is None for f in data["figures"].values())
    assert list(data["tasks"]) == ["6.2", "6.4"]
    assert all(t["status"] is None for t in data["tasks"].values())
    # Name, unit and target as comments; task content as comments.
    assert "# Giường bệnh/vạn dân" in text and "Unit: per_10000. Target: ≥ 35 (2030)" in text
    assert "# 6.2. Trợ giúp xã hội" in text
    assert "bac-si-duoc-si (Bác sĩ, dược sĩ đại học/vạn dân) is computed by kh113 as bac-si + duoc-si" in text


def test_new_round_trips_through_validate_and_is_incomplete(root):
    assert invoke(root, "new", "so-noi-vu", "--year", "2025")[0] == 0
    code, _, err = invoke(root, "validate")
    assert code == 0, err
    code, out, _ = invoke(
        root, "check", "--year", "2025", "--as-of", "2025-10-01", "--agency", "so-noi-vu", "--format", "json"
    )
    payload = json.loads(out)
    assert code == 1
    assert sorted(p["code"] for p in payload["problems"]) == ["incomplete"] * 3 + ["not-counted", "not-in-git"]


def test_filled_in_report_passes(root):
    invoke(root, "new", "ubnd-cap-xa", "--year", "2025", "--lang", "en")
    path = root / "submissions/2025/ubnd-cap-xa.yaml"
    text = path.read_text(encoding="utf-8")
    assert (
        "# Ủy ban nhân dân các xã, phường lists no members: kh113 expects one report for all of them under this id."
        in text
    )
    text = text.replace("submitted:  #", "submitted: 2025-10-10  #").replace(
        "    status:  #", "    status: completed  #"
    )
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke(
        root, "check", "--year", "2025", "--as-of", "2025-10-20", "--agency", "ubnd-cap-xa", "--format", "json"
    )
    # Outside git the declared date is used, and the output says so (issue #10).
    assert (code, [p["code"] for p in json.loads(out)["problems"]]) == (0, ["not-in-git"])


@pytest.mark.usefixtures("english")
def test_second_new_refuses_and_leaves_the_file_untouched(root):
    assert invoke(root, "new", "so-y-te", "--year", "2025")[0] == 0
    path = root / "submissions/2025/so-y-te.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    code, out, err = invoke(root, "new", "so-y-te", "--year", "2025")
    assert code == 1
    assert "already exists" in err and out == ""
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(os.listdir(path.parent)) == ["so-y-te.yaml"]  # no temporary file left behind


@pytest.mark.usefixtures("english")
def test_new_refuses_when_a_yml_file_holds_the_report(root):
    (root / "submissions/2025").mkdir(parents=True)
    (root / "submissions/2025/so-y-te.yml").write_text("agency: so-y-te\nyear: 2025\n", encoding="utf-8")
    code, _, err = invoke(root, "new", "so-y-te", "--year", "2025")
    assert code == 1 and "so-y-te.yml already holds this report" in err
    assert sorted(os.listdir(root / "submissions/2025")) == ["so-y-te.yml"]


@pytest.mark.parametrize(
    "agency, message",
    [
        ("so-yte", "unknown agency (did you mean `so-y-te`?)"),
        (
            "so-ldtbxh",
            "kh113: Department of Labour, Invalids and Social Affairs owes no report for 2025 (dissolved on "
            "01/03/2025; its tasks passed to Department of Home Affairs (so-noi-vu), Department of Health (so-y-te)",
        ),
        ("so-tai-chinh", "owes no report for 2025 (it leads no task due that year and answers for no target"),
    ],
)
@pytest.mark.usefixtures("english")
def test_new_refuses_agencies_that_owe_nothing(root, agency, message):
    code, _, err = invoke(root, "new", agency, "--year", "2025")
    assert code == 2 and message in err
    assert not (root / "submissions/2025" / f"{agency}.yaml").exists()


def test_a_dissolved_agency_is_told_as_an_office_writes_it(root):
    # Fresh-clone review (issue #11): "so-ldtbxh: không phải báo cáo năm 2025; …" read oddly; an office writes
    # the agency's name and the registry's reason.
    code, _, err = invoke(root, "new", "so-ldtbxh", "--year", "2025")
    assert code == 2
    assert err.startswith(
        "kh113: Sở Lao động - Thương binh và Xã hội không phải nộp báo cáo năm 2025 (đã thôi hoạt động từ ngày "
        "01/03/2025; nhiệm vụ đã chuyển cho Sở Nội vụ (so-noi-vu), Sở Y tế (so-y-te)"
    )


def test_schema_line_points_at_the_shipped_schema(root):
    schemas = root / "src" / "kh113" / "schemas"
    schemas.mkdir(parents=True)
    (schemas / "submission.schema.json").write_text("{}", encoding="utf-8")
    invoke(root, "new", "so-y-te", "--year", "2025")
    first = (root / "submissions/2025/so-y-te.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../src/kh113/schemas/submission.schema.json"


def test_schema_line_points_at_the_schemas_of_the_data_root(root):
    # Review finding 20: the line is committed with the report, so it must work on every clone: a path
    # relative to the new file, to the schemas kept in the data root (`kh113 schema --output schemas`).
    code, _, _ = invoke(root, "schema", "--output", str(root / "schemas"))
    assert code == 0
    (root / "src" / "kh113" / "schemas").mkdir(parents=True)  # the data root's own copy wins over these
    (root / "src" / "kh113" / "schemas" / "submission.schema.json").write_text("{}", encoding="utf-8")
    code, _, err = invoke(root, "new", "so-y-te", "--year", "2025")
    assert (code, err) == (0, "")
    path = root / "submissions/2025/so-y-te.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/submission.schema.json"
    # The reference resolves from the file's folder, wherever the clone is.
    clone = root.parent / "clone"
    shutil.copytree(root, clone)
    reference = clone / "submissions/2025" / first.split("$schema=")[1]
    assert json.loads(reference.read_text(encoding="utf-8"))["title"].startswith("kh113 submission file")


def test_without_schemas_in_the_data_root_no_machine_path_is_written(root):
    # Never file:///home/someone/...: no line, and a hint on how to give editors the schema.
    code, out, err = invoke(root, "new", "so-y-te", "--year", "2025", "--lang", "en")
    assert code == 0 and out.strip() == "wrote submissions/2025/so-y-te.yaml"
    text = (root / "submissions/2025/so-y-te.yaml").read_text(encoding="utf-8")
    assert "$schema" not in text and "file://" not in text and str(root) not in text
    assert text.startswith("# Report of Sở Y tế for 2025")
    assert "run `kh113 schema --output schemas` in the data root once and commit the folder" in err
    code, _, err = invoke(root, "new", "so-noi-vu", "--year", "2025")
    assert "hãy chạy `kh113 schema --output schemas`" in err
