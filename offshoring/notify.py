"""Notifications through a webhook: a rejected release, a failed run, late releases.

The URL comes from ``OFFSHORING_WEBHOOK_URL`` (settings) or the Prefect Secret block
``offshoring-webhook-url``. The message is a JSON POST: ``text`` (one readable message,
which chat tools such as Slack or Mattermost display as is) plus structured fields
(``event``, ``release``, ``rules``, ``data_docs``). A notification that cannot be sent is
logged and never raises: the pipeline's outcome does not depend on it. Rules arrive
typed (``RuleResult``), from the stage that judged them.

Received text is inert in the message: file names and reasons have Slack's and
Markdown's link and mention markup escaped (``offshoring.text.chat_text``), and no configured secret
appears in a message or a log line (``offshoring.secrets.redact``). The URL is checked
when the settings load (``OFFSHORING_WEBHOOK_URL``: exit code 2, the secret masked).
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

from offshoring.quality.model import RuleResult, failed_result, reason_line
from offshoring.secrets import mask_url, redact, secret, url_problem
from offshoring.text import chat_text, one_line

log = logging.getLogger(__name__)

WEBHOOK_BLOCK = "offshoring-webhook-url"
WEBHOOK_TIMEOUT_S = 10.0
EVENT_REJECTED = "release_rejected"
EVENT_FAILED = "run_failed"
EVENT_LATE = "releases_late"


def webhook_url(settings) -> str | None:
    """The configured webhook URL, or None (notifications off)."""
    return secret(settings, settings.webhook_url, WEBHOOK_BLOCK)


def data_docs_link(settings) -> str:
    """``file://`` link to the Data Docs index of the warehouse."""
    return (Path(settings.data_docs_dir) / "index.html").resolve().as_uri()


def build_message(event: str, title: str, rules: Iterable[RuleResult], settings,
                  release: str | None = None, run: str | None = None) -> dict:
    """The JSON payload: a readable ``text`` and the same facts as fields (one line each);
    no configured secret in either. ``title`` is the caller's text, received parts of it
    already passed through ``chat_text``; the release and reasons are escaped here."""
    secrets = settings.secret_values()
    rules = [(r.rule_id, redact(reason_line(r), secrets)) for r in rules]
    release = redact(one_line(release), secrets) if release else None
    link = data_docs_link(settings)
    lines = [redact(title, secrets)]
    if release:
        lines.append(f"release: {chat_text(release)}")
    lines += [f"- {chat_text(reason)}" for _, reason in rules]
    lines.append(f"Data Docs: {link}")
    return {
        "text": "\n".join(lines),
        "event": event,
        "release": release,
        "run": run,
        "rules": [{"rule_id": r, "reason": why} for r, why in rules],
        "data_docs": link,
        "warehouse": str(settings.warehouse_dir),
    }


def send_webhook(payload: Mapping, url: str | None,
                 timeout_s: float = WEBHOOK_TIMEOUT_S) -> bool:
    """POST ``payload`` as JSON; True when the receiver answered 2xx. Never raises."""
    if not url:
        log.info("notification not sent: no webhook configured")
        return False
    problem = url_problem(url)
    if problem:
        log.warning("notification not sent: the webhook URL %s %s", mask_url(url), problem)
        return False
    data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            ok = 200 <= response.status < 300
    except Exception as exc:  # noqa: BLE001 - any failure to notify is only logged
        log.warning("notification to webhook %s failed: %s", mask_url(url),
                    redact(one_line(exc), [url]))
        return False
    if not ok:
        log.warning("notification to webhook %s answered HTTP %s", mask_url(url),
                    response.status)
    return ok


def notify_rejected_release(settings, release: str, rules: list[RuleResult],
                            run: str | None = None) -> bool:
    """A release was quarantined: name it and list the rules it broke."""
    title = f"Release rejected (quarantined): {chat_text(release)}"
    payload = build_message(EVENT_REJECTED, title, rules, settings, release=release, run=run)
    return send_webhook(payload, webhook_url(settings))


def notify_run_failed(settings, run: str, error: str) -> bool:
    """A pipeline run failed unexpectedly."""
    payload = build_message(EVENT_FAILED, f"Pipeline run failed: {run}",
                            [failed_result("run.failed", error)], settings, run=run)
    return send_webhook(payload, webhook_url(settings))


def notify_late_releases(settings, late: list[RuleResult]) -> bool:
    """Expected releases have not arrived (``offshoring.freshness``)."""
    payload = build_message(EVENT_LATE, f"{len(late)} expected release(s) late", late,
                            settings)
    return send_webhook(payload, webhook_url(settings))


def notify_summary(settings, summary, run: str | None = None) -> int:
    """One notification per rejected file of a RunSummary; returns how many were sent."""
    sent = 0
    for outcome in summary.rejected:
        rules = outcome.failed or [failed_result("release.rejected", outcome.reasons[0])]
        sent += notify_rejected_release(settings, outcome.file_name, rules, run=run)
    return sent


def on_flow_failure(flow, flow_run, state) -> None:
    """Prefect ``on_failure`` / ``on_crashed`` hook: notify, never raise."""
    try:
        from offshoring.settings import load_settings

        params = getattr(flow_run, "parameters", None) or {}
        settings = load_settings(params.get("warehouse"), params.get("landing"))
        run = f"{flow.name}/{flow_run.name} ({flow_run.id})"
        error = getattr(state, "message", None) or str(state)
        notify_run_failed(settings, run, error)
    except Exception as exc:  # noqa: BLE001 - a hook must not fail the run further
        log.warning("failure notification not sent: %s", exc)
