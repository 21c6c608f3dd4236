"""Real temporary git repositories with back-dated commits, for the receipt-date tests (issue #4)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

EXAMPLES = Path(__file__).parent / "examples"


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when is not None:
        # Both dates: the receipt is the *commit* date, and a test must not pass by reading the other one.
        env["GIT_AUTHOR_DATE"] = when
        env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


class Repo:
    """A data root that is a git repository; ``commit`` back-dates each commit (ISO 8601, +07:00 if not said)."""

    def __init__(self, path: Path, example: str = "succession") -> None:
        self.path = path
        shutil.copytree(EXAMPLES / "valid" / example, path, ignore=shutil.ignore_patterns("submissions"))
        (path / "submissions").mkdir()
        git(path, "init", "-q", "-b", "main")
        self.commit("initial plan", "2024-05-13T09:00:00+07:00")

    def write(self, relpath: str, text: str) -> Path:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str, when: str) -> None:
        git(self.path, "add", "-A")
        git(self.path, "commit", "-q", "--allow-empty", "-m", message, when=when)

    def submit(self, agency: str, year: int, when: str, text: str | None = None, submitted: str | None = None) -> None:
        self.write(f"submissions/{year}/{agency}.yaml", text or minimal_report(agency, year, submitted or when[:10]))
        self.commit(f"{agency}: report {year}", when)


def minimal_report(agency: str, year: int, submitted: str | None) -> str:
    line = f"submitted: {submitted}\n" if submitted else ""
    return f"agency: {agency}\nyear: {year}\n{line}"


def report(
    agency: str, year: int, submitted: str | None = None, figures: dict | None = None, tasks: dict | None = None
) -> str:
    """A submission's YAML text with the given figure values and task statuses."""
    lines = [f"agency: {agency}", f"year: {year}"]
    if submitted:
        lines.append(f"submitted: {submitted}")
    lines.append("figures:" if figures else "figures: {}")
    for ident, value in (figures or {}).items():
        lines += [
            f"  {ident}:",
            f"    value: {'null' if value is None else str(value).lower() if isinstance(value, bool) else value}",
        ]
    lines.append("tasks:" if tasks else "tasks: {}")
    for ident, status in (tasks or {}).items():
        lines += [f'  "{ident}":', f"    status: {status or 'null'}"]
    return "\n".join(lines) + "\n"


# Complete 2025 reports for the succession example (what each agency owes, see test_expected.py).
COMPLETE_2025 = {
    "so-noi-vu": dict(figures={"giai-quyet-viec-lam": 24000}, tasks={"1.1": "completed", "6.1": "in_progress"}),
    "so-y-te": dict(
        figures={"giuong-benh": 31.5, "bac-si": 11.2, "duoc-si": 2.9},
        tasks={"6.2": "in_progress", "6.4": "in_progress"},
    ),
    "ubnd-cap-xa": dict(tasks={"1.1": "completed"}),
}


def complete(agency: str, year: int = 2025, submitted: str | None = None) -> str:
    return report(agency, year, submitted, **COMPLETE_2025[agency])
