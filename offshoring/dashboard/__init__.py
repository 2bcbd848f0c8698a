"""Static HTML dashboard of the 2030 objectives, generated from the marts after each run.

`write_report(con, settings)` writes `report/index.html` (English) and
`report/index.fr.html` (French): self-contained pages (inline CSS and SVG, no script, no
network) that open from the file system.
"""

from offshoring.dashboard.build import write_report

__all__ = ["write_report"]
