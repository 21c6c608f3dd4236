"""The text of a new, empty submission: everything an agency owes for a year, ready to fill in (pure).

``kh113 new`` writes it (issue #4, item 4). Every owed figure is there with an empty ``value`` and its
indicator's name, unit and target as a comment; every owed task with an empty ``status`` and its content,
product and timeline as a comment. Empty values are allowed drafts, so the file validates and
``kh113 check`` reports it as ``incomplete`` until it is filled.

Only ids and numbers are written as YAML values; everything taken from the plan goes into comments, with
whitespace folded, so no wording in the plan can change what the file means.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

from .expected import Expectations, Obligation, OwedFigure, expected_path
from .jsonschemas import SCHEMA_DIR
from .loading import Dataset
from .models import Indicator

Translate = Callable[[str], str]
SCHEMA_FILE = "submission.schema.json"
WIDTH = 110

# The statuses of models.TaskStatus, as a hint beside each empty status.
STATUS_HINT = "not_started | in_progress | completed | delayed | not_applicable"
COMPARATOR_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def new_submission(data: Dataset, exp: Expectations, ob: Obligation, _: Translate) -> tuple[str, str]:
    """Where ``ob``'s report goes (relative to the data root) and its text."""
    assert data.plan is not None
    relpath = expected_path(ob.agency, exp.year)
    schema = schema_reference(data.root, data.root / relpath, SCHEMA_DIR)
    return relpath, submission_text(ob, data.plan.number, schema, _)


def schema_reference(root: Path, target: Path, packaged: Path) -> str:
    """What the ``$schema=`` line points at, as seen from the file ``target``.

    In this repository the schemas ship in ``src/kh113/schemas/``: a relative path, which works on every
    clone. A data root without them gets the schema of the installed kh113 (an absolute path that works
    on the machine that ran ``kh113 new``).
    """
    shipped = root / "src" / "kh113" / "schemas" / SCHEMA_FILE
    if shipped.is_file():
        return Path(os.path.relpath(shipped, target.parent)).as_posix()
    return (packaged / SCHEMA_FILE).resolve().as_uri()


def submission_text(ob: Obligation, plan_number: str, schema: str, _: Translate) -> str:
    """The YAML text of ``ob``'s empty report."""
    due = ob.due.strftime("%d/%m/%Y")
    lines = [
        f"# yaml-language-server: $schema={schema}",
        *_comment(
            _("Report of {name} for {year} on plan {plan}, due before {due}.").format(
                name=ob.name, year=ob.year, plan=plan_number, due=due
            )
        ),
        *_comment(
            _(
                "Fill in every empty `value:` and `status:`, then run `kh113 validate` and "
                "`kh113 check --year {year}`, and send the file by pull request."
            ).format(year=ob.year)
        ),
    ]
    if ob.open_collective:
        lines += _comment(
            _("{name} lists no members: kh113 expects one report for all of them under this id.").format(name=ob.name)
        )
    lines += [
        f"agency: {ob.agency}",
        f"year: {ob.year}",
        "submitted:  # " + _("date the report is sent, YYYY-MM-DD"),
    ]
    lines.append("figures:" if ob.figures else "figures: {}")
    for owed in ob.figures.values():
        lines += _figure(owed, _)
    for owed in ob.optional_figures.values():
        parts = " + ".join(owed.indicator.sum_of)
        lines += _comment(
            _("{id} ({name}) is computed by kh113 as {parts}; you may leave it out.").format(
                id=owed.indicator.id, name=owed.indicator.name, parts=parts
            ),
            indent="  ",
        )
    lines.append("tasks:" if ob.tasks else "tasks: {}")
    for owed_task in ob.tasks.values():
        task = owed_task.task
        lines += _comment(f"{task.id}. {task.content}", indent="  ")
        lines += _comment(
            _("Product: {product}. Timeline: {schedule}.").format(product=task.product, schedule=task.schedule.text),
            indent="  ",
        )
        lines += [
            f'  "{task.id}":',
            f"    status:  # {STATUS_HINT}",
            "    products: []",
            "    note:",
        ]
    lines += ["difficulties: []", "proposals: []"]
    return "\n".join(lines) + "\n"


def _figure(owed: OwedFigure, _: Translate) -> list[str]:
    ind = owed.indicator
    lines = _comment(ind.name, indent="  ")
    lines += _comment(
        _("Unit: {unit}. Target: {target}.").format(unit=_(ind.unit), target=target_text(ind)), indent="  "
    )
    value_hint = "  # true / false" if ind.kind == "milestone" else ""
    return lines + [f"  {ind.id}:", f"    value:{value_hint}", "    source:", "    note:"]


def target_text(ind: Indicator) -> str:
    if ind.kind == "milestone":
        return f"{ind.target.text} ({ind.target.year})"
    value = ind.target.value
    return f"{COMPARATOR_TEXT[ind.target.comparator]} {value:g} ({ind.target.year}): {ind.target.text}"


def _comment(text: str, indent: str = "") -> list[str]:
    folded = " ".join(text.split())
    wrapped = textwrap.wrap(folded, width=WIDTH - len(indent) - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{indent}# {line}" for line in wrapped] or [f"{indent}#"]
