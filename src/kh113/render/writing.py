"""Writing files safely: never clobber by accident, never leave a half-written file (quality bar).

Every command that writes (``new``, ``schema``, ``codeowners``) goes through here. The text goes to a
temporary file in the target's own folder (same file system), is flushed to disk, and only then takes
the target's name, so a reader sees either the old file or the whole new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Literal

from ..messages import msg
from ..problems import UsageError, WriteRefused

Outcome = Literal["written", "unchanged"]


def write_new(
    path: Path, text: str | bytes, shown: str | None = None, rivals: tuple[Path, ...] = (), within: Path | None = None
) -> None:
    """Create ``path`` with ``text``; refuse (WriteRefused) if it exists, leaving it untouched.

    ``shown`` is how messages name the file (e.g. relative to the data root); ``rivals`` are other names
    that would hold the same thing (``so-y-te.yml`` beside ``so-y-te.yaml``) and also make it refuse.
    ``within``: the folder the file must stay in (the data root); a linked folder leading out is refused.
    """
    refused = msg(
        "{file}: already exists; kh113 never overwrites it (edit it, or remove it first)", file=str(shown or path)
    )
    if within is not None:
        _refuse_outside(path, within, shown)
    if path.exists() or path.is_symlink():
        raise WriteRefused(refused)
    for rival in rivals:
        if rival.exists() or rival.is_symlink():
            raise WriteRefused(
                msg(
                    "{file}: {rival} already holds this report; edit that file instead",
                    file=str(shown or path),
                    rival=rival.name,
                )
            )
    tmp = _temp_with(path, text)
    try:
        # A hard link creates the name only if it is free, atomically: no window in which a file created
        # meanwhile could be overwritten. File systems without hard links fall back to a checked rename.
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise WriteRefused(refused) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
                raise _cannot_write(path, exc) from None
            if path.exists():
                raise WriteRefused(refused) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_replacing(path: Path, text: str | bytes, *, force: bool) -> Outcome:
    """Write ``path``; an existing file with other content is replaced only with ``force``."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise WriteRefused(msg("{file}: is not a regular file; kh113 does not write through it", file=str(path)))
    if path.exists():
        if same_content(path, text):
            return "unchanged"
        if not force:
            raise WriteRefused(
                msg("{file}: already exists with other content; rerun with --force to replace it", file=str(path))
            )
    tmp = _temp_with(path, text)
    try:
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return "written"


def same_content(path: Path, content: str | bytes) -> bool:
    """Whether ``path`` holds exactly ``content`` (text as UTF-8); False when it cannot be read."""
    try:
        if isinstance(content, bytes):
            return path.read_bytes() == content
        return path.read_text(encoding="utf-8") == content
    except (OSError, UnicodeDecodeError):
        return False


def _refuse_outside(path: Path, within: Path, shown: str | None) -> None:
    """Refuse a target whose folder, links followed, is not inside ``within`` (a pull request could
    otherwise plant ``submissions/2026 -> /etc`` and have kh113 write there)."""
    base = within.resolve()
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the part that will be created cannot be a link yet
    if not folder.resolve().is_relative_to(base):
        raise WriteRefused(
            msg("{file}: its folder is a link leading outside the data root; not written", file=str(shown or path))
        )


def _temp_with(path: Path, text: str | bytes) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        if isinstance(text, bytes):  # a workbook (issue #14)
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
    except BaseException as exc:
        # Ctrl-C or a full disk half-way: remove the partial temporary file; the target is untouched.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    return tmp


def _remove_leftovers(path: Path) -> None:
    """Remove temporary files an earlier write of ``path`` left when it was killed (issue #10 item 8):
    `git add -A` would commit them. Only regular files named as :func:`_temp_with` names them."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _umask() -> int:
    # mkstemp creates 0600 files; give the result the permissions a normal file would get.
    current = os.umask(0)
    os.umask(current)
    return current


def _cannot_write(path: Path, exc: OSError) -> UsageError:
    return UsageError(
        msg("{file}: cannot be written ({reason})", file=str(path), reason=exc.strerror or type(exc).__name__)
    )
