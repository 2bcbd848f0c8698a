"""receive: open a file once, checksum it, recognise a file seen before, archive a new
one; and tidy the landing folder once the file is safe.

A landing file is opened without following links and must be a regular file. Its bytes
are read once: copied into archive/ while they are hashed, so the archive holds exactly
the bytes hashed and judged; the copy is named by that checksum when the file is new and
deleted when it was seen before (a dry run only hashes). A file that changed while it was
copied (inode, size, modification or change time) is not taken. It leaves landing/ only if
it is still the very file that was read: a file rewritten meanwhile stays for the next
run.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from offshoring import files
from offshoring.pipeline.outcome import DUPLICATE, REJECTED, SKIPPED, FileOutcome
from offshoring.text import excerpt, file_label

LEFT = "left in landing/"


class NotReceived(Exception):
    """A file that could not be received; ``outcome`` says why (nothing was kept)."""

    def __init__(self, outcome: FileOutcome):
        super().__init__(outcome.line)
        self.outcome = outcome


@dataclass
class Incoming:
    """A file being received: where it is, its name as shown, the open file, its status
    when opened, its checksum and, unless a dry run, the copy the checksum was taken of."""

    path: Path
    name: str
    handle: BinaryIO
    opened: os.stat_result
    sha256: str
    in_landing: bool
    copy: Path | None = None  # its bytes in archive/, not yet durable (``archive`` keeps them)


def identity(info: os.stat_result) -> tuple[int, int, int, int, int]:
    """What changes whenever a file is replaced or written to."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def entry_kind(info: os.stat_result) -> str | None:
    """What a directory entry is when it is not a regular file (None for a regular file)."""
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link"
    if stat.S_ISDIR(info.st_mode):
        return "a folder"
    if stat.S_ISFIFO(info.st_mode):
        return "a named pipe"
    if stat.S_ISSOCK(info.st_mode):
        return "a socket"
    return "a device"


def in_landing(settings, path: Path) -> bool:
    return path.parent.resolve() == settings.landing_dir.resolve()


def refused(name: str, what: str, landing: bool = True) -> FileOutcome:
    """An entry the warehouse does not read (a link, a pipe...): rejected, nothing kept."""
    where = LEFT if landing else "nothing kept"
    return FileOutcome(name, "", REJECTED, note=f"{what}, not a regular file: {where} "
                                                "(the warehouse reads only regular files)")


def skipped(name: str, why: str) -> FileOutcome:
    """A file not taken this time (still arriving, changed, gone): nothing kept."""
    return FileOutcome(name, "", SKIPPED, note=why)


@contextmanager
def open_incoming(settings, path: Path, copy: bool = True) -> Iterator[Incoming]:
    """Open a file to receive (a landing file without following links), check it is a
    regular file and checksum it; NotReceived with the outcome otherwise.

    ``copy``: the checksum is taken while the bytes are copied into archive/ (one read;
    ``archive`` keeps the copy, and a copy not kept is deleted on leaving the block);
    False (a dry run): the bytes are only hashed."""
    name, landing = file_label(path), in_landing(settings, path)
    flags = os.O_RDONLY | (os.O_NOFOLLOW if landing else 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotReceived(skipped(name, "no longer there: nothing to receive")) from None
    except OSError as err:
        if landing and os.path.islink(path):
            raise NotReceived(refused(name, "a symbolic link")) from None
        where = f"nothing kept, {LEFT}" if landing else "nothing kept"
        raise NotReceived(FileOutcome(name, "", REJECTED, note=(
            f"cannot be opened: {excerpt(err.strerror or err, 80)}; {where}"))) from None
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        kind = entry_kind(opened)
        if kind:
            raise NotReceived(refused(name, kind, landing))
        if not copy:
            yield Incoming(path, name, handle, opened, files.sha256_handle(handle), landing)
            return
        copied, sha256 = files.hashed_copy(handle, settings.archive_dir)
        try:
            if identity(os.fstat(handle.fileno())) != identity(opened):
                raise NotReceived(skipped(name, _changed_note(landing)))
            yield Incoming(path, name, handle, opened, sha256, landing, copied)
        finally:
            copied.unlink(missing_ok=True)  # kept copies were renamed: nothing to delete


def sweep_partial_copies(settings) -> int:
    """Delete the partial copies an interrupted run left in archive/ (hidden ``*.tmp``:
    ``hashed_copy``'s and ``store_copy``'s); returns how many. Call with the writer lock
    held: no other run is copying then. Kept files are named by checksum, never hidden."""
    folder = settings.archive_dir
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob(".*.tmp"):
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def seen_before(session, incoming: Incoming) -> FileOutcome | None:
    """The outcome of a file whose exact bytes were received before, else None."""
    rows = session.sql("previous_load", {"file_sha256": incoming.sha256})
    if not rows:
        return None
    load_id, status, reason = rows[0]
    if status == REJECTED:
        return FileOutcome(incoming.name, incoming.sha256, REJECTED, load_id=load_id,
                           note=f"already rejected as load {load_id}: {reason}")
    return FileOutcome(incoming.name, incoming.sha256, DUPLICATE, load_id=load_id,
                       note=f"same checksum as load {load_id}")


def archive(settings, incoming: Incoming) -> files.Keeping:
    """Keep the bytes before anything else can go wrong: archive/<sha256><ext>, the copy
    the checksum was taken of renamed to it and made durable on a second thread while the
    file is read (``Keeping.wait`` before the load commits or the file leaves landing);
    without a copy, copied from the open file (NotReceived, nothing kept, if they changed
    since the checksum)."""
    target = settings.archive_dir / f"{incoming.sha256}{files.safe_suffix(incoming.path)}"
    if incoming.copy is not None:
        return files.keep_copy(incoming.copy, target)
    try:
        return files.Keeping(files.store_copy(incoming.handle, target, incoming.sha256),
                             durable=True)
    except files.FileChanged:
        raise NotReceived(skipped(incoming.name, _changed_note(incoming.in_landing))) from None


def _changed_note(landing: bool) -> str:
    where = LEFT if landing else "nothing kept"
    return f"changed while it was being received (still being written?): {where}"


def clear_landing(incoming: Incoming) -> bool:
    """Remove a processed file from the landing folder if it is still exactly the file
    that was read (files given to ``ingest`` from elsewhere are left alone). False when a
    landing file changed meanwhile and stays."""
    if not incoming.in_landing:
        return True
    try:
        now = os.lstat(incoming.path)
    except FileNotFoundError:
        return True
    if identity(now) != identity(incoming.opened):
        return False
    incoming.path.unlink()
    return True
