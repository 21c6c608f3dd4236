"""The report speaks one language (issue #12 item 4, issue #11 item 2): no English in the Vietnamese report,
and no Vietnamese left in the English one apart from proper names.

The data's own texts are what this guards: sources (`title` / `title_en`), notes (`note` / `note_en`),
products (`product` / `product_en`), schedules (worded from their structure in English), the plan's issuer
and recipients. A proper name is left as it is in both languages: the registry's agency names (the report
names bodies by their Vietnamese name), places, document numbers, a headline as published, the sources'
own words in quotation marks, and what the agencies wrote in their reports (quoted as they wrote it).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kh113.cli import app
from kh113.validate.loading import load

from .conftest import REPO

DEMO = REPO / "examples" / "demo"
AS_OF = "2025-11-15"

# Words of English text that Vietnamese never writes (lower case, whole words). A Vietnamese word written
# without its marks ("the", "to", "an") is not in the list.
ENGLISH_WORDS = frozenset(
    "the of and or with from by for on at is are was not no this that which report reported article headline "
    "recorded translation event source note notes figure figures target targets context status before after "
    "merger province provincial every year years quarter plan people committee department agency agencies "
    "received late overdue task tasks english".split()
)
VIETNAMESE_MARKS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# What both languages print as it is: addresses, the sources' own words in quotes, code-like marks.
VERBATIM = re.compile(r"https?://\S+|\S+\.(?:vn|com|gov)\S*|\"[^\"]*\"|“[^”]*”|`[^`]*`|\([^()]*\d{2,}[^()]*\)")
# Proper names of the English report besides the registry's names: places, document numbers and the
# titles of documents, as the plan and its sources write them.
PROPER_NAMES = (
    "Cà Mau",
    "Bạc Liêu",
    "NĐ-CP",
    "NQ-HĐND",
    "Dân trí",  # newspapers, in the English descriptions of their articles
    "Báo Giáo dục & Thời đại",
    "Báo Giáo dục \\& Thời đại",  # the same, escaped by Markdown
    "Kết quả thực hiện Kế hoạch phát triển kinh tế - xã hội năm 2020 tỉnh Cà Mau",  # a headline as published
)
# The letterhead names the issuing bodies (proper names, in capitals) and the document's number and code
# (BC-SLĐTBXH); the signature and the recipients are English (plan/report.yaml's `_en` fields).
SIGNATURE_LINES = re.compile(r"^\| (?:[^|]*<br>\*\*[^|]*<br>―|No\.:)")


def _run(root: Path, lang: str, *extra: str) -> str:
    args = ["--root", str(root), "report", "--year", "2025", "--as-of", AS_OF, "--lang", lang, *extra]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    demo = tmp_path_factory.mktemp("languages") / "demo"
    shutil.copytree(DEMO, demo)
    return {"repository": REPO, "demo": demo}


def english_words(text: str) -> list[str]:
    """The English words of ``text`` once verbatim parts (addresses, quotations) are taken out."""
    found = []
    for line in text.splitlines():
        words = re.findall(r"[A-Za-z]+", VERBATIM.sub(" ", line))
        found += [f"{w!r} in: {line[:160]}" for w in words if w.lower() in ENGLISH_WORDS]
    return found


def vietnamese_left(text: str, names: list[str]) -> list[str]:
    """Lines of ``text`` with Vietnamese marks once verbatim parts and proper ``names`` are taken out."""
    found = []
    for line in text.splitlines():
        if SIGNATURE_LINES.match(line):
            continue
        rest = VERBATIM.sub(" ", line)
        for name in names:
            rest = rest.replace(name, " ")
        if VIETNAMESE_MARKS.search(rest):
            found.append(rest.strip())
    return found


def agencies_words(root: Path) -> list[str]:
    """What the agencies wrote in their reports: the report quotes it as written, in either language."""
    said = []
    for loaded in load(root).submissions:
        sub = loaded.submission
        said += [*sub.difficulties, *sub.proposals]
        for task in sub.tasks.values():
            said += [*task.products, *([task.note] if task.note else [])]
        for figure in sub.figures.values():
            said += [t for t in (figure.source, figure.note, figure.unavailable) if t]
    return [line.strip() for text in said for line in text.splitlines() if line.strip()]


def proper_names(root: Path) -> list[str]:
    data = load(root)
    bodies = [*data.agencies.values(), *data.collectives.values()]
    names = [n for b in bodies for n in (b.name, b.short_name)] + agencies_words(root)
    # Longest first, so that "Sở Y tế" does not cut "Sở Y tế tỉnh" in two.
    return sorted({*names, *PROPER_NAMES}, key=len, reverse=True)


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("root_name", ["repository", "demo"])
@pytest.mark.parametrize("agency", [None, "so-y-te"])
def test_the_vietnamese_report_has_no_english(roots: dict[str, Path], root_name: str, agency: str | None) -> None:
    text = _run(roots[root_name], "vi", *(["--agency", agency] if agency else []))
    assert "Nguồn: Bài của" in text or agency  # the sources are shown, in Vietnamese
    assert not english_words(text), "\n".join(english_words(text))


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize("root_name", ["repository", "demo"])
@pytest.mark.parametrize("agency", [None, "so-y-te"])
def test_the_english_report_has_no_vietnamese_but_proper_names(
    roots: dict[str, Path], root_name: str, agency: str | None
) -> None:
    root = roots[root_name]
    text = _run(root, "en", *(["--agency", agency] if agency else []))
    left = vietnamese_left(text, proper_names(root))
    assert not left, "\n".join(left)


def test_the_checks_can_fail() -> None:
    """The two checks see what the reviewer saw (issue #12): an English source, a Vietnamese schedule."""
    said = "Nguồn: Dân trí report on trained workers (article of 02/10/2025; headline not recorded) — https://dantri.com.vn"
    assert english_words(said)
    assert not english_words('Nguồn: Bài của Báo Dân trí (đăng ngày 02/10/2025) — "Supervisors from the Council"')
    row = "| 4.1 | Plan for the labour market programme. | Kế hoạch | Quý I hàng năm | not reported | 0/1 |"
    assert vietnamese_left(row, ["Sở Nội vụ"]) == [row]
    assert not vietnamese_left("| 4.1 | Plan. | Plan | Q1 of every year | Sở Nội vụ |", ["Sở Nội vụ"])
