"""File-system helpers: checksums, atomic writes, safe stored names."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def csv_delimiter(first_line: str) -> str:
    """A CSV's delimiter from its header line: semicolon (French spreadsheets) or comma."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def safe_suffix(path: Path) -> str:
    """The file's extension, lower case and ASCII only ('' when odd)."""
    suffix = path.suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_copy(source: Path, target: Path) -> Path:
    """Copy bytes to target atomically (temporary name, fsync, rename); idempotent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and target.stat().st_size == source.stat().st_size:
        return target
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(source, "rb") as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, target)
    fsync_dir(target.parent)
    return target


def move_into(source: Path, folder: Path) -> Path:
    """Move a stored file into another folder of the warehouse, atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    os.replace(source, target)
    fsync_dir(folder)
    return target
