"""JSON Schemas for every kind of file in a data root, generated from the Pydantic models (and the root's ids).

The repository ships them in ``src/kh113/schemas/`` (``kh113 schema --generic --output src/kh113/schemas``
regenerates them; a test fails when they are stale). A data repository keeps its own copy in
``schemas/`` (``kh113 schema --output schemas``), so that editors with the YAML language server complete
and check a submission while agency staff type it: ``kh113 new`` writes the
``# yaml-language-server: $schema=`` line as a path relative to the new file (scaffold.py). Pure but for
:func:`stale_schemas`, which reads the root's schemas/ folder for `kh113 validate`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..messages import msg
from ..models import AgencyRegistry, Indicator, Plan, ReportSenders, Submission, TaskGroups, Tasks
from ..problems import Problem, Severity
from ..read.source import read_file_bytes
from .loading import Dataset

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file kind -> (model, where such files live); the kinds are also the schema file names.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "plan": (Plan, "plan/plan.yaml"),
    "groups": (TaskGroups, "plan/groups.yaml"),
    "tasks": (Tasks, "plan/tasks.yaml"),
    "agencies": (AgencyRegistry, "plan/agencies.yaml"),
    "report": (ReportSenders, "plan/report.yaml"),
    "indicator": (Indicator, "indicators/<id>.yaml"),
    "submission": (Submission, "submissions/<year>/<agency>.yaml"),
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind."""
    model, where = KINDS[kind]
    body = model.model_json_schema(mode="validation")
    return {
        "$schema": DIALECT,
        "title": f"kh113 {kind} file ({where})",
        **{k: v for k, v in body.items() if k != "title"},
    }


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def as_text(schema: dict[str, Any]) -> str:
    # Stable text (sorted nowhere: Pydantic's order follows the model), so regenerating changes nothing.
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_text(kind: str) -> str:
    return as_text(schema_for(kind))


# Where the package keeps its copy (the repository's src/kh113/schemas/ when installed from a clone).
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


# --------------------------------------------------------------------------------------------------
# Schemas for one data root (issue #11 item 3): what an editor can check while a clerk types a report.
# The packaged schemas above stay generic; these add the root's ids (with their Vietnamese names, shown
# by the YAML language server on completion and hover), closed key sets and bounds by unit, so that the
# editor rejects what `kh113 validate` rejects. What a schema cannot see is listed in docs/input-rules.md.

ROOT_SCHEMA_FOLDER = "schemas"

# The figure a unit takes: the bounds `kh113 validate` applies (crossref.value_problem).
_VALUE_BY_UNIT: dict[str, dict[str, Any]] = {
    "percent": {"type": "number", "minimum": 0, "maximum": 100},
    "per_10000": {"type": "number", "minimum": 0},
    "count": {"type": "integer", "minimum": 0},
    "people_per_year": {"type": "integer", "minimum": 0},
    "boolean": {"type": "boolean"},
}
_UNIT_WORDS = {
    "percent": "phần trăm, từ 0 đến 100 (99.5, không viết 0.995)",
    "per_10000": "trên 10.000 dân, số không âm",
    "count": "số nguyên không âm (40000, không viết 40.000)",
    "people_per_year": "số người mỗi năm, số nguyên không âm (40000, không viết 40.000)",
    "boolean": "chỉ tiêu mốc: true (đã đạt) hoặc false (chưa đạt)",
}


def _described(ids_names: dict[str, str]) -> dict[str, Any]:
    """``enum`` with the descriptions VS Code's YAML extension shows beside each value."""
    ids = sorted(ids_names)
    names = [ids_names[i] for i in ids]
    return {"enum": ids, "enumDescriptions": names, "markdownEnumDescriptions": names}


def _figure_def(generic: dict[str, Any], unit: str | None) -> dict[str, Any]:
    figure = json.loads(json.dumps(generic))
    if unit is not None:
        value = figure["properties"]["value"]
        value.pop("anyOf")
        value["anyOf"] = [_VALUE_BY_UNIT[unit], {"type": "null"}]
        value["description"] = f"{value['description']} Đơn vị: {_UNIT_WORDS[unit]}."
    return figure


def _known(data: Dataset) -> dict[str, dict[str, str]]:
    """id -> Vietnamese name of every agency, indicator and task group the root defines (as crossref counts
    them: ids of entries whose file failed validation are known too, named by their id)."""

    def named(kinds: tuple[str, ...], found: dict[str, str]) -> dict[str, str]:
        for kind in kinds:
            found |= {i: i for i in data.invalid_ids.get(kind, set()) if i not in found}
        return found

    agencies = {i: a.name for i, a in data.agencies.items()} | {i: c.name for i, c in data.collectives.items()}
    return {
        "agency": named(("agency", "collective"), agencies),
        "indicator": named(("indicator",), {i: ind.name for i, ind in data.indicators.items()}),
        "task": named(("task",), {i: t.content for i, t in data.tasks.items()}),
    }


