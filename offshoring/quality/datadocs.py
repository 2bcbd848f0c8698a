"""Great Expectations Data Docs under the warehouse, made viewable offline and inert.

GX's pages load bootstrap, jquery, font-awesome, vega and a logo from CDNs. After each
build, ``make_offline`` removes external <link>/<script> tags, points external images at
the local logo, neutralises external links and inlines a small stylesheet.

GX writes the values of its results into the pages as they are (a cell holding
``<img src=x onerror=...>`` would be markup), so ``escape_results`` HTML-escapes every
received value in the stored results before a build, and every page gets the project's
Content-Security-Policy (no script, no network load: ``offshoring.text``).
"""

from __future__ import annotations

import html
import os
import re
import time
from pathlib import Path

from offshoring.text import csp_meta, html_escaped_values

from . import gx_engine
from .gx_pages import ESCAPED_MARK

SITE_NAME = "offshoring_local"
LOCAL_LOGO = "static/images/logo-long.png"
EXTERNAL = r"(?:https?:)?//"
_LINK_TAG = re.compile(r"<link\b[^>]*\bhref=[\"']" + EXTERNAL + r"[^>]*>", re.I)
_SCRIPT_TAG = re.compile(
    r"<script\b[^>]*\bsrc=[\"']" + EXTERNAL + r"[^\"']*[\"'][^>]*>\s*</script>", re.I
)
_IMG_SRC = re.compile(r"(<img\b[^>]*\bsrc=)([\"'])" + EXTERNAL + r"[^\"']*\2", re.I)
# \bhref= would be the same, but a pattern that begins with \b is tried at every position
# of the page (2 ms a 45 KB page); beginning with the word itself, it is searched for.
_HREF = re.compile(r"href(?<=\bhref)=([\"'])" + EXTERNAL + r"[^\"']*\1", re.I)
_SRC = re.compile(r"src(?<=\bsrc)=([\"'])" + EXTERNAL + r"[^\"']*\1", re.I)
_CSS_URL = re.compile(r"url\(\s*([\"']?)" + EXTERNAL + r"[^)]*\)", re.I)

OFFLINE_STYLE = """<style>
/* inlined by offshoring.quality.datadocs: readable without the CDN stylesheets */
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 1.5rem;
  color: #1f2933; line-height: 1.4; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #cbd2d9; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f0f4f8; }
a { color: #0b5cad; } nav, .navbar { margin-bottom: 1rem; }
.alert-danger, .text-danger { color: #b00020; } .text-success { color: #1b7f3b; }
.container-fluid, .row { display: block; } img { max-height: 3rem; }
ul { padding-left: 1.2rem; } code, pre { background: #f5f7fa; padding: 0 .2rem; }
.hide, .d-none { display: none; }
</style>"""


def escape_results(context) -> int:
    """HTML-escape the received values of every validation result held by the context
    (what Data Docs render); returns how many results were escaped now. The results
    ``gx_engine`` stored were escaped as they were stored: not read back."""
    store = context.validation_results_store
    escaped = 0
    for key in store.list_keys():
        if gx_engine.stored_escaped(key):
            continue
        suite_result = store.get(key)
        meta = suite_result.meta if suite_result.meta is not None else {}
        if meta.get(ESCAPED_MARK):
            continue
        for result in suite_result.results:
            if result.result:
                result.result = html_escaped_values(result.result)
        suite_result.meta = {**meta, ESCAPED_MARK: True}
        store.set(key, suite_result)
        escaped += 1
    return escaped


def _rewrite_html(text: str, depth: int) -> str:
    prefix = "../" * depth
    text = _LINK_TAG.sub("", text)
    text = _SCRIPT_TAG.sub("", text)
    text = _IMG_SRC.sub(lambda m: f"{m.group(1)}{m.group(2)}{prefix}{LOCAL_LOGO}{m.group(2)}",
                        text)
    text = _HREF.sub('href="#"', text)
    text = _SRC.sub('src=""', text)
    text = _CSS_URL.sub("none", text)
    if "offshoring.quality.datadocs" not in text:
        text = re.sub(r"<head(\s[^>]*)?>", lambda m: f"<head{m.group(1) or ''}>{csp_meta()}",
                      text, count=1, flags=re.I)
        text = re.sub(r"</head>", OFFLINE_STYLE + "</head>", text, count=1, flags=re.I)
    return text


