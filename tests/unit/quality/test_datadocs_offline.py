"""Data Docs made offline: what a build wrote is rewritten, pages of earlier builds are
not read again."""

from __future__ import annotations

import os

import pytest

from offshoring.quality.datadocs import _rewrite_html, make_offline

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


def test_gx_page_views_keep_their_compiled_templates_in_jinjas_bytecode_cache():
    """Every GX view gets the one bytecode cache (wrapped once however often the build
    asks); compiling a template writes its code there, for the next build to load."""
    import jinja2
    from great_expectations.render.view import DefaultJinjaPageView

    from offshoring.quality.datadocs import _cache_compiled_templates

    _cache_compiled_templates()
    wrapped = DefaultJinjaPageView.__init__
    _cache_compiled_templates()
    assert DefaultJinjaPageView.__init__ is wrapped

    first, second = DefaultJinjaPageView(), DefaultJinjaPageView()
    cache = first.env.bytecode_cache
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    assert second.env.bytecode_cache is cache

    _, filename, _ = first.env.loader.get_source(first.env, "table.j2")
    compiled = os.path.join(cache.directory,
                            cache.pattern % (cache.get_cache_key("table.j2", filename),))
    if os.path.exists(compiled):
        os.remove(compiled)
    first.env.get_template("table.j2")
    assert os.path.getsize(compiled) > 0
    assert second.env.get_template("table.j2").name == "table.j2"  # loaded from the cache


def test_a_cache_folder_that_cannot_be_written_only_costs_the_compilation(tmp_path):
    from great_expectations.render.view import DefaultJinjaPageView

    from offshoring.quality.datadocs import _cache_compiled_templates

    _cache_compiled_templates()
    page_view = DefaultJinjaPageView()
    cache_type = type(page_view.env.bytecode_cache)
    page_view.env.bytecode_cache = cache_type(directory=str(tmp_path / "gone"))
    assert page_view.env.get_template("table.j2").name == "table.j2"
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize(("attribute", "rewritten"), [
    ('<a href="//x.example/p">', '<a href="#">'),
    ("<a HREF='https://x.example'>", '<a href="#">'),
    ('<a data-src="http://x.example/i">', '<a data-src="">'),  # a word boundary at '-'
    ('<img SRC="//x.example/i.png">', '<img SRC="../static/images/logo-long.png">'),
    ('<a xhref="//x.example">', '<a xhref="//x.example">'),  # not the attribute href
    ('<a _src="//x.example">', '<a _src="//x.example">'),
    ('<a href="https://x.example" src=\'//y.example\'>', '<a href="#" src="">'),
    ('<a href="/local/page.html">', '<a href="/local/page.html">'),
])
def test_external_addresses_are_neutralised_only_in_href_and_src(attribute, rewritten):
    page = _rewrite_html(f"<html><head></head><body>{attribute}</body></html>", depth=1)
    assert page.split("<body>")[1] == f"{rewritten}</body></html>"
