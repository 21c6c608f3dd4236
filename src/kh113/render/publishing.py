"""Put a rendered report on disk: the report and, for Markdown, its chart files beside it.

Every file is written atomically by ``writing.py``; nothing is replaced without ``--force``, and the
refusal comes before anything is written, so a refused run leaves the folder exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from ..messages import msg
from ..problems import WriteRefused
from .report import Report
from .writing import same_content, write_replacing


def chart_folder(output: Path) -> str:
    """Charts of ``reports/2025.md`` go to ``reports/2025-charts/``: beside the report, named after it,
    so reports in two languages (or two years) in one folder keep their own charts."""
    return f"{output.stem}-charts"


def files_of(output: Path, text: str | bytes, report: Report) -> dict[Path, str | bytes]:
    """Every file the report consists of, chart files first, with its content."""
    files: dict[Path, str | bytes] = {}
    for group in report.target_groups:
        for row in group.rows:
            if row.chart is not None and row.chart.file is not None:
                files[output.parent / row.chart.file] = row.chart.svg
    files[output] = text
    return files


def write_report(output: Path, text: str | bytes, report: Report, *, force: bool) -> list[Path]:
    """Write the report and its charts; the paths written (files already identical are left alone)."""
    files = files_of(output, text, report)
    if not force:
        clashes = [path for path, content in files.items() if _differs(path, content)]
        if clashes:
            names = ", ".join(str(p) for p in clashes[:3]) + (
                f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
            )
            raise WriteRefused(
                msg("{names}: already exist(s) with other content; rerun with --force to replace", names=names)
            )
    return [path for path, content in files.items() if write_replacing(path, content, force=force) == "written"]


def _differs(path: Path, content: str | bytes) -> bool:
    return (path.exists() or path.is_symlink()) and not same_content(path, content)
