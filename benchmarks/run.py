"""Benchmark kh113 against its floors and print the three figures of issue #7 with PASS/FAIL.

    .venv/bin/python benchmarks/run.py                 # 2,000 and 20,000 submissions (a few minutes)
    .venv/bin/python benchmarks/run.py --quick         # 200 and 2,000 submissions (under a minute)

What runs, each as a subprocess (interpreter start included, as a user pays it), best of ``--runs``:

* the kh113 commands that the installed ``kh113 --help`` lists among validate, status, check, report,
  on a synthetic root of N submissions (1×) and of 10×N (benchmarks/generate.py);
* floor 1, the parse floor: a bare interpreter that imports PyYAML, reads every YAML file kh113 reads
  (plan/, indicators/, submissions/) and ``yaml.load(text, Loader=yaml.CSafeLoader)`` each one. It is a
  subprocess like kh113, so both sides pay the interpreter start and the file reading;
* floor 2, the stack floor: ``python -c "import typer, rich, pydantic, yaml"``;
* ``kh113 status`` on the shipped data (this repository's plan/ and indicators/).

Times are wall clock (best of N, so other load on the machine counts as little as possible); the CPU
time of the same best run (user + system) is shown beside it as a cross-check. This is a benchmark, not
a test: nothing in the test suite or CI times anything.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (benchmarks/ is not a package)

REPO = Path(__file__).resolve().parents[1]
BENCHMARKED = ("validate", "status", "check", "report")
# Fixed dates so every run measures the same work (the commands default to today).
DATE_OPTIONS = {"--year": "2025", "--as-of": "2025-12-31"}

# The three targets of issue #7.
VALIDATE_TARGET = 1.5  # kh113 validate ÷ raw CSafeLoader parse, 2,000 submissions
SCALING_TARGET = 11.0  # time at 10× the files ÷ time at 1×
STATUS_TARGET = 1.2  # kh113 status on the shipped data ÷ bare import of the stack

PARSE_FLOOR = """\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
for folder in ("plan", "indicators", "submissions"):
    for path in sorted((root / folder).rglob("*.yaml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
"""
STACK_FLOOR = "import typer, rich, pydantic, yaml"
# For context, not a target: the parts of that stack `kh113 status` cannot do without (Pydantic's model
# machinery to validate the data, Rich's console and table for the default format).
STACK_AS_USED = "import typer, yaml, rich.console, rich.table; from pydantic import BaseModel"
WIDE = 48  # label column of the shipped-data lines


@dataclass
class Timing:
    wall: float
    cpu: float
    exit_code: int

    def of(self, clock: str) -> float:
        return self.cpu if clock == "cpu" else self.wall


def measure(argv: list[str], runs: int, env: dict[str, str], clock: str, ok_codes: tuple[int, ...] = (0,)) -> Timing:
    """Best (lowest ``clock`` time) of ``runs`` runs after one warm-up run (file cache, bytecode)."""
    warm = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if warm.returncode not in ok_codes:
        tail = "\n".join(warm.stderr.splitlines()[-5:])
        raise SystemExit(f"benchmark: `{' '.join(argv)}` exited {warm.returncode}:\n{tail}")
    best: Timing | None = None
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timing = Timing(wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status))
        if best is None or timing.of(clock) < best.of(clock):
            best = timing
    assert best is not None
    return best


def available_commands(kh113: str, env: dict[str, str]) -> list[str]:
    """The benchmarked commands this kh113 has, read from its ``--help``."""
    text = subprocess.run([kh113, "--help"], env=env, capture_output=True, text=True, check=True).stdout
    listed = set(re.findall(r"^\s{1,4}([a-z][a-z-]*)\s", text, flags=re.MULTILINE))
    return [name for name in BENCHMARKED if name in listed]


def command_argv(kh113: str, name: str, root: Path, env: dict[str, str]) -> list[str]:
    """``kh113 --root ROOT NAME`` plus the fixed-date options the command accepts."""
    help_text = subprocess.run([kh113, name, "--help"], env=env, capture_output=True, text=True, check=True).stdout
    argv = [kh113, "--root", str(root), name]
    for option, value in DATE_OPTIONS.items():
        if re.search(rf"(^|\s){re.escape(option)}\b", help_text):
            argv += [option, value]
    return argv


def find_kh113(python: Path) -> str:
    beside = python.parent / "kh113"
    found = str(beside) if beside.exists() else shutil.which("kh113")
    if not found:
        raise SystemExit("benchmark: no kh113 command found beside the interpreter or on PATH; pip install -e . first")
    return found


def yaml_files(root: Path) -> list[Path]:
    return [p for folder in ("plan", "indicators", "submissions") for p in sorted((root / folder).rglob("*.yaml"))]


def seconds(t: float) -> str:
    return f"{t:7.3f} s"


def verdict(value: float, limit: float) -> str:
    return f"{value:5.2f} ≤ {limit:g}  {'PASS' if value <= limit else 'FAIL'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=2000, help="submissions at 1× (default 2000)")
    parser.add_argument("--factor", type=int, default=10, help="the large root has this many times more (default 10)")
    parser.add_argument("--quick", action="store_true", help="200 submissions at 1× (the validate target needs 2000)")
    parser.add_argument("--runs", type=int, default=5, help="best of this many runs (default 5)")
    parser.add_argument("--runs-large", type=int, default=3, help="best of this many runs at 10× (default 3)")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time that the ratios and targets use: wall clock (default) or CPU user+sys, steadier when "
        "other work shares the machine",
    )
    parser.add_argument("--work", type=Path, help="folder for the generated roots (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated roots")
    args = parser.parse_args()
    small = 200 if args.quick else args.submissions

    python = Path(sys.executable)
    kh113 = find_kh113(python)
    clock = args.clock
    env = dict(os.environ)
    # As after `pip install`: bytecode is written on the warm-up run and used by the timed ones.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("KH113_ROOT", None)
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "KH113_LANG": "vi"})
    commands = available_commands(kh113, env)

    def line(label: str, timing: Timing, width: int, ref: Timing | None = None, ref_name: str = "") -> None:
        ratio = f"  {timing.of(clock) / ref.of(clock):5.2f} × {ref_name}" if ref is not None else ""
        code = "" if timing.exit_code == 0 else f"  (exit {timing.exit_code})"
        print(f"  {label:<{width}}{seconds(timing.wall)} [{seconds(timing.cpu)}]{ratio}{code}")

    work = args.work or Path(tempfile.mkdtemp(prefix="kh113-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        import yaml

        print(
            f"kh113 benchmark: Python {platform.python_version()}, PyYAML {yaml.__version__} "
            f"(libyaml: {'yes' if getattr(yaml, '__with_libyaml__', False) else 'NO'}), {os.cpu_count()} CPUs; "
            f"best of {args.runs} runs ({args.runs_large} at {args.factor}×) by {clock} time; "
            "shown: wall clock [CPU user+sys]"
        )
        print(f"commands found in `{kh113} --help`: {', '.join(commands) or 'none'}")
        sizes = {"1×": small, f"{args.factor}×": small * args.factor}
        results: dict[str, dict[str, Timing]] = {}
        for label, count in sizes.items():
            root = work / f"root-{count}"
            paths = generate(root, count)
            size = sum(p.stat().st_size for p in paths)
            files = len(yaml_files(root))
            print(
                f"\n{label}: {count:,} synthetic submissions of {size / count / 1024:.1f} KB on average, "
                f"{files:,} YAML files, {size / 1e6:.1f} MB of submissions"
            )
            runs = args.runs if label == "1×" else args.runs_large
            row: dict[str, Timing] = {}
            row["parse floor"] = measure([str(python), "-c", PARSE_FLOOR, str(root)], runs, env, clock)
            line("parse floor", row["parse floor"], 14)
            # validate exits 1 on problems, check on missing reports: both are results, not failures.
            for name in commands:
                row[name] = measure(command_argv(kh113, name, root, env), runs, env, clock, ok_codes=(0, 1))
                line(name, row[name], 14, row["parse floor"], "parse floor")
            results[label] = row

        big = f"{args.factor}×"
        print(f"\nscaling 1× → {big} (time at {big} ÷ time at 1×):")
        scaling = {name: results[big][name].of(clock) / results["1×"][name].of(clock) for name in results["1×"]}
        for name, value in scaling.items():
            print(f"  {name:<14}{value:6.2f}")

        print("\nshipped data (this repository):")
        shipped_runs = args.runs * 2
        stack = measure([str(python), "-c", STACK_FLOOR], shipped_runs, env, clock)
        line("python -c pass", measure([str(python), "-c", "pass"], shipped_runs, env, clock), WIDE)
        line(f"stack floor: {STACK_FLOOR}", stack, WIDE)
        used = measure([str(python), "-c", STACK_AS_USED], shipped_runs, env, clock)
        line("same, as status uses it (BaseModel, Rich table)", used, WIDE, stack, "stack")
        line("kh113 --help", measure([kh113, "--help"], shipped_runs, env, clock), WIDE, stack, "stack")
        shipped: dict[str, Timing] = {}
        for name in commands:
            argv = command_argv(kh113, name, REPO, env)
            shipped[name] = measure(argv, shipped_runs, env, clock, ok_codes=(0, 1))
            line("kh113 " + " ".join(argv[3:]), shipped[name], WIDE, stack, "stack")

        print("\ntargets (issue #7):")
        failed = False
        # The target names 2,000 submissions: use the root of that size when there is one.
        at = next((lab for lab, count in sizes.items() if count == 2000), "1×")
        if "validate" in results[at]:
            value = results[at]["validate"].of(clock) / results[at]["parse floor"].of(clock)
            note = "" if sizes[at] == 2000 else "  (the target names 2,000 submissions)"
            label = f"validate on {sizes[at]:,} submissions ÷ raw CSafeLoader parse:"
            print(f"  {label:<58}{verdict(value, VALIDATE_TARGET)}{note}")
            failed |= value > VALIDATE_TARGET
        worst = max((n for n in scaling if n != "parse floor"), key=lambda n: scaling[n], default=None)
        if worst is not None:
            label = f"{big} the files ÷ 1× time (worst command: {worst}):"
            print(f"  {label:<58}{verdict(scaling[worst], SCALING_TARGET)}")
            failed |= scaling[worst] > SCALING_TARGET
        if "status" in shipped:
            value = shipped["status"].of(clock) / stack.of(clock)
            print(f"  {'status on the shipped data ÷ bare import of the stack:':<58}{verdict(value, STATUS_TARGET)}")
            failed |= value > STATUS_TARGET
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"\nroots kept in {work}")
        elif args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
