"""One place for escaping (offshoring.text) and for secrets (offshoring.secrets): what a
file name, a reason or a URL becomes wherever it is shown or logged."""

from __future__ import annotations

import logging

import pytest

from offshoring.pipeline.markdown import summary_markdown
from offshoring.pipeline.outcome import FileOutcome, RunSummary
from offshoring.secrets import install_log_redaction, mask_url, redact, url_problem
from offshoring.settings import ConfigError, load_settings
from offshoring.text import (
    CONTENT_SECURITY_POLICY,
    chat_text,
    excerpt,
    file_label,
    markdown_text,
    one_line,
    printable,
)

NOT_UTF8 = b"r\xe9sultat.csv".decode("utf-8", "surrogateescape")  # as os.listdir gives it


@pytest.mark.parametrize("raw, shown", [
    ("plain-name_2025.csv", "plain-name_2025.csv"),
    ("a\nREJECTED b.csv", "a\\nREJECTED b.csv"),
    ("x\x1b[31m\x7f\r\t.csv", "x\\x1b[31m\\x7f\\r\\t.csv"),
    ("\u202egnp.exe", "\\u202egnp.exe"),  # right-to-left override
    ("zero\u200bwidth", "zero\\u200bwidth"),
    ("line\u2028sep", "line\\u2028sep"),
    (NOT_UTF8, "r\\xe9sultat.csv"),
    ("Fès-Meknès région", "Fès-Meknès région"),  # letters stay letters
])
def test_printable_escapes_what_could_forge_or_hide_text(raw, shown):
    assert printable(raw) == shown
    assert file_label(f"/landing/{raw}") == shown


def test_excerpt_and_one_line_bound_what_is_echoed():
    assert excerpt("a" * 100, 10) == "a" * 10 + "…"
    assert one_line("a\n  b\tc", 4) == "a b …"
    assert one_line("x\x00y") == "x\\x00y"


def test_markdown_and_chat_text_are_inert():
    assert markdown_text("| a | <img src=x> [l](http://e)\n") == (
        "\\| a \\| &lt;img src=x&gt; \\[l\\]\\(http://e\\)")
    assert chat_text("<!channel> <http://evil|clic> [l](http://e) a&b\nc") == (
        "&lt;!channel&gt; &lt;http://evil|clic&gt; \\[l\\](http://e) a&amp;b c")


def test_the_run_artifact_escapes_file_names():
    name = file_label("a\n| x | y |.csv")  # as the pipeline names every outcome
    summary = RunSummary("r", "/wh", None, [FileOutcome(name, "", "rejected", note="why <b>")])
    assert summary_markdown(summary).splitlines()[2] == (
        "| a\\\\n\\| x \\| y \\|.csv | rejected | 0 | why &lt;b&gt; |")


def test_the_page_policy_forbids_scripts_and_network_loads():
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'none';")
    assert "script-src" not in CONTENT_SECURITY_POLICY
    assert "connect-src" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url, problem", [
    ("https://hooks.slack.com/services/T0/B0/XYZ", None),
    ("http://127.0.0.1:8080/hook", None),
    ("http://[::1]/hook", None),
    ("http://localhost/hook", None),
    ("http://chat.example.org/hook", "uses plain http: allowed only for loopback "
                                     "(127.0.0.1, ::1, localhost); use https"),
    ("ftp://chat.example.org/hook", "is not an http(s) URL with a host"),
    ("https:///path-only", "is not an http(s) URL with a host"),
    ("https://host:port/x", "is not a valid URL"),
])
def test_urls_that_may_carry_a_secret(url, problem):
    assert url_problem(url) == problem


def test_masking_and_redaction():
    url = "https://hooks.slack.com/services/T0/B0/XYZSECRET"
    assert mask_url(url) == "https://hooks.slack.com/***"
    assert mask_url("not a url") == "***"
    text = f"POST {url} failed; path /services/T0/B0/XYZSECRET; token tok-123"
    assert redact(text, [url, "tok-123"]) == "POST *** failed; path ***; token ***"


def test_a_malformed_webhook_url_is_a_configuration_error_with_the_secret_masked(
        monkeypatch, tmp_path):
    monkeypatch.setenv("OFFSHORING_WEBHOOK_URL", "htps://chat.example.org/hooks/SECRETPATH")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert str(caught.value) == ("OFFSHORING_WEBHOOK_URL='htps://chat.example.org/***' is not "
                                 "an http(s) URL with a host")


def test_secret_values_are_redacted_from_every_log_record(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("OFFSHORING_WEBHOOK_URL", "https://chat.example.org/hooks/SECRETPATH")
    monkeypatch.setenv("OFFSHORING_SOURCE_ODC_TOKEN", "tok-secret-42")
    monkeypatch.setenv("OFFSHORING_SOURCE_ODC_USER", "statistician")
    settings = load_settings(tmp_path)
    assert settings.secret_values() == ["tok-secret-42",
                                        "https://chat.example.org/hooks/SECRETPATH"]
    install_log_redaction(settings)
    log = logging.getLogger("offshoring.test")
    with caplog.at_level(logging.INFO):
        log.warning("sending to %s with %s", "/hooks/SECRETPATH", "tok-secret-42")
        try:
            raise ValueError("bad url https://chat.example.org/hooks/SECRETPATH")
        except ValueError:
            log.exception("statistician saw it")
    assert "SECRETPATH" not in caplog.text and "tok-secret-42" not in caplog.text
    assert "sending to *** with ***" in caplog.text and "statistician saw it" in caplog.text