def _groups(data: Dataset) -> dict[str, Any] | None:
    """The task groups as an enum; None when the root has none (crossref then checks no group either)."""
    if not data.groups:
        return None
    numbers = sorted(set(data.groups) | {int(g) for g in data.invalid_ids.get("group", set()) if str(g).isdigit()})
    names = [data.groups[n].title if n in data.groups else str(n) for n in numbers]
    return {"enum": numbers, "enumDescriptions": names, "markdownEnumDescriptions": names}


def root_schema_for(kind: str, data: Dataset) -> dict[str, Any]:
    """The JSON Schema of one file kind for the data root ``data`` was read from.

    References become enums of the root's ids (agencies, indicators, tasks, task groups); a submission's
    figures and tasks are keyed by the root's ids, closed to others, with the bounds of each indicator's unit,
    and its year is within the plan period. Plan, groups and agencies files define the ids: generic.
    """
    schema = schema_for(kind)
    known = _known(data)
    groups = _groups(data)
    if kind == "tasks":
        task = schema["$defs"]["Task"]["properties"]
        task["lead"]["items"] |= _described(known["agency"])
        task["partners"]["items"] |= _described(known["agency"])
        task["indicators"]["items"] |= _described(known["indicator"])
        if groups is not None:
            task["group"] |= groups
    elif kind == "indicator":
        props = schema["properties"]
        props["responsible"]["items"] |= _described(known["agency"])
        props["sum_of"]["items"] |= _described(known["indicator"])
        props["part_of"]["anyOf"][0] |= _described(known["indicator"])
        if groups is not None:
            props["group"]["anyOf"][0] |= groups
    elif kind == "report":
        schema["$defs"]["Sender"]["properties"]["agency"] |= _described(known["agency"])
    elif kind == "submission":
        _submission_schema(schema, data, known)
    return schema


def _submission_schema(schema: dict[str, Any], data: Dataset, known: dict[str, dict[str, str]]) -> None:
    props = schema["properties"]
    defs = schema["$defs"]
    generic_figure = defs.pop("Figure")
    props["agency"] |= _described(known["agency"])
    if data.plan is not None:
        props["year"]["minimum"], props["year"]["maximum"] = data.plan.period
    figures: dict[str, Any] = {}
    for ident, name in sorted(known["indicator"].items()):
        indicator = data.indicators.get(ident)
        unit = indicator.unit if indicator is not None else None
        def_name = f"Figure_{unit or 'any'}"
        defs.setdefault(def_name, _figure_def(generic_figure, unit))
        figures[ident] = {"$ref": f"#/$defs/{def_name}", "description": name}
    tasks = {
        ident: {"$ref": "#/$defs/TaskProgress", "description": name} for ident, name in sorted(known["task"].items())
    }
    for key, closed in (("figures", figures), ("tasks", tasks)):
        props[key] = {
            "description": props[key]["description"],
            "title": props[key]["title"],
            "type": "object",
            "properties": closed,
            "additionalProperties": False,
        }


def root_schema_text(kind: str, data: Dataset) -> str:
    return as_text(root_schema_for(kind, data))


def stale_schemas(data: Dataset) -> list[Problem]:
    """One warning when schemas/ in the data root is not what `kh113 schema` writes for it now (plan/,
    indicators/ or kh113 changed since): an editor would then accept or refuse what `kh113 validate` does not.
    One warning for the folder (one mistake, one message), placed at its first stale file, naming them all."""
    folder = data.root / ROOT_SCHEMA_FOLDER
    if not folder.is_dir() or data.plan is None:
        return []
    stale: list[str] = []
    refused: list[Problem] = []
    for kind in KINDS:
        relpath = f"{ROOT_SCHEMA_FOLDER}/{file_name(kind)}"
        if not os.path.lexists(data.root / relpath):
            continue
        # Read as a data file is (a pull request brings these too): a link out of the root is never read, not
        # even to answer "is it current?"; a pipe, a folder or a huge file is said so, not compared.
        raw, problems = read_file_bytes(data.root, relpath, data.real_root)
        if raw is None:
            refused.extend(problems)
            continue
        try:
            current = raw.decode("utf-8") == root_schema_text(kind, data)
        except UnicodeDecodeError:
            current = False
        if not current:
            stale.append(file_name(kind))
    if not stale:
        return refused
    message = msg(
        "{files} in {folder}/ no longer match what `kh113 schema` writes for this data root (plan/, indicators/ "
        "or kh113 changed), so editors check reports against old ids and rules; run "
        "`kh113 schema --output {folder} --force` and commit the folder",
        files=", ".join(stale),
        folder=ROOT_SCHEMA_FOLDER,
    )
    where = f"{ROOT_SCHEMA_FOLDER}/{stale[0]}"
    return [*refused, Problem(where, 1, 1, "stale-schema", message, Severity.WARNING)]  # type: ignore[arg-type]
