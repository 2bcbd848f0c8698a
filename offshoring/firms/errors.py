"""Errors raised by the firm-declarations capability."""

from __future__ import annotations


class FirmFileError(ValueError):
    """A firm-declarations file that cannot be read; ``reason`` is one line of text."""

    def __init__(self, reason: str) -> None:
        self.reason = " ".join(str(reason).split())[:300]
        super().__init__(self.reason)
