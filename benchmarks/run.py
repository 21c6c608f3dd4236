"""Benchmark kh113 against its floors and print the targets of issue #17 with PASS/FAIL.

    .venv/bin/python benchmarks/run.py                 # 2,000 and 20,000 submissions (several minutes)
    .venv/bin/python benchmarks/run.py --quick         # 200 and 2,000 submissions (about a minute)

What runs, each as a subprocess (interpreter start included, as a user pays it):

* the kh113 commands that the installed ``kh113 --help`` lists among validate, status, check, report,
  on a synthetic root of N submissions (1×) and of 10×N (benchmarks/generate.py), the two sizes run in
  turn (10× 1× 10× 1× ...): time and peak RSS (the child's own ``ru_maxrss`` from ``os.wait4``, each
  child run alone);
* the parse floor: a bare interpreter that imports PyYAML, reads every YAML file kh113 reads (plan/,
  indicators/, submissions/) and ``yaml.load(text, Loader=yaml.CSafeLoader)`` each one;
* ``kh113 check`` on a git repository of the 1× root where every report came in three revisions on
  branches merged into main (benchmarks/generate.py ``commit_history``), against ``check`` of the same
  files outside git;
* a peer: check-jsonschema with kh113's shipped submission schema on the same submissions, when it is
  installed beside this interpreter (``pip install check-jsonschema``);
* ``kh113 status`` on the shipped data (this repository's plan/ and indicators/) against the floor as
  status needs it: ``from pydantic import BaseModel; import typer, rich.console, rich.table, yaml``
  (and the bare ``import typer, rich, pydantic, yaml``, for reference).

A ratio between two commands is taken in one alternating run (A B A B ...), as the median of the
pairs' ratios, so that a machine whose speed drifts (other work on it) moves both sides alike. Other
times are the best of ``--runs``. Times are wall clock, the CPU time (user + system) beside them. This is
a benchmark, not a test: nothing in the test suite or CI times anything.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import commit_history, generate  # noqa: E402  (benchmarks/ is not a package)

REPO = Path(__file__).resolve().parents[1]
BENCHMARKED = ("validate", "status", "check", "report")
MEMORY_COMMANDS = ("validate", "status", "check")
# Fixed dates so every run measures the same work (the commands default to today).
DATE_OPTIONS = {"--year": "2025", "--as-of": "2025-12-31"}
SCHEMA = REPO / "src" / "kh113" / "schemas" / "submission.schema.json"

# The targets of issue #17.
VALIDATE_TARGET = 1.25  # kh113 validate ÷ raw CSafeLoader parse, 2,000 submissions
SCALING_TARGET = 10.5  # time at 10× the files ÷ time at 1×, every command
MEMORY_TARGET = 1.5  # peak RSS at 10× ÷ at 1× (20,000 and 2,000 submissions) of validate, status, check
STATUS_TARGET = 1.4  # kh113 status on the shipped data ÷ the floor as status needs it
GIT_TARGET = 1.3  # check with first-parent receipts (3 revisions a report) ÷ check of the same files outside git

PARSE_FLOOR = """\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
for folder in ("plan", "indicators", "submissions"):
    for path in sorted((root / folder).rglob("*.yaml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
"""
# What `kh113 status` cannot do without: Pydantic's model machinery (`import pydantic` alone loads it
# lazily), Rich's console and table for the default format, Typer and PyYAML.
STATUS_FLOOR = "from pydantic import BaseModel; import typer, rich.console, rich.table, yaml"
BARE_IMPORT = "import typer, rich, pydantic, yaml"  # for reference (the floor of issue #7)
WIDE = 52  # label column of the shipped-data lines


@dataclass
class Timing:
    wall: float
    cpu: float
    rss: int  # peak resident set size of the child, bytes
    exit_code: int

    def of(self, clock: str) -> float:
        return self.cpu if clock == "cpu" else self.wall


# The peak RSS that wait4 gives a child starts at the RSS of the process that spawned it (the kernel keeps
# the high-water mark of the memory it replaced at exec), so the children are spawned by this small launcher
# (``python -S``, a few MB), not by the benchmark, which holds the generated roots' file lists.
LAUNCHER = """\
import os, sys, time
null = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status))
"""


def once(argv: list[str], env: dict[str, str]) -> Timing:
    """One run of ``argv`` alone: wall clock, CPU and peak RSS of that child (``os.wait4`` in the launcher)."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *argv], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark: the launcher could not run `{' '.join(argv)}`: {done.stderr.strip()}")
    wall, cpu, rss, code = done.stdout.split()
    return Timing(float(wall), float(cpu), int(rss), int(code))


