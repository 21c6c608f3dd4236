"""Every string of the report is in the Vietnamese catalogue, and the English report has no Vietnamese labels."""

from __future__ import annotations

import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from .conftest import REPO

SRC = REPO / "src" / "kh113"
PO = SRC / "locale" / "vi" / "LC_MESSAGES" / "kh113.po"
REPORT_FILES = ("templates/", "render/report.py", "render/templating.py")


def report_message_ids() -> dict[str, str]:
    """msgid -> file, for the report's templates and modules (Babel's own extractors)."""
    found: dict[str, str] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        SRC,
        method_map=[("templates/**.j2", "jinja2"), ("**.py", "python")],
        options_map={"templates/**.j2": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "N_": None, "gettext": None},
    ):
        if filename.startswith(REPORT_FILES):
            found.setdefault(message if isinstance(message, str) else message[0], filename)
    return found


def _catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_report_string_has_a_vietnamese_translation() -> None:
    catalogue = _catalogue()
    ids = report_message_ids()
    assert len(ids) > 60  # the extraction sees the templates
    missing = sorted(f"{f}: {m}" for m, f in ids.items() if m not in catalogue or not catalogue[m].string)
    assert not missing, "add these to kh113.po and run `pybabel compile -D kh113 -d src/kh113/locale`:\n" + "\n".join(
        missing
    )


def test_template_placeholders_survive_translation() -> None:
    catalogue = _catalogue()
    for message in report_message_ids():
        entry = catalogue[message]
        if entry is not None and entry.string:
            for pattern in (r"%\(\w+\)s", r"\{\w+\}"):
                assert sorted(re.findall(pattern, message)) == sorted(re.findall(pattern, entry.string)), message
