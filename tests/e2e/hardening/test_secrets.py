"""Nothing let in, nothing leaked: links in landing/, a malformed webhook URL, markup in
cells, file names and sources, control characters in names, credentials on redirects
(issue 12, security)."""

from __future__ import annotations

import os
import re

import duckdb
import pytest

from tests.support.http_server import ScriptedServer

from .conftest import (
    GOOD,
    HEADER,
    PLANTED,
    kept,
    leaks,
    line_for,
    marts_complete,
    no_traceback,
    offshoring,
    published,
    sha256,
    write,
)

NOT_REGULAR = "not a regular file: left in landing/ (the warehouse reads only regular files)"
IMG = "<img src=x onerror=alert(1)>"


def test_links_in_landing_are_refused_unread(wh, tmp_path):
    """A link to the process environment or to another file is never followed: nothing of
    what it points to reaches the warehouse, Prefect's logs (its state is under the
    warehouse: no PREFECT_API_URL here) or the output."""
    landing = wh.landing_dir
    other = write(tmp_path / "elsewhere.csv", f"{PLANTED},first line of a private file\n")
    os.symlink("/proc/self/environ", landing / "environ.csv")
    os.symlink(other, landing / "other.csv")
    os.mkfifo(landing / "pipe.csv")
    write(landing / "good.csv", GOOD)
    private = "confidential-header-" + "z" * 80
    header = write(landing / "header.csv", HEADER.replace("published_on", private)
                   + "jobs;2025;ALL;MA;1;emplois;MTNRA;2026-03-14\n").read_bytes()

    done = offshoring(wh, "run")

    assert done.returncode == 3, done.stderr
    no_traceback(done)
    assert line_for(done, "REJECTED", "environ.csv") == (
        f"REJECTED environ.csv: a symbolic link, {NOT_REGULAR}")
    assert line_for(done, "REJECTED", "other.csv") == (
        f"REJECTED other.csv: a symbolic link, {NOT_REGULAR}")
    assert line_for(done, "REJECTED", "pipe.csv") == (
        f"REJECTED pipe.csv: a named pipe, {NOT_REGULAR}")
    # A reason quotes a short, escaped excerpt of the content at most (30 characters).
    assert line_for(done, "REJECTED", "header.csv") == (
        "REJECTED header.csv: format.required_columns (error): missing column(s) "
        f"published_on; unknown header(s) '{private[:30]}…'")
    assert line_for(done, "LOADED", "good.csv")
    assert sorted(p.name for p in landing.iterdir()) == ["environ.csv", "other.csv", "pipe.csv"]
    assert kept(wh, "quarantine") == {sha256(header): header}  # the rest: not read at all
    assert published(wh, "jobs", "2025") == [("MTNRA", 160000.0, "good.csv")]
    assert marts_complete(wh)
    assert leaks(wh, done) == [] and leaks(wh, done, "first line of a private") == []
    # Past the excerpt, the header is in the kept file only: not in meta.loads or logs.
    (quarantined,) = wh.quarantine_dir.iterdir()
    assert leaks(wh, done, private[30:]) == [str(quarantined)]
    assert any(wh.prefect_home.iterdir())  # Prefect's database and logs were searched too


@pytest.mark.parametrize("url, problem", [
    ("htps://chat.example.org/hooks/T0/B0/" + PLANTED, "is not an http(s) URL with a host"),
    ("http://chat.example.org/hooks/T0/B0/" + PLANTED,
     "uses plain http: allowed only for loopback (127.0.0.1, ::1, localhost); use https"),
    ("https://chat.example.org:port/" + PLANTED, "is not a valid URL"),
])
def test_a_malformed_webhook_url_stops_at_start_with_the_secret_masked(tmp_path, url, problem):
    folder = tmp_path / "warehouse"
    from offshoring.settings import load_settings

    settings = load_settings(folder)
    good = write(tmp_path / "good.csv", GOOD)
    for args in (["run"], ["ingest", str(good)], ["validate", str(good)], ["status"]):
        done = offshoring(settings, *args, OFFSHORING_WEBHOOK_URL=url)
        masked = f"'{url.split('://')[0]}://chat.example.org/***'"
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr == f"offshoring: OFFSHORING_WEBHOOK_URL={masked} {problem}\n", args
        assert PLANTED not in done.stderr
    assert not folder.exists()


