"""examples/demo: the real plan with synthetic submissions, marked as such in every file, in a root declared a
demonstration (demonstration.yaml) so that they count as received on their `submitted` dates."""

from __future__ import annotations

import datetime as dt
import filecmp

from kh113.compute.compliance import assess
from kh113.compute.expected import expected
from kh113.compute.receipt import History
from kh113.validate.crossref import check
from kh113.validate.loading import DEMONSTRATION_FILE, load

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


def test_demo_is_a_declared_demonstration_root_and_the_shipped_root_is_not():
    # Issue #12 item 4: declared by a marker, never guessed; the real data root must never hold one.
    assert load(DEMO).demonstration and (DEMO / DEMONSTRATION_FILE).is_file()
    assert not load(REPO).demonstration and not (REPO / DEMONSTRATION_FILE).exists()


def test_demo_2025_shows_received_on_time_late_and_missing():
    data = load(DEMO)
    result = assess(data, expected(data, 2025), History(), dt.date(2025, 11, 15), list(data.problems))
    statuses = {a.obligation.agency: a.status for a in result.agencies}
    assert statuses["so-y-te"] == "on_time" and statuses["so-xay-dung"] == "late"
    assert "missing" in statuses.values()
    counted = {a.obligation.agency for a in result.agencies if a.status in ("on_time", "late")}
    # Every counted report is a demonstration file, and check says so at each of them.
    assert counted == {r.agency for r in result.findings if r.code == "synthetic"}
    assert all(a.receipt is not None and a.receipt.source == "demonstration" for a in result.agencies if a.file)
    assert not [r for r in result.findings if r.code == "incomplete"]
