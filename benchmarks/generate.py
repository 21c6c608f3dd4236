"""Generate a synthetic kh113 data root for benchmarks: the real plan, plus made-up agencies and submissions.

Everything generated is marked synthetic (agency notes, `synthetic: true` in every submission, a header
comment). Deterministic: the same arguments give the same files.

    python benchmarks/generate.py OUT --submissions 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
YEARS = list(range(2024, 2031))


def generate(out: Path, submissions: int, seed: int = 113, *, flagged: bool = True) -> list[Path]:
    """Write a data root with ``submissions`` yearly reports; returns the submission paths.

    ``flagged=False`` leaves out the ``synthetic: true`` field (the header comment and the agencies' notes
    still say it): kh113 never dates a report so flagged, so a receipt benchmark of flagged reports would
    measure a path no real report takes (issue #17 item 4). Such a root is for a temporary folder only.
    """
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REPO / "plan", out / "plan")
    shutil.copytree(REPO / "indicators", out / "indicators")
    rng = random.Random(seed)
    indicators = sorted(p.stem for p in (REPO / "indicators").glob("*.yaml"))
    milestones = {
        p.stem for p in (REPO / "indicators").glob("*.yaml") if "kind: milestone" in p.read_text(encoding="utf-8")
    }
    # The tasks an agency reports on every year: those whose timeline runs through the whole plan ("Hàng
    # năm", "2024 - 2030"); a status for a task not scheduled that year is an `out-of-scope` warning.
    plan_tasks = yaml.safe_load((REPO / "plan" / "tasks.yaml").read_text(encoding="utf-8"))["tasks"]
    tasks = [t["id"] for t in plan_tasks if _every_year(t["schedule"])]
    agencies_needed = -(-submissions // len(YEARS))
    names = [f"synthetic-{i:04d}" for i in range(agencies_needed)]

    # Register the made-up agencies (appended as text so the real file's comments stay).
    with open(out / "plan" / "agencies.yaml", encoding="utf-8") as handle:
        registry = handle.read()
    block = "".join(
        f"  - {{id: {n}, name: Đơn vị thử {n[-4:]}, short_name: ĐV {n[-4:]}, name_en: Synthetic unit {n[-4:]},"
        f" kind: department, notes: [synthetic benchmark agency]}}\n"
        for n in names
    )
    registry = registry.replace("\ncollectives:", "\n" + block + "collectives:", 1)
    (out / "plan" / "agencies.yaml").write_text(registry, encoding="utf-8")

    # Each made-up agency answers for eight indicators (the same every year), as a real agency would:
    # it is added to their `responsible` list, so its figures are in scope and the benchmark measures
    # the normal path, not thousands of out-of-scope warnings.
    duties = {name: sorted(rng.sample(indicators, 8)) for name in names}
    for ident in indicators:
        owners = [name for name in names if ident in duties[name]]
        path = out / "indicators" / f"{ident}.yaml"
        text = path.read_text(encoding="utf-8")
        text = re.sub(
            r"^responsible: \[(.*)\]$",
            lambda m, owners=owners: f"responsible: [{', '.join([m.group(1), *owners])}]",
            text,
            count=1,
            flags=re.M,
        )
        path.write_text(text, encoding="utf-8")

    # Likewise each one leads the seven tasks it reports on (added to their `lead` list), so that its task
    # statuses are in scope too: a status from an agency that does not lead the task is an `out-of-scope`
    # warning (issue #10 item 6), and 14,000 of them measured the warning path instead of the normal one.
    task_duties = {name: rng.sample(tasks, 7) for name in names}
    blocks = (out / "plan" / "tasks.yaml").read_text(encoding="utf-8").split("\n  - id: ")
    for i, block in enumerate(blocks[1:], start=1):
        ident = yaml.safe_load(block.split("\n", 1)[0])
        leads = [name for name in names if str(ident) in task_duties[name]]
        blocks[i] = re.sub(
            r"^    lead: \[(.*)\]$",
            lambda m, leads=leads: f"    lead: [{', '.join([m.group(1), *leads])}]",
            block,
            count=1,
            flags=re.M,
        )
    (out / "plan" / "tasks.yaml").write_text("\n  - id: ".join(blocks), encoding="utf-8")

    paths: list[Path] = []
    count = 0
    for year in YEARS:
        folder = out / "submissions" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            if count == submissions:
                break
            paths.append(
                _write_submission(
                    folder / f"{name}.yaml", name, year, rng, duties[name], milestones, task_duties[name], flagged
                )
            )
            count += 1
    return paths


def _every_year(schedule: dict[str, object]) -> bool:
    kind = schedule["kind"]
    if kind in ("yearly", "yearly_quarter"):
        return True
    end = schedule.get("end")
    return kind == "range" and schedule["start"] == YEARS[0] and (end is None or end == YEARS[-1])


def _write_submission(
    path: Path,
    agency: str,
    year: int,
    rng: random.Random,
    indicators: list[str],
    milestones: set[str],
    tasks: list[str],
    flagged: bool = True,
) -> Path:
    lines = [
        "# SYNTHETIC benchmark data: made up by benchmarks/generate.py, not a real report.",
        f"agency: {agency}",
        f"year: {year}",
        f"submitted: {year}-10-{rng.randint(1, 28):02d}",
        *(["synthetic: true"] if flagged else []),
        "figures:",
    ]
    for ident in indicators:
        value = "true" if ident in milestones else f"{rng.uniform(1, 99):.1f}"
        if ident == "giai-quyet-viec-lam":
            value = str(rng.randint(30000, 45000))
        lines += [
            f"  {ident}:",
            f"    value: {value}",
            "    source: Báo cáo thống kê của đơn vị (số liệu giả lập)",
            "    note: Số liệu ước tính đến ngày 30/9, sẽ cập nhật khi có số liệu chính thức cả năm.",
            "    disaggregation: {nam: " + f"{rng.uniform(1, 99):.1f}" + ", nu: " + f"{rng.uniform(1, 99):.1f}" + "}",
        ]
    lines.append("tasks:")
    for ident in tasks:
        lines += [
            f'  "{ident}":',
            f"    status: {rng.choice(['not_started', 'in_progress', 'completed', 'delayed'])}",
            "    products:",
            f"      - Kế hoạch số {rng.randint(1, 300)}/KH-ĐV ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}",
            f"      - Báo cáo kết quả thực hiện năm {year}",
            "    note: Đã triển khai theo kế hoạch; một số nội dung chậm do thiếu kinh phí và nhân lực thực hiện.",
        ]
    lines += [
        "difficulties:",
        "  - Kinh phí thực hiện còn hạn chế; đội ngũ làm công tác chính sách xã hội ở cơ sở còn kiêm nhiệm nhiều việc.",
        "  - Việc sắp xếp tổ chức bộ máy năm 2025 làm thay đổi đầu mối theo dõi, tổng hợp số liệu.",
        "proposals:",
        "  - Đề nghị bố trí kinh phí và tập huấn nghiệp vụ thống kê cho cán bộ phụ trách.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def revisions(final: str) -> list[str]:
    """Three revisions of one report, oldest first, the last being ``final``: a draft without its last
    figure (incomplete, so not yet received), the complete report, then a corrected figure value."""
    lines = final.split("\n")
    tasks_at = lines.index("tasks:")
    draft = "\n".join(lines[: tasks_at - FIGURE_LINES] + lines[tasks_at:])
    first = next(i for i, text in enumerate(lines) if text.startswith("    value: "))
    value = lines[first].removeprefix("    value: ")
    earlier = list(lines)
    if value not in ("true", "false"):
        earlier[first] = f"    value: {float(value) + 1:.1f}" if "." in value else f"    value: {int(value) + 1}"
    else:
        earlier[first + 2] = "    note: Số liệu sơ bộ."
    return [draft, "\n".join(earlier), final]


FIGURE_LINES = 5  # the lines of one figure in a generated report (value, source, note, disaggregation)
AUTHOR = "Benchmark <benchmark@kh113.invalid>"
ICT = dt.timezone(dt.timedelta(hours=7))


def commit_history(root: Path, per_branch: int = 100) -> int:
    """Make ``root`` a git repository whose main branch received every report in three revisions (see
    :func:`revisions`), each round of each year on branches of ``per_branch`` reports merged into main
    with a merge commit, so the receipts come from the first-parent history. One ``git fast-import``, so
    thousands of reports take seconds. Returns the number of commits on main's first-parent chain."""
    reports = sorted((root / "submissions").rglob("*.yaml"))
    base = sorted(p for folder in ("plan", "indicators") for p in (root / folder).rglob("*.yaml"))
    stream = bytearray()
    marks = 0

    def mark() -> int:
        nonlocal marks
        marks += 1
        return marks

    def blob(content: bytes) -> int:
        m = mark()
        stream.extend(b"blob\nmark :%d\ndata %d\n" % (m, len(content)) + content + b"\n")
        return m

    def commit(ref: str, when: int, message: str, parents: list[int], files: list[tuple[int, str]]) -> int:
        m = mark()
        text = message.encode()
        stream.extend(f"commit {ref}\nmark :{m}\ncommitter {AUTHOR} {when} +0700\n".encode())
        stream.extend(b"data %d\n" % len(text) + text + b"\n")
        if parents:
            stream.extend(f"from :{parents[0]}\n".encode())
        for other in parents[1:]:
            stream.extend(f"merge :{other}\n".encode())
        for blob_mark, path in files:
            stream.extend(f"M 100644 :{blob_mark} {path}\n".encode())
        stream.extend(b"\n")
        return m

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    when = int(dt.datetime(YEARS[0], 1, 2, 9, tzinfo=ICT).timestamp())
    files = [(blob(p.read_bytes()), rel(p)) for p in base]
    main = commit("refs/heads/main", when, "plan and indicators", [], files)
    chain = 1
    by_year: dict[str, list[Path]] = {}
    for path in reports:
        by_year.setdefault(path.parent.name, []).append(path)
    for year, paths in sorted(by_year.items()):
        texts = {p: revisions(p.read_text(encoding="utf-8")) for p in paths}
        for round_ in range(3):
            # Rounds in September, October and November of the reporting year, in order.
            when = max(when, int(dt.datetime(int(year), 9 + round_, 1, 9, tzinfo=ICT).timestamp()))
            for start in range(0, len(paths), per_branch):
                batch = paths[start : start + per_branch]
                files = [(blob(texts[p][round_].encode("utf-8")), rel(p)) for p in batch]
                when += 60
                branch = f"refs/heads/r{year}-{round_ + 1}-{start // per_branch}"
                tip = commit(branch, when, f"{year} reports, revision {round_ + 1}", [main], files)
                when += 60
                main = commit("refs/heads/main", when, f"Merge {branch}", [main, tip], files)
                chain += 1
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=bytes(stream), check=True)
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True)
    return chain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--submissions", type=int, default=2000, help="number of submission files (default 2000)")
    parser.add_argument("--seed", type=int, default=113, help="random seed (default 113)")
    args = parser.parse_args()
    paths = generate(args.out, args.submissions, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} submissions, {size / len(paths) / 1024:.1f} KB on average, in {args.out}")


if __name__ == "__main__":
    main()