def test_markup_in_cells_names_and_sources_is_inert_in_every_page(wh, tmp_path, prefect_api):
    """Data Docs and the dashboard show received text as text; every page forbids scripts
    and network loads; a source outside seeds/sources.csv loads with a warning, capped."""
    source = "<b>Observatoire</b> " + "x" * 100
    evil = write(tmp_path / "evil.csv", HEADER + f"{IMG};2025;ALL;MA;1;emplois;MTNRA;2026-03-14\n")
    new = write(tmp_path / "nouveau.csv", HEADER + "jobs;2026;ALL;MA;170 000;emplois;"
                f"{source};2026-03-20\n")
    done = offshoring(wh, "ingest", str(evil), str(new), api=prefect_api)
    assert done.returncode == 3, done.stderr
    no_traceback(done)
    assert line_for(done, "REJECTED", "evil.csv").startswith(
        "REJECTED evil.csv: format.known_codes (error): ")
    loaded = line_for(done, "LOADED", "nouveau.csv")
    assert loaded.startswith("LOADED nouveau.csv: 1 rows as load 8 (1 warning(s))")
    capped = source[:80]
    assert published(wh, "jobs", "2026") == [(capped, 170000.0, "nouveau.csv")]
    quality = offshoring(wh, "quality")
    assert ("FAILED  warning release.known_source               nouveau.csv (load 8): 1 row(s)"
            in quality.stdout.splitlines())

    pages = [*wh.data_docs_dir.rglob("*.html"), *wh.report_dir.glob("*.html")]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert IMG not in text and "<b>Observatoire" not in text, page
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                           text)
        assert policy and policy.group(1).startswith("default-src 'none';"), page
        assert "script-src" not in policy.group(1) and "connect-src" not in policy.group(1)
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text), page
    # Data Docs name failing rows by their row in the rule's frame (one validation per
    # file), not by the received values: the file's page is there, its values are not.
    docs = "".join(p.read_text(encoding="utf-8") for p in wh.data_docs_dir.rglob("*.html"))
    assert "format.known_codes (error)" in docs
    assert "onerror" not in docs and "Observatoire" not in docs
    dashboard = (wh.report_dir / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Observatoire&lt;/b&gt;" in dashboard  # the latest jobs figure's source


def test_control_characters_in_a_name_never_forge_a_line(wh, prefect_api):
    forged = "x.csv\nREJECTED forged.csv: format.known_codes (error)\x1b[2K\u202eflip.csv"
    write(wh.landing_dir / forged, HEADER + "jobz;2025;ALL;MA;1;emplois;MTNRA;2026-03-14\n")
    done = offshoring(wh, "run", api=prefect_api)
    assert done.returncode == 3
    no_traceback(done)
    shown = "x.csv\\nREJECTED forged.csv: format.known_codes (error)\\x1b[2K\\u202eflip.csv"
    assert line_for(done, "REJECTED", shown)
    for stream in (done.stdout, done.stderr):
        assert not any(line.startswith("REJECTED forged.csv") for line in stream.splitlines())
        assert "\x1b" not in stream and "\u202e" not in stream
    con = duckdb.connect(str(wh.db_path), read_only=True)
    assert con.execute("select file_name from meta.loads where status = 'rejected'"
                       ).fetchall() == [(shown,)]


@pytest.fixture
def publisher():
    """The publisher (127.0.0.1) and another host (localhost: another origin)."""
    with ScriptedServer() as first, ScriptedServer() as second:
        second_url = second.url.replace("127.0.0.1", "localhost")
        yield first, second, second_url


def test_release_flow_keeps_credentials_on_their_origin_and_notifies_inertly(
        wh, publisher, prefect_api, monkeypatch, caplog):
    """A scheduled run: the publisher redirects elsewhere (the token is not sent there),
    serves a body over the size cap, a plain http URL to another machine is refused, and
    a hostile file name in landing/ is notified without markup or forged lines."""
    from flows.scheduled import release_flow

    first, second, second_url = publisher
    webhook_path = "/hooks/T0/B0/" + PLANTED + "-hook"
    with ScriptedServer() as receiver:
        receiver.post_status = 500  # the failure is logged: the URL path stays masked
        monkeypatch.setenv("OFFSHORING_SOURCE_MTNRA_TOKEN", PLANTED)
        monkeypatch.setenv("OFFSHORING_WEBHOOK_URL", receiver.url + webhook_path)
        monkeypatch.setenv("OFFSHORING_MAX_FILE_MB", "0.001")  # 1,048 bytes
        first.script.extend([
            {"status": 302, "headers": {"Location": f"{second_url}/files/emploi.csv"}},
            {"status": 200, "body": b"x" * 2000},
        ])
        second.script.append({"status": 200, "body": GOOD.encode()})
        name = "<!channel> [cliquez](evil.example) *gras*\nREJECTED x.csv"
        write(wh.landing_dir / name, HEADER + "jobz;2025;ALL;MA;1;emplois;MTNRA;2026-03-14\n")
        result = release_flow(sources=[f"mtnra={first.url}/emploi.csv",
                                       f"mtnra={first.url}/gros.csv",
                                       "mtnra=http://publisher.example/emploi.csv"],
                              warehouse=str(wh.warehouse_dir), check_freshness=False)
        posts = receiver.posts
    assert first.requests[0]["headers"]["Authorization"] == f"Bearer {PLANTED}"
    assert "Authorization" not in second.requests[0]["headers"]  # another origin
    refused = {item["what"].rsplit("/", 1)[-1]: item["reason"]
               for item in result["fetched"]["refused"]}
    assert refused["gros.csv"].endswith("the body is larger than OFFSHORING_MAX_FILE_MB=0.001")
    assert refused["emploi.csv"].startswith("http://publisher.example/*** uses plain http")
    assert result["loaded"] == 1 and result["rejected"] == 1  # emploi.csv, the hostile name
    assert published(wh, "jobs", "2025") == [("MTNRA", 160000.0, "emploi.csv")]

    rejected = [p for p in posts if p["event"] == "release_rejected" and p["rules"][0][
        "rule_id"] == "format.known_codes"]
    (message,) = rejected
    assert message["release"] == "<!channel> [cliquez](evil.example) *gras*\\nREJECTED x.csv"
    shown = "&lt;!channel&gt; \\[cliquez\\](evil.example) *gras*\\\\nREJECTED x.csv"
    assert message["text"].splitlines()[:2] == [f"Release rejected (quarantined): {shown}",
                                                f"release: {shown}"]
    everything = repr(posts) + caplog.text
    assert PLANTED not in everything
    assert leaks(wh) == [] and leaks(wh, secret=webhook_path) == []
