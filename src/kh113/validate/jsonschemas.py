"""JSON Schemas for every kind of file in a data root, generated from the Pydantic models (pure).

The repository ships them in ``src/kh113/schemas/`` (``kh113 schema --output src/kh113/schemas``
regenerates them; a test fails when they are stale). A data repository keeps its own copy in
``schemas/`` (``kh113 schema --output schemas``), so that editors with the YAML language server complete
and check a submission while agency staff type it: ``kh113 new`` writes the
``# yaml-language-server: $schema=`` line as a path relative to the new file (scaffold.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..models import AgencyRegistry, Indicator, Plan, Submission, TaskGroups, Tasks

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file kind -> (model, where such files live); the kinds are also the schema file names.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "plan": (Plan, "plan/plan.yaml"),
    "groups": (TaskGroups, "plan/groups.yaml"),
    "tasks": (Tasks, "plan/tasks.yaml"),
    "agencies": (AgencyRegistry, "plan/agencies.yaml"),
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


def schema_text(kind: str) -> str:
    # Stable text (sorted nowhere: Pydantic's order follows the model), so regenerating changes nothing.
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


# Where the package keeps its copy (the repository's src/kh113/schemas/ when installed from a clone).
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
