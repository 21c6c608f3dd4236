"""Atomic, never-clobbering writes."""

from __future__ import annotations

import errno
import os

import pytest

from kh113.problems import UsageError, WriteRefused
from kh113.render import writing


def test_write_new_creates_and_refuses(tmp_path):
    target = tmp_path / "a" / "b.yaml"
    writing.write_new(target, "x: 1\n")
    assert target.read_text(encoding="utf-8") == "x: 1\n"
    with pytest.raises(WriteRefused):
        writing.write_new(target, "x: 2\n")
    assert target.read_text(encoding="utf-8") == "x: 1\n"
    assert os.listdir(target.parent) == ["b.yaml"]


def test_write_new_without_hard_links(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(writing.os, "link", no_links)
    target = tmp_path / "b.yaml"
    writing.write_new(target, "x: 1\n")
    assert target.read_text(encoding="utf-8") == "x: 1\n"
    assert os.listdir(tmp_path) == ["b.yaml"]


def test_write_new_refuses_a_dangling_link(tmp_path):
    (tmp_path / "b.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(WriteRefused):
        writing.write_new(tmp_path / "b.yaml", "x\n")
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_write_replacing(tmp_path):
    target = tmp_path / "s.json"
    assert writing.write_replacing(target, "a\n", force=False) == "written"
    assert writing.write_replacing(target, "a\n", force=False) == "unchanged"
    with pytest.raises(WriteRefused, match="--force"):
        writing.write_replacing(target, "b\n", force=False)
    assert target.read_text(encoding="utf-8") == "a\n"
    assert writing.write_replacing(target, "b\n", force=True) == "written"
    assert target.read_text(encoding="utf-8") == "b\n"
    assert os.listdir(tmp_path) == ["s.json"]


def test_written_files_get_normal_permissions(tmp_path):
    target = tmp_path / "p.yaml"
    writing.write_new(target, "x\n")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o644 & ~mask


def test_write_new_refuses_a_folder_linked_outside_the_root(tmp_path):
    root = tmp_path / "root"
    (root / "submissions").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "submissions" / "2026").symlink_to(outside, target_is_directory=True)
    target = root / "submissions" / "2026" / "so-b.yaml"
    with pytest.raises(WriteRefused, match="outside the data root"):
        writing.write_new(target, "agency: so-b\n", shown="submissions/2026/so-b.yaml", within=root)
    assert list(outside.iterdir()) == []
    # A folder that does not exist yet is created inside the root as usual.
    writing.write_new(root / "submissions" / "2027" / "so-b.yaml", "x\n", within=root)
    assert (root / "submissions" / "2027" / "so-b.yaml").read_text() == "x\n"


@pytest.mark.parametrize("interruption", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path, monkeypatch, interruption):
    """Issue #6, item 3: the text goes to a temporary file first; a failure half-way (disk full,
    Ctrl-C) must leave the previous file byte for byte, and no temporary file behind."""
    target = tmp_path / "report.md"
    target.write_text("old report\n", encoding="utf-8")

    def fail_midway(fd):
        raise interruption

    monkeypatch.setattr(writing.os, "fsync", fail_midway)
    with pytest.raises((WriteRefused, UsageError, KeyboardInterrupt)):
        writing.write_replacing(target, "new report, half written\n" * 1000, force=True)
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]
