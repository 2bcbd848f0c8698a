"""Data Docs made offline: what a build wrote is rewritten, pages of earlier builds are
not read again."""

from __future__ import annotations

import os

from offshoring.quality.datadocs import make_offline

PAGE = ('<html><head><link rel="stylesheet" href="https://cdn.example/b.css"></head>'
        '<body><script src="//cdn.example/j.js"></script>ok</body></html>')


def test_only_files_written_since_the_build_began_are_rewritten(tmp_path):
    old, new = tmp_path / "validations" / "old.html", tmp_path / "validations" / "new.html"
    old.parent.mkdir()
    for page in (old, new):
        page.write_text(PAGE, encoding="utf-8")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    os.utime(new, (2_000_000_000, 2_000_000_000))

    assert make_offline(tmp_path, since=1_500_000_000) == 1
    assert old.read_text(encoding="utf-8") == PAGE
    rewritten = new.read_text(encoding="utf-8")
    assert "cdn.example" not in rewritten and "Content-Security-Policy" in rewritten

    assert make_offline(tmp_path) == 1  # without `since`: every file, the old one now
    assert "cdn.example" not in old.read_text(encoding="utf-8")
    assert make_offline(tmp_path) == 0  # rewriting is idempotent
