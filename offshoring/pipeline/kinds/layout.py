"""Publishers' tables (wide, French) read through a layout of layouts/ into release rows;
then staged, judged and loaded exactly as a release (kinds.release.ReleaseFile).

A table no layout can read is refused with the rule ``format.layout`` and one line:
no layout matches (the layouts tried), a layout file that does not validate, a label
that maps to no code (with the closest known label), a header that is not a period, a
cell that is not a number, a decreasing cumulation.
"""

from __future__ import annotations

from pathlib import Path

from offshoring import layouts
from offshoring.pipeline.kinds.release import ReleaseFile
from offshoring.readers import RejectedFile

NAME = "layout"
RULE_ID = "format.layout"


def matches(path: Path, name: str, settings) -> bool:
    """A CSV or XLSX table whose first row names no release column."""
    return layouts.claims(path, settings.limits)


def open_file(path: Path, name: str, session) -> ReleaseFile:
    """The table's release rows (RejectedFile ``format.layout`` when it cannot be read
    through a layout)."""
    try:
        table = layouts.read_with_layout(path, name, session.con, session.settings)
    except layouts.LayoutError as err:
        raise RejectedFile(RULE_ID, str(err)) from None
    except Exception as err:
        # A table shaped beyond what the layout foresaw: refused, never a crash.
        first = str(err).splitlines()[0] if str(err) else ""
        raise RejectedFile(RULE_ID, f"the table cannot be read through its layout: "
                           f"{type(err).__name__}: {first}") from None
    return ReleaseFile(session, table)
