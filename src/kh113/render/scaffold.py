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

from ..compute.expected import Expectations, Obligation, OwedFigure, expected_path
from ..i18n import N_
from ..models import COMPARATOR_TEXT, Indicator
from ..validate.loading import Dataset

Translate = Callable[[str], str]
SCHEMA_FILE = "submission.schema.json"
# Where a data root keeps its JSON Schemas, first match wins (docs/submissions.md, "Editor support").
SCHEMA_FOLDERS = ("schemas", "src/kh113/schemas")
NO_SCHEMA = N_(
    "the data root has no {folder}/submission.schema.json, so editors cannot complete the report as it is "
    "typed; run `kh113 schema --output {folder}` in the data root once and commit the folder"
)
WIDTH = 110

# The statuses of models.TaskStatus, as a hint beside each empty status.
STATUS_HINT = "not_started | in_progress | completed | delayed | not_applicable"


def new_submission(data: Dataset, exp: Expectations, ob: Obligation, _: Translate) -> tuple[str, str, str | None]:
    """Where ``ob``'s report goes (relative to the data root), its text, and the schema it links (if any)."""
    assert data.plan is not None
    relpath = expected_path(ob.agency, exp.year)
    schema = schema_reference(data.root, data.root / relpath)
    return relpath, submission_text(ob, data.plan.number, schema, _), schema


def schema_reference(root: Path, target: Path) -> str | None:
    """What the ``$schema=`` line points at, relative to the file ``target``; None when the root has no schema.

    docs/submissions.md, "Editor support": the line is committed with the report, so it must work on every clone
    of the data repository — never a path of the machine that ran ``kh113 new``. kh113 has no published
    URL for its schemas, so the reference is a relative path to a schema kept in the data root:
    ``schemas/`` (written by ``kh113 schema --output schemas``), else ``src/kh113/schemas/`` in kh113's own
    repository, which is a data root too.
    """
    for folder in SCHEMA_FOLDERS:
        schema = root / folder / SCHEMA_FILE
        if schema.is_file():
            return Path(os.path.relpath(schema, target.parent)).as_posix()
    return None


def submission_text(ob: Obligation, plan_number: str, schema: str | None, _: Translate) -> str:
    """The YAML text of ``ob``'s empty report."""
    due = ob.due.strftime("%d/%m/%Y")
    lines = [
        *([f"# yaml-language-server: $schema={schema}"] if schema is not None else []),
        *_comment(
            _("Report of {name} for {year} on plan {plan}, due before {due}.").format(
                name=ob.name, year=ob.year, plan=plan_number, due=due
            )
        ),
        *_comment(
            _(
                "Fill in every empty `value:` (or `unavailable:` with the reason) and `status:`, then run "
                "`kh113 validate` and `kh113 check --year {year}`, and send the file by pull request."
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
    # The optional figures are said first: a comment is indented like the line after it (yamllint's
    # comments-indentation, issue #11 item 5), and after the last figure comes `tasks:`.
    for owed in ob.optional_figures.values():
        parts = " + ".join(owed.indicator.sum_of)
        lines += _comment(
            _("{id} ({name}) is computed by kh113 as {parts}; you may leave it out.").format(
                id=owed.indicator.id, name=owed.indicator.name, parts=parts
            ),
            indent="  " if ob.figures else "",
        )
    for owed in ob.figures.values():
        lines += _figure(owed, _)
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
    # Issue #10: a report is complete only when every figure has a value or says why it has none; the
    # commented line shows the clerk how (uncommented, it replaces `value:`; both together are refused).
    unavailable = "    # unavailable: " + _(
        "if the figure cannot be given this year, write why here instead of a value"
    )
    return lines + [f"  {ind.id}:", f"    value:{value_hint}", unavailable, "    source:", "    note:"]


def target_text(ind: Indicator) -> str:
    if ind.kind == "milestone":
        return f"{ind.target.text} ({ind.target.year})"
    value = ind.target.value
    return f"{COMPARATOR_TEXT[ind.target.comparator]} {value:g} ({ind.target.year}): {ind.target.text}"


def _comment(text: str, indent: str = "") -> list[str]:
    folded = " ".join(text.split())
    wrapped = textwrap.wrap(folded, width=WIDTH - len(indent) - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{indent}# {line}" for line in wrapped] or [f"{indent}#"]
