"""benchmarks/generate.py makes a root that validates without a single problem, so that the benchmark measures
the normal path (issue #17): figures and task statuses in scope for the agency that reports them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kh113.compute.scope import checked
from kh113.validate.loading import load

GENERATOR = Path(__file__).parents[1] / "benchmarks" / "generate.py"


def test_the_generated_root_is_clean(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("kh113_benchmark_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    paths = generate.generate(tmp_path / "root", 21)
    assert len(paths) == 21
    data = checked(load(tmp_path / "root"))
    assert [str(p) for p in data.problems] == []
    assert sum(len(s.submission.tasks) for s in data.submissions) == 21 * 7
