"""Render the dashboard pages (English and French) and write them atomically."""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from pathlib import Path

from offshoring.dashboard import data
from offshoring.dashboard.labels import LABELS, PAGES, amount, number, percent
from offshoring.dashboard.svg import line_chart
from offshoring.publish import reading_published
from offshoring.settings import Settings
from offshoring.text import csp_meta

SHA_SHORT = 12
CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:1.5em} h2{margin-top:1.6em;border-bottom:2px solid #ddd}
.cards{display:flex;flex-wrap:wrap;gap:24px}
.card{border:1px solid #ddd;border-radius:8px;padding:16px;flex:1 1 520px}
.figures td{padding:2px 10px 2px 0} .figures td.num{text-align:right;font-weight:bold}
table.grid{border-collapse:collapse;margin:8px 0} .grid td,.grid th{border:1px solid #ddd;
padding:3px 8px;font-size:.9em} .grid td.num{text-align:right}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;color:#fff;font-size:.85em}
.badge-on_track{background:#2e7d32} .badge-acceleration_needed{background:#ef6c00}
.badge-limited_progress,.badge-stagnation_or_regression,.badge-deterioration{background:#c62828}
.badge-target_achieved{background:#1b5e20} .badge-target_not_achieved{background:#b71c1c}
.badge-none,.badge-insufficient_data{background:#9e9e9e} .vintage{color:#666;font-size:.8em}
.legend{font-size:.8em} .legend-item{margin-right:14px} .failed{color:#c62828}
"""


def write_report(con, settings: Settings) -> Path:
    """Write report/index.html (English) and index.fr.html (French) from the marts as last
    published; return index.html."""
    folder = settings.report_dir
    folder.mkdir(parents=True, exist_ok=True)
    with reading_published(con, settings, data.MARTS):
        content = _collect(con, settings)
    for lang, name in PAGES.items():
        _atomic_write(folder / name, render_page(content, lang))
    return folder / PAGES["en"]


def _collect(con, settings: Settings) -> dict:
    objectives = data.objectives(con, settings)
    indicators = [o["indicator"] for o in objectives]
    return {
        "objectives": objectives,
        "trajectory": data.trajectory(con, settings, indicators),
        "segments": data.breakdown(con, settings, indicators, "segment"),
        "regions": data.breakdown(con, settings, indicators, "region"),
        "quality": data.quality_summary(con, settings),
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def render_page(content: dict, lang: str) -> str:
    """The whole page in one language."""
    t = LABELS[lang]
    other = "fr" if lang == "en" else "en"
    cards = "".join(_indicator_card(o, content, lang) for o in content["objectives"])
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{csp_meta()}'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(t['title'])}</title><style>{CSS}</style></head><body>"
            f'<p><a href="{PAGES[other]}" hreflang="{other}">{escape(t["other_lang"])}</a></p>'
            f"<h1>{escape(t['title'])}</h1>"
            f'<p class="vintage">{escape(t["generated"])} {escape(content["generated"])}. '
            f'{escape(t["synthetic"])}</p><div class="cards">{cards}</div>'
            f"{_quality(content['quality'], lang)}"
            f'<p class="vintage">{escape(t["method"])}</p></body></html>')


def badge(status: str | None, lang: str) -> str:
    """A coloured status label."""
    key = status or "none"
    text = LABELS[lang].get(f"status.{key}", key)
    return (f'<span class="badge badge-{escape(key)}" data-status="{escape(key)}">'
            f"{escape(text)}</span>")


def _vintage(source, published_on, sha, lang: str, file_name: str | None = None) -> str:
    t = LABELS[lang]
    parts = [f"{t['source']} {source}"]
    if published_on:
        parts.append(f"{t['published']} {published_on}")
    if file_name:
        parts.append(file_name)
    return _vintage_span(parts, sha)


def _load_vintage(load_id, checked_at, sha, lang: str) -> str:
    """Which load of which file was checked, and when (not a publisher's vintage)."""
    t = LABELS[lang]
    return _vintage_span([f"{t['load']} {load_id}", f"{t['checked']} {checked_at}"], sha)


def _vintage_span(parts: list, sha) -> str:
    if sha:
        parts.append(f"sha256 {str(sha)[:SHA_SHORT]}")
    return f'<span class="vintage">{escape(" · ".join(str(p) for p in parts))}</span>'


def _figure(key: str, label: str, shown: str, raw, vintage: str = "") -> str:
    raw_attr = "" if raw is None else f' data-value="{escape(repr(float(raw)))}"'
    return (f"<tr><td>{escape(label)}</td><td class=\"num\" data-key=\"{escape(key)}\"{raw_attr}>"
            f"{escape(shown)}</td><td>{vintage}</td></tr>")


def _indicator_card(o: dict, content: dict, lang: str) -> str:
    t, ind, unit = LABELS[lang], o["indicator"], o["unit"]
    title = t.get(f"indicator.{ind}", ind)
    latest_vintage = _vintage(o["latest_source"], o["latest_published_on"],
                              o["latest_file_sha256"], lang, o["latest_file_name"])
    target_vintage = _vintage(o["target_source"], "", None, lang, o.get("target_file"))
    figures = "".join([
        _figure(f"{ind}.latest_value", f"{t['latest']} ({o['latest_period']})",
                amount(o["latest_value"], unit, lang), o["latest_value"], latest_vintage),
        _figure(f"{ind}.target_value", f"{t['target']} {o['target_year']}",
                amount(o["target_value"], unit, lang), o["target_value"], target_vintage),
        _figure(f"{ind}.cagr_required", t["required_cagr"],
                percent(o["cagr_required"], 2, lang), o["cagr_required"]),
        _figure(f"{ind}.cagr_observed", t["observed_cagr"],
                percent(o["cagr_observed"], 2, lang), o["cagr_observed"]),
        _figure(f"{ind}.projected_2030", f"{t['projected']} ({o['target_year']})",
                amount(o["projected_2030"], unit, lang), o["projected_2030"]),
        _figure(f"{ind}.required_increment_next_year", t["to_add_next"],
                amount(o["required_increment_next_year"], unit, lang),
                o["required_increment_next_year"]),
        _figure(f"{ind}.required_increment_per_year_avg", t["to_add_avg"],
                amount(o["required_increment_per_year_avg"], unit, lang),
                o["required_increment_per_year_avg"]),
    ])
    statuses = (f"<p>{escape(t['cagr_status'])} {number(o['progress_ratio'], 3, lang)} "
                f"{badge(o['status'], lang)} · {escape(t['projection_status'])} "
                f"{number(o['projection_ratio'], 3, lang)} {badge(o['projection_status'], lang)}"
                f"</p>{_observed(o, lang)}")
    return (f'<section class="card" id="{escape(ind)}"><h2>{escape(title)}</h2>{statuses}'
            f"{_chart(o, content['trajectory'][ind], lang)}"
            f'<table class="figures">{figures}</table>'
            f"<h3>{escape(t['segments'])}</h3>"
            f"{_breakdown(content['segments'][ind], 'segment', lang)}"
            f"<h3>{escape(t['regions'])}</h3>"
            f"{_breakdown(content['regions'][ind], 'region', lang)}"
            "</section>")


def _observed(o: dict, lang: str) -> str:
    """The observation window in words: years, and how a series break was handled."""
    t = LABELS[lang]
    text = t["observed"].format(start=o["observed_from"], end=o["latest_period"],
                                years=o["years_observed"],
                                basis=t.get(f"basis.{o['observed_basis']}", o["observed_basis"]))
    return f'<p class="vintage observed">{escape(text)}</p>'


def _chart(o: dict, trajectory: list[dict], lang: str) -> str:
    t, unit = LABELS[lang], o["unit"]
    years = [r["year"] for r in trajectory]
    series = {"actual": [r["actual_value"] for r in trajectory]}
    if any(r["is_linked"] for r in trajectory):  # the earlier years on today's definition
        series["linked"] = _linked(trajectory)
    series.update({"required": [r["required_path"] for r in trajectory],
                   "trend_rate": [r["projected_observed_rate"] for r in trajectory],
                   "trend_linear": [r["projected_linear_trend"] for r in trajectory]})
    return line_chart(years, series, (o["target_year"], o["target_value"]), t,
                      lambda v: amount(v, unit, lang), t.get(f"indicator.{o['indicator']}", ""))


def _linked(trajectory: list[dict]) -> list[float | None]:
    """Linked values of the linked years, and of the year after each (the line joins the
    published series where the definitions meet)."""
    flags = [r["is_linked"] for r in trajectory]
    return [r["linked_value"] if flag or (i and flags[i - 1]) else None
            for i, (r, flag) in enumerate(zip(trajectory, flags, strict=True))]


def _breakdown(items: list[dict], key: str, lang: str) -> str:
    if not items:
        return "<p>–</p>"
    t = LABELS[lang]
    head = "".join(f"<th>{escape(t[h])}</th>" for h in ("name", "value", "share", "growth",
                                                         "contribution", "target",
                                                         "projection_badge", "vintage"))
    body = "".join(
        f"<tr><td>{escape(str(r[key]))} {escape(str(r[f'{key}_name_{lang}'] or ''))}</td>"
        f'<td class="num">{escape(amount(r["value"], r["unit"], lang))}</td>'
        f'<td class="num">{escape(percent(r["share"], 1, lang))}</td>'
        f'<td class="num">{escape(percent(r["growth"], 1, lang))}</td>'
        f'<td class="num">{escape(percent(r["contribution_to_growth"], 2, lang))}</td>'
        f'<td class="num">{escape(amount(r["target_value"], r["unit"], lang))}</td>'
        f"<td>{badge(r['projection_status'], lang)}</td>"
        f"<td>{_vintage(r['source'], r['published_on'], r['file_sha256'], lang)}</td></tr>"
        for r in items)
    return f'<table class="grid"><tr>{head}</tr>{body}</table>'


def _quality(summary: list[dict] | None, lang: str) -> str:
    t = LABELS[lang]
    if not summary:
        return f"<h2>{escape(t['quality'])}</h2><p>{escape(t['no_quality'])}</p>"
    head = "".join(f"<th>{escape(t[h])}</th>" for h in ("file", "rules_passed", "rules_failed",
                                                         "vintage"))
    body = "".join(
        f"<tr><td>{escape(r['file_name'])}</td><td class=\"num\">{r['passed']}</td>"
        f'<td class="num{" failed" if r["failed"] else ""}">{r["failed"]}'
        f"{' (' + escape(r['failed_rules']) + ')' if r['failed_rules'] else ''}</td>"
        f"<td>{_load_vintage(r['load_id'], r['checked_at'], r['file_sha256'], lang)}"
        "</td></tr>" for r in summary)
    return (f'<h2>{escape(t["quality"])}</h2><table class="grid" id="quality">'
            f"<tr>{head}</tr>{body}</table>")


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