def make_offline(site_dir: Path, since: float | None = None) -> int:
    """Rewrite every page and stylesheet of the site so nothing loads from the network
    (with ``since``, a time.time(): only those written since, the rest was rewritten by
    an earlier build). Returns the number of files changed.
    """
    changed = 0
    site_dir = Path(site_dir)
    for path in site_dir.rglob("*"):
        if path.suffix.lower() not in (".html", ".css") or not path.is_file():
            continue
        if since is not None and path.stat().st_mtime < since:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".html":
            depth = len(path.relative_to(site_dir).parts) - 1
            new = _rewrite_html(text, depth)
        else:
            new = _CSS_URL.sub("none", text)
        if new != text:
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_text(new, encoding="utf-8")
            os.replace(tmp, path)
            changed += 1
    return changed


_STATUS = re.compile(r"Status:</span>.{0,200}?(Succeeded|Failed)", re.S)
PAGES_MARKER = "<!-- offshoring: static page list -->"


def _status(page: Path) -> bool | None:
    """A page's overall status as GX rendered it (pages of another process)."""
    match = _STATUS.search(page.read_text(encoding="utf-8"))
    return None if not match else match.group(1) == "Succeeded"


def _passed_word(passed: bool | None) -> str:
    return "?" if passed is None else ("succeeded" if passed else "failed")


def _page_list(site_dir: Path) -> str:
    """A plain list of every page: GX fills its index tables with JavaScript from CDNs."""
    items = {"validations": [], "expectations": []}
    for path in sorted(site_dir.rglob("*.html")):
        parts = path.relative_to(site_dir).parts
        if len(parts) < 2 or parts[0] not in items:
            continue
        href = "/".join(parts)
        if parts[0] == "validations" and len(parts) >= 5:
            # One page per file (gx_engine.run_rules): one entry per rule judged on it.
            judged = gx_engine.page_rules(href) or {".".join(parts[1:-3]): _status(path)}
            labels = [f"{parts[-3]} · {rule} · {_passed_word(passed)} · {parts[-2]}"
                      for rule, passed in judged.items()]
        else:
            labels = [".".join(parts[1:]).removesuffix(".html")]
        items[parts[0]].extend(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>'
                               for label in labels)
    validations = sorted(items["validations"], key=lambda li: ("· failed ·" not in li, li))
    return (f"{PAGES_MARKER}<section><h2>Validation results (failed first)</h2><ul>"
            + "".join(validations) + "</ul><h2>Expectation suites (one per rule)</h2><ul>"
            + "".join(items["expectations"]) + "</ul></section>")


def add_page_list(site_dir: Path) -> None:
    """Put the static page list at the top of index.html (replacing an older one)."""
    index = Path(site_dir) / "index.html"
    if not index.is_file():
        return
    text = index.read_text(encoding="utf-8")
    text = re.sub(re.escape(PAGES_MARKER) + r"<section>.*?</section>", "", text, flags=re.S)
    text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _page_list(Path(site_dir)), text,
                  count=1, flags=re.I)
    index.write_text(text, encoding="utf-8")


def _cache_compiled_templates() -> None:
    """GX's page views compile their Jinja templates again for every build (a new Jinja
    environment per view): 0.15 s of a build's 0.28 s. Each view's environment gets
    Jinja's own bytecode cache, in Jinja's per-user folder of the temporary directory
    (created 0700 and checked to be the user's by Jinja), keyed by each template's
    checksum: a later build, in this process or another, loads the compiled code."""
    from great_expectations.render.view import view

    if getattr(view.DefaultJinjaView.__init__, "_offshoring_cached", False):
        return
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        """A cache that fails is no cache: the template is compiled, the build goes on."""

        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                pass

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    try:
        cache = QuietCache()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every time
        return
    make_view = view.DefaultJinjaView.__init__

    def make_cached_view(self, *args, **kwargs) -> None:
        make_view(self, *args, **kwargs)
        self.env.bytecode_cache = cache

    make_cached_view._offshoring_cached = True
    view.DefaultJinjaView.__init__ = make_cached_view


def build_data_docs(settings, site_dir: Path | None = None) -> Path:
    """Build GX's static HTML for every validation run in this process; return index.html.

    The site goes to ``settings.data_docs_dir`` (or ``site_dir``) and is made offline.
    Validation results live in the process's ephemeral GX context, so call this at the end
    of a run, in the process that validated.
    """
    target = Path(site_dir or settings.data_docs_dir).resolve()
    target.mkdir(parents=True, exist_ok=True)
    context = gx_engine.get_context()
    config = {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(target)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    escape_results(context)
    _cache_compiled_templates()
    # Files this build writes get a later time; a second of margin for coarse clocks.
    started = time.time() - 1.0
    sites = context.list_data_docs_sites()
    if SITE_NAME in sites:
        context.update_data_docs_site(SITE_NAME, config)
    else:
        context.add_data_docs_site(SITE_NAME, config)
    context.build_data_docs(site_names=[SITE_NAME])
    make_offline(target, since=started)
    add_page_list(target)
    return target / "index.html"
