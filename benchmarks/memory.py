"""Where kh113's memory goes on a large root: tracemalloc's top allocation sites while the data is loaded.

    .venv/bin/python benchmarks/memory.py --submissions 20000      # a few minutes (tracemalloc is slow)

Loads a synthetic root (benchmarks/generate.py) as ``kh113 validate`` does (the reports streamed, each
checked as it is read and let go: ``compute.commands.checked_root`` with ``keeping.nothing``), in this
process under tracemalloc, then prints the peak traced memory,
the memory still held with everything loaded, and the largest holders grouped by source line and by the
kh113 line that caused them (the innermost kh113 frame of each allocation). A diagnosis for issue #17
item 1 (memory flat in the number of files), not a target: the RSS figures are benchmarks/run.py's.
"""

from __future__ import annotations

import argparse
import linecache
import shutil
import sys
import tempfile
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (benchmarks/ is not a package)

FRAMES = 12  # deep enough to reach kh113's frame below Pydantic's and PyYAML's (more is much slower)


def kh113_site(trace: tracemalloc.Trace) -> str:
    """The innermost frame of an allocation inside kh113's own code (else its innermost frame)."""
    for frame in reversed(trace.traceback):  # tracemalloc lists the oldest call first
        if "/kh113/" in frame.filename and "/benchmarks/" not in frame.filename:
            return f"{frame.filename.split('/kh113/', 1)[1]}:{frame.lineno}"
    frame = trace.traceback[-1]
    return f"{frame.filename}:{frame.lineno}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=20000, help="submissions in the root (default 20000)")
    parser.add_argument("--top", type=int, default=15, help="lines shown in each list (default 15)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kh113-memory-"))
    try:
        root = work / "root"
        paths = generate(root, args.submissions)
        size = sum(p.stat().st_size for p in paths)
        from kh113.compute import commands
        from kh113.compute.keeping import nothing
        from kh113.validate import loading

        tracemalloc.start(FRAMES)
        data = commands.checked_root(root, keep=nothing)
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot()
        tracemalloc.stop()
        files = data.files_read
        print(
            f"{args.submissions:,} synthetic submissions, {files:,} files read, {size / 1e6:.1f} MB of submissions; "
            f"traced: {current / 1e6:.1f} MB held with everything loaded ({current / files / 1024:.1f} KB a file), "
            f"peak {peak / 1e6:.1f} MB"
        )
        print(f"\nlargest holders by source line (top {args.top}):")
        for stat in snapshot.statistics("lineno")[: args.top]:
            frame = stat.traceback[0]
            code = linecache.getline(frame.filename, frame.lineno).strip()[:70]
            print(f"  {stat.size / 1e6:8.1f} MB {stat.count:>9,} blocks  {frame.filename}:{frame.lineno}  {code}")
        by_site: Counter[str] = Counter()
        for trace in snapshot.traces:
            by_site[kh113_site(trace)] += trace.size
        print(f"\nlargest holders by the kh113 line that caused them (top {args.top}):")
        for site, held in by_site.most_common(args.top):
            path, line = site.rsplit(":", 1)
            code = linecache.getline(str(Path(loading.__file__).parents[1] / path), int(line)).strip()[:70]
            print(f"  {held / 1e6:8.1f} MB  {site}  {code}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