def warm_up(argv: list[str], env: dict[str, str], ok_codes: tuple[int, ...]) -> None:
    """One run not counted (file cache, bytecode); a command that fails stops the benchmark."""
    warm = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if warm.returncode not in ok_codes:
        tail = "\n".join(warm.stderr.splitlines()[-5:])
        raise SystemExit(f"benchmark: `{' '.join(argv)}` exited {warm.returncode}:\n{tail}")


def measure(argv: list[str], runs: int, env: dict[str, str], clock: str, ok_codes: tuple[int, ...] = (0,)) -> Timing:
    """Best (lowest ``clock`` time) of ``runs`` runs after one warm-up run; the peak RSS is the largest seen."""
    warm_up(argv, env, ok_codes)
    timings = [once(argv, env) for _ in range(runs)]
    best = min(timings, key=lambda t: t.of(clock))
    return Timing(best.wall, best.cpu, max(t.rss for t in timings), best.exit_code)


@dataclass
class Pair:
    a: Timing  # best of A's runs
    b: Timing  # best of B's runs
    ratio: float  # median of the runs' A ÷ B, A and B run in turn


def compare(
    a: list[str], b: list[str], runs: int, env: dict[str, str], clock: str, ok_codes: tuple[int, ...] = (0,)
) -> Pair:
    """A and B in one alternating run (A B A B ...): the ratio stays meaningful when the machine's speed drifts."""
    warm_up(a, env, ok_codes)
    warm_up(b, env, ok_codes)
    pairs = [(once(a, env), once(b, env)) for _ in range(runs)]
    best_a = min((x for x, _ in pairs), key=lambda t: t.of(clock))
    best_b = min((y for _, y in pairs), key=lambda t: t.of(clock))
    return Pair(best_a, best_b, statistics.median(x.of(clock) / y.of(clock) for x, y in pairs))


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


def find_tool(python: Path, name: str) -> str | None:
    beside = python.parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def yaml_files(root: Path) -> list[Path]:
    return [p for folder in ("plan", "indicators", "submissions") for p in sorted((root / folder).rglob("*.yaml"))]


def in_git(folder: Path, env: dict[str, str]) -> bool:
    done = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"], env=env, capture_output=True, text=True
    )
    return done.returncode == 0 and done.stdout.strip() == "true"


def seconds(t: float) -> str:
    return f"{t:7.3f} s"


def megabytes(n: int) -> str:
    return f"{n / 1e6:7.1f} MB"


