"""Inline SVG line charts drawn in Python (no JavaScript, no external library)."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 560, 260
MARGIN = {"left": 100, "right": 20, "top": 16, "bottom": 30}
SERIES_STYLE = {  # key -> (colour, dash pattern)
    "actual": ("#1b5e20", ""),
    "linked": ("#66bb6a", "3 3"),
    "required": ("#c62828", "6 4"),
    "trend_rate": ("#1565c0", "2 3"),
    "trend_linear": ("#9e9e9e", "8 3 2 3"),
}


def _scale(lo: float, hi: float, out_lo: float, out_hi: float):
    span = (hi - lo) or 1.0
    return lambda v: out_lo + (v - lo) * (out_hi - out_lo) / span


def _polyline(points: list[tuple[float, float]], key: str) -> str:
    colour, dash = SERIES_STYLE[key]
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<polyline class="series series-{key}" data-series="{key}" points="{coords}" '
            f'fill="none" stroke="{colour}" stroke-width="2.2"{dash_attr}/>')


def line_chart(years: list[int], series: dict[str, list[float | None]], target: tuple[int, float],
               labels: dict[str, str], value_label, title: str) -> str:
    """An SVG chart of several series over years, the target marked with a labelled dot.

    series: key (see SERIES_STYLE) -> one value or None per year; labels: key -> legend text;
    value_label: formats an axis value.
    """
    values = [v for vals in series.values() for v in vals if v is not None] + [target[1]]
    y_hi = max(values) * 1.08
    x = _scale(years[0], years[-1], MARGIN["left"], WIDTH - MARGIN["right"])
    y = _scale(0, y_hi, HEIGHT - MARGIN["bottom"], MARGIN["top"])
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
             f'{HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
             f'aria-label="{escape(title)}">', f"<title>{escape(title)}</title>"]
    parts += _axes(years, y_hi, x, y, value_label)
    for key, vals in series.items():
        points = [(x(yr), y(v)) for yr, v in zip(years, vals, strict=True) if v is not None]
        if len(points) > 1:
            parts.append(_polyline(points, key))
    tx, ty = x(target[0]), y(target[1])
    parts.append(f'<circle class="target" cx="{tx:.1f}" cy="{ty:.1f}" r="6" fill="#c62828"/>')
    parts.append(f'<text x="{tx - 8:.1f}" y="{ty - 10:.1f}" text-anchor="end" '
                 f'font-size="12" font-weight="bold">{escape(value_label(target[1]))}</text>')
    parts.append("</svg>")
    legend = "".join(
        f'<span class="legend-item"><svg width="26" height="10"><line x1="0" y1="5" x2="26" '
        f'y2="5" stroke="{SERIES_STYLE[k][0]}" stroke-width="2.2" stroke-dasharray='
        f'"{SERIES_STYLE[k][1]}"/></svg> {escape(labels[k])}</span>' for k in series)
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def _axes(years, y_hi, x, y, value_label) -> list[str]:
    base = HEIGHT - MARGIN["bottom"]
    out = [f'<line x1="{MARGIN["left"]}" y1="{base}" x2="{WIDTH - MARGIN["right"]}" '
           f'y2="{base}" stroke="#444"/>']
    for yr in years:
        if yr % 5 == 0 or yr == years[-1]:
            out.append(f'<text x="{x(yr):.1f}" y="{base + 18}" text-anchor="middle" '
                       f'font-size="11">{yr}</text>')
    for i in range(5):
        v = y_hi * i / 4
        out.append(f'<line x1="{MARGIN["left"]}" y1="{y(v):.1f}" x2="{WIDTH - MARGIN["right"]}"'
                   f' y2="{y(v):.1f}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{MARGIN["left"] - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
                   f'font-size="10">{escape(value_label(v))}</text>')
    return out
