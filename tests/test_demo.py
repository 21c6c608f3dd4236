"""examples/demo: the real plan with synthetic submissions, marked as such in every file."""

from __future__ import annotations

import filecmp

from kh113.validate.crossref import check
from kh113.validate.loading import load

from .conftest import DEMO, REPO


def test_demo_plan_and_indicators_are_the_shipped_ones():
    # The demo differs from the shipped root only by its synthetic submissions. After editing plan/ or
    # indicators/, refresh the copy: cp -r plan indicators examples/demo/
    for folder in ("plan", "indicators"):
        shipped = sorted(p.name for p in (REPO / folder).glob("*.yaml"))
        assert sorted(p.name for p in (DEMO / folder).glob("*.yaml")) == shipped
        _match, mismatch, errors = filecmp.cmpfiles(REPO / folder, DEMO / folder, shipped, shallow=False)
        assert mismatch == [] and errors == [], f"examples/demo/{folder} is out of date: {mismatch}"


def test_every_demo_submission_is_marked_synthetic():
    files = sorted((DEMO / "submissions").glob("*/*.yaml"))
    assert len(files) == 13
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# SYNTHETIC DEMONSTRATION DATA - made up"), path
        assert "\nsynthetic: true\n" in text, path


def test_demo_is_valid():
    data = load(DEMO)
    problems = [str(p) for p in [*data.problems, *check(data)]]
    assert problems == []
    assert all(s.submission.synthetic for s in data.submissions)


def test_shipped_root_holds_only_real_data():
    data = load(REPO)
    assert not any(s.submission.synthetic for s in data.submissions)