def verdict(value: float, limit: float) -> str:
    return f"{value:6.2f} ≤ {limit:g}  {'PASS' if value <= limit else 'FAIL'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=2000, help="submissions at 1× (default 2000)")
    parser.add_argument("--factor", type=int, default=10, help="the large root has this many times more (default 10)")
    parser.add_argument("--quick", action="store_true", help="200 submissions at 1× (the targets name 2,000)")
    parser.add_argument("--runs", type=int, default=5, help="best of (or pairs of) this many runs (default 5)")
    parser.add_argument(
        "--runs-large", type=int, default=3, help="pairs of runs at 10× and 1×, alternating (default 3)"
    )
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
    kh113 = find_tool(python, "kh113")
    if kh113 is None:
        raise SystemExit("benchmark: no kh113 command found beside the interpreter or on PATH; pip install -e . first")
    peer = find_tool(python, "check-jsonschema")
    clock = args.clock
    env = dict(os.environ)
    # As after `pip install`: bytecode is written on the warm-up run and used by the timed ones.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("KH113_ROOT", None)
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "KH113_LANG": "vi"})
    commands = available_commands(kh113, env)

    def line(label: str, timing: Timing, width: int, ratio: str = "") -> None:
        code = "" if timing.exit_code == 0 else f"  (exit {timing.exit_code})"
        print(f"  {label:<{width}}{seconds(timing.wall)} [{seconds(timing.cpu)}] {megabytes(timing.rss)}{ratio}{code}")

    work = args.work or Path(tempfile.mkdtemp(prefix="kh113-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    targets: list[tuple[str, float, float, str]] = []  # label, value, limit, note
    try:
        import yaml

        print(
            f"kh113 benchmark: Python {platform.python_version()}, PyYAML {yaml.__version__} "
            f"(libyaml: {'yes' if getattr(yaml, '__with_libyaml__', False) else 'NO'}), {os.cpu_count()} CPUs, "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; best of {args.runs} runs "
            f"({args.runs_large} pairs at {args.factor}× and 1×) by {clock} time; "
            "shown: wall clock [CPU user+sys] peak RSS"
        )
        print(f"commands found in `{kh113} --help`: {', '.join(commands) or 'none'}")
        sizes = {"1×": small, f"{args.factor}×": small * args.factor}
        big = f"{args.factor}×"
        roots: dict[str, Path] = {}
        for label, count in sizes.items():
            root = roots[label] = work / f"root-{count}"
            paths = generate(root, count)
            size = sum(p.stat().st_size for p in paths)
            print(
                f"{label}: {count:,} synthetic submissions of {size / count / 1024:.1f} KB on average, "
                f"{len(yaml_files(root)):,} YAML files, {size / 1e6:.1f} MB of submissions"
            )
        # Each command at 10× and at 1× in one alternating run (10× 1× 10× 1× ...): the scaling ratio is the
        # median of the pairs' ratios, so a machine that slows down during the 10× runs does not pass for
        # code that scales badly (or the reverse).
        scaled: dict[str, Pair] = {}
        argvs = {"parse floor": lambda root: [str(python), "-c", PARSE_FLOOR, str(root)]}
        for name in commands:
            argvs[name] = lambda root, name=name: command_argv(kh113, name, root, env)
        for name, argv_of in argvs.items():
            # validate exits 1 on problems, check on missing reports: both are results, not failures.
            scaled[name] = compare(argv_of(roots[big]), argv_of(roots["1×"]), args.runs_large, env, clock, (0, 1))
        results: dict[str, dict[str, Timing]] = {
            "1×": {name: pair.b for name, pair in scaled.items()},
            big: {name: pair.a for name, pair in scaled.items()},
        }
        for label in sizes:
            print(f"\n{label} (best of {args.runs_large}, alternating with the other size):")
            row = results[label]
            line("parse floor", row["parse floor"], 14)
            for name in commands:
                ratio = row[name].of(clock) / row["parse floor"].of(clock)
                line(name, row[name], 14, f"  {ratio:5.2f} × parse floor")

        print(f"\nscaling 1× → {big} ({big} ÷ 1×; time: the median of the pairs):  time    peak RSS")
        for name in results["1×"]:
            t = scaled[name].ratio
            m = results[big][name].rss / results["1×"][name].rss
            print(f"  {name:<14}{t:16.2f}{m:12.2f}")
            if name in commands:
                targets.append((f"{name}: time at {big} ÷ at 1×", t, SCALING_TARGET, ""))
            if name in MEMORY_COMMANDS and name in commands:
                targets.append((f"{name}: peak RSS at {big} ÷ at 1×", m, MEMORY_TARGET, ""))

        at = "1×"
        note = "" if sizes[at] == 2000 else "  (the targets name 2,000 submissions)"
        if "validate" in commands:
            print(f"\nvalidate against the parse floor on {sizes[at]:,} submissions, alternating:")
            pair = compare(
                command_argv(kh113, "validate", roots[at], env),
                [str(python), "-c", PARSE_FLOOR, str(roots[at])],
                args.runs,
                env,
                clock,
                ok_codes=(0, 1),
            )
            line("kh113 validate", pair.a, WIDE, f"  {pair.ratio:5.2f} × parse floor")
            line("parse floor", pair.b, WIDE)
            targets.append(
                (f"validate on {sizes[at]:,} submissions ÷ raw CSafeLoader parse", pair.ratio, VALIDATE_TARGET, note)
            )

        if peer is not None:
            files = [str(p) for p in sorted((roots[at] / "submissions").rglob("*.yaml"))]
            peer_argv = [peer, "--schemafile", str(SCHEMA), *files]
            print(f"\npeer on the same {len(files):,} submissions (no target):")
            timing = measure(peer_argv, args.runs, env, clock, ok_codes=(0, 1))
            line("check-jsonschema, kh113's submission schema", timing, WIDE)
            if "validate" in results[at]:
                ratio = timing.of(clock) / results[at]["validate"].of(clock)
                print(f"  {'':<{WIDE}}kh113 validate is {ratio:.1f}× faster")
        else:
            print("\npeer: check-jsonschema is not installed beside this interpreter (pip install check-jsonschema)")

        if "check" in commands:
            print(f"\ncheck with receipts from git, {sizes[at]:,} reports × 3 revisions, alternating:")
            repo = work / f"git-{sizes[at]}"
            plain = work / f"plain-{sizes[at]}"
            generate(repo, sizes[at], flagged=False)
            chain = commit_history(repo)
            if plain.exists():
                shutil.rmtree(plain)
            shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
            if in_git(plain, env) or not in_git(repo, env):
                raise SystemExit(f"benchmark: {plain} must be outside git and {repo} in it; choose another --work")
            print(
                f"  (reports without `synthetic: true`, which kh113 never dates; {chain} commits on main's "
                "first-parent chain, each revision round on branches merged into main)"
            )
            pair = compare(
                command_argv(kh113, "check", repo, env),
                command_argv(kh113, "check", plain, env),
                args.runs,
                env,
                clock,
                ok_codes=(0, 1),
            )
            line("kh113 check in git", pair.a, WIDE, f"  {pair.ratio:5.2f} × outside git")
            line("kh113 check of the same files outside git", pair.b, WIDE)
            targets.append(
                (f"check in git ({sizes[at]:,} reports × 3 revisions) ÷ outside git", pair.ratio, GIT_TARGET, note)
            )

        print("\nshipped data (this repository), alternating with the floor as status needs it:")
        shipped_runs = args.runs * 2
        line("python -c pass", measure([str(python), "-c", "pass"], shipped_runs, env, clock), WIDE)
        bare = measure([str(python), "-c", BARE_IMPORT], shipped_runs, env, clock)
        line(f"bare: {BARE_IMPORT}", bare, WIDE)
        floor = measure([str(python), "-c", STATUS_FLOOR], shipped_runs, env, clock)
        line(
            "floor: BaseModel, typer, rich.console, rich.table, yaml",
            floor,
            WIDE,
            f"  {floor.of(clock) / bare.of(clock):5.2f} × bare",
        )
        helped = measure([kh113, "--help"], shipped_runs, env, clock)
        line("kh113 --help", helped, WIDE, f"  {helped.of(clock) / floor.of(clock):5.2f} × floor")
        for name in commands:
            argv = command_argv(kh113, name, REPO, env)
            label = "kh113 " + " ".join(argv[3:])
            if name == "status":
                pair = compare(argv, [str(python), "-c", STATUS_FLOOR], shipped_runs, env, clock, ok_codes=(0, 1))
                bare_ratio = pair.a.of(clock) / bare.of(clock)
                line(label, pair.a, WIDE, f"  {pair.ratio:5.2f} × floor (alternating), {bare_ratio:5.2f} × bare")
                targets.append(
                    ("status on the shipped data ÷ the floor as status needs it", pair.ratio, STATUS_TARGET, "")
                )
            else:
                timing = measure(argv, shipped_runs, env, clock, ok_codes=(0, 1))
                line(label, timing, WIDE, f"  {timing.of(clock) / floor.of(clock):5.2f} × floor")

        print("\ntargets (issue #17):")
        for label, value, limit, why in targets:
            print(f"  {label + ':':<64}{verdict(value, limit)}{why}")
        return 1 if any(value > limit for _, value, limit, _ in targets) else 0
    finally:
        if args.keep:
            print(f"\nroots kept in {work}")
        elif args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
