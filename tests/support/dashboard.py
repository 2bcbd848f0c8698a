"""Read the dashboard back (stdlib html.parser): its figures, status badges and tables.

The page (offshoring/dashboard) has one card per objective (`<section class="card"
id="<indicator>">`): a paragraph with both progress ratios and their badges, the figures
table (`data-key="<indicator>.<column>"`, raw value in `data-value`), and the segment and
region tables (`<h3>` then `<table class="grid">`); then the quality table
(`<table id="quality">`). Badges are `<span class="badge" data-status="...">`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    text: str = ""
    statuses: list[str] = field(default_factory=list)  # data-status of badges inside


@dataclass
class Table:
    section: str | None  # the card's id (indicator), None outside the cards
    heading: str  # the last h2/h3 text before the table
    attrs: dict
    rows: list[list[Cell]] = field(default_factory=list)

    def texts(self) -> list[list[str]]:
        """Every row's cell texts (whitespace collapsed), header row first."""
        return [[cell.text for cell in row] for row in self.rows]


@dataclass
class Paragraph:
    section: str | None
    text: str
    statuses: list[str]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, list] = {}
        self.polylines = 0
        self.tables: list[Table] = []
        self.paragraphs: list[Paragraph] = []
        self._key = None
        self._section = None
        self._heading = None  # text being collected for h2/h3
        self._last_heading = ""
        self._cell: Cell | None = None
        self._para: Paragraph | None = None
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._svg += 1
        if tag == "polyline":
            self.polylines += 1
        if tag == "section":
            self._section = attrs.get("id")
        if tag in ("h2", "h3"):
            self._heading = ""
        if tag == "table":
            self.tables.append(Table(self._section, self._last_heading, attrs))
        if tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        if tag in ("td", "th") and self.tables:
            self._cell = Cell()
            self.tables[-1].rows[-1].append(self._cell)
        if tag == "p" and not self._svg:
            self._para = Paragraph(self._section, "", [])
        if tag == "span" and "data-status" in attrs:
            for holder in (self._cell, self._para):
                if holder is not None:
                    holder.statuses.append(attrs["data-status"])
        if "data-key" in attrs:
            self._key = attrs["data-key"]
            self.figures[self._key] = [attrs.get("data-value"), ""]

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg -= 1
        if tag == "section":
            self._section = None
        if tag in ("h2", "h3") and self._heading is not None:
            self._last_heading = " ".join(self._heading.split())
            self._heading = None
        if tag in ("td", "th") and self._cell is not None:
            self._cell.text = " ".join(self._cell.text.split())
            self._cell = None
        if tag == "p" and self._para is not None:
            self._para.text = " ".join(self._para.text.split())
            self.paragraphs.append(self._para)
            self._para = None
        if tag == "td":
            self._key = None

    def handle_data(self, data):
        if self._svg:
            return
        if self._key:
            self.figures[self._key][1] += data
        if self._heading is not None:
            self._heading += data
        if self._cell is not None:
            self._cell.text += data
        if self._para is not None:
            self._para.text += data


def parse_page(html: str) -> _Page:
    """Parse a dashboard page: `figures`, `polylines`, `tables`, `paragraphs`."""
    page = _Page()
    page.feed(html)
    page.close()
    return page


# The browser test reads the figures of the DOM Chromium dumps with the same parser.
parse_figures = parse_page
