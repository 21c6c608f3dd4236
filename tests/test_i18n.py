"""The Vietnamese catalogue: every message id in src/ is translated, and the committed .mo is current."""

from __future__ import annotations

import io
import string
import typing
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from kh113 import models
from kh113.i18n import translator

SRC = Path(__file__).parents[1] / "src" / "kh113"
PO = SRC / "locale" / "vi" / "LC_MESSAGES" / "kh113.po"
MO = PO.with_suffix(".mo")


def catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def messages(cat) -> dict[str, str]:
    return {m.id: m.string for m in cat if m.id}


def source_ids() -> set[str]:
    # `_` translates where shown; `N_` marks ids defined in the pure core (notes, unit templates); `msg` builds a
    # Message (messages.py) whose first argument is its id.
    found = extract_from_dir(str(SRC), method_map=[("**.py", "python")], keywords={"_": None, "N_": None, "msg": None})
    return {message for _file, _line, message, _comments, _context in found}


# Ids passed to `_()` as variables: units and agency kinds (views.py translates them from the data).
DYNAMIC_IDS = set(typing.get_args(models.Unit)) | set(typing.get_args(models.AgencyKind)) | {"collective"}


def test_every_message_id_is_translated():
    translated = {k for k, v in messages(catalog()).items() if v}
    missing = sorted((source_ids() | DYNAMIC_IDS) - translated)
    assert missing == [], f"add Vietnamese for these to {PO.relative_to(SRC.parents[1])}"


def test_no_fuzzy_entries_and_same_placeholders():
    for message in catalog():
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        fields = lambda text: sorted(f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f)  # noqa: E731
        assert fields(message.string) == fields(message.id), message.id


def test_committed_mo_is_compiled_from_the_po():
    compiled = io.BytesIO()
    write_mo(compiled, catalog())
    compiled.seek(0)
    with MO.open("rb") as handle:
        committed = read_mo(handle)
    assert messages(committed) == messages(read_mo(compiled)), "run: pybabel compile -D kh113 -d src/kh113/locale"


@pytest.mark.parametrize(
    ("msgid", "vi"), [("Lead agency", "Cơ quan chủ trì"), ("Achieved", "Đã đạt"), ("{value}%", "{value} %")]
)
def test_runtime_translation(msgid, vi):
    assert translator("vi")(msgid) == vi
    assert translator("en")(msgid) == msgid


def test_tasks_header_is_vietnamese_by_default():
    from typer.testing import CliRunner

    from kh113.cli import app

    from .conftest import REPO

    out = CliRunner().invoke(app, ["--root", str(REPO), "tasks"], env={"COLUMNS": "200"}).stdout
    assert "Nội dung công việc" in out and "Cơ quan chủ trì" in out
