"""Notifications through a webhook: a rejected release, a failed run, late releases.

The URL comes from ``OFFSHORING_WEBHOOK_URL`` or the Prefect Secret block
``offshoring-webhook-url``. The message is a JSON POST: ``text`` (one readable message,
which chat tools such as Slack or Mattermost display as is) plus structured fields
(``event``, ``release``, ``rules``, ``data_docs``). A notification that cannot be sent is
logged and never raises: the pipeline's outcome does not depend on it.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

from offshoring.secrets import get_secret
from offshoring.settings import ENV_PREFIX

log = logging.getLogger(__name__)

WEBHOOK_ENV = f"{ENV_PREFIX}WEBHOOK_URL"
WEBHOOK_BLOCK = "offshoring-webhook-url"
WEBHOOK_TIMEOUT_S = 10.0
EVENT_REJECTED = "release_rejected"
EVENT_FAILED = "run_failed"
EVENT_LATE = "releases_late"


def webhook_url() -> str | None:
    """The configured webhook URL, or None (notifications off)."""
    return get_secret(WEBHOOK_ENV, WEBHOOK_BLOCK)


def data_docs_link(settings) -> str:
    """``file://`` link to the Data Docs index of the warehouse."""
    return (Path(settings.data_docs_dir) / "index.html").resolve().as_uri()


def build_message(event: str, title: str, rules: Iterable[tuple[str, str]], settings,
                  release: str | None = None, run: str | None = None) -> dict:
    """The JSON payload: a readable ``text`` and the same facts as fields."""
    rules = [(str(rule_id), " ".join(str(reason).split())) for rule_id, reason in rules]
    link = data_docs_link(settings)
    lines = [title]
    if release:
        lines.append(f"release: {release}")
    lines += [f"- {reason}" if reason.startswith(rule_id) else f"- {rule_id}: {reason}"
              for rule_id, reason in rules]
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


def send_webhook(payload: Mapping, url: str | None = None,
                 timeout_s: float = WEBHOOK_TIMEOUT_S) -> bool:
    """POST ``payload`` as JSON; True when the receiver answered 2xx. Never raises."""
    url = url or webhook_url()
    if not url:
        log.info("notification not sent: no %s and no %r Secret block", WEBHOOK_ENV,
                 WEBHOOK_BLOCK)
        return False
    data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            ok = 200 <= response.status < 300
    except Exception as exc:  # noqa: BLE001 - any failure to notify is only logged
        log.warning("notification to webhook failed: %s", exc)
        return False
    if not ok:
        log.warning("notification to webhook answered HTTP %s", response.status)
    return ok


def notify_rejected_release(settings, release: str, rules: Iterable[tuple[str, str]],
                            run: str | None = None) -> bool:
    """A release was quarantined: name it and list the rules it broke."""
    payload = build_message(EVENT_REJECTED, f"Release rejected (quarantined): {release}",
                            rules, settings, release=release, run=run)
    return send_webhook(payload)


def notify_run_failed(settings, run: str, error: str) -> bool:
    """A pipeline run failed unexpectedly."""
    payload = build_message(EVENT_FAILED, f"Pipeline run failed: {run}",
                            [("run.failed", error)], settings, run=run)
    return send_webhook(payload)


def notify_late_releases(settings, late) -> bool:
    """Expected releases have not arrived (see ``offshoring.freshness``)."""
    from offshoring.freshness import RULE_ID

    payload = build_message(EVENT_LATE, f"{len(late)} expected release(s) late",
                            [(RULE_ID, r.message) for r in late], settings)
    return send_webhook(payload)


def rejected_files(summary: Mapping) -> list[tuple[str, list[tuple[str, str]]]]:
    """(file, [(rule_id, reason), ...]) for each rejected file of a pipeline summary.

    Accepts per-file outcomes under ``files`` (or ``outcomes``) with a status/outcome of
    ``rejected`` and ``rules`` (dicts or pairs), ``reasons`` (lines starting with the
    rule id, as ``FileOutcome.reasons``) or ``rule_id`` + ``reason``.
    """
    found = []
    for item in summary.get("files") or summary.get("outcomes") or []:
        status = item.get("status") or item.get("outcome")
        if status != "rejected":
            continue
        name = item.get("file") or item.get("file_name") or item.get("name") or "?"
        rules = []
        for rule in item.get("rules") or []:
            if isinstance(rule, Mapping):
                rules.append((rule.get("rule_id", "?"), rule.get("reason")
                              or rule.get("description") or ""))
            else:
                rules.append((rule[0], rule[1]))
        for line in item.get("reasons") or []:
            rules.append((rule_id_of(str(line)), str(line)))
        if not rules:
            rules.append((item.get("rule_id") or "rejected", item.get("reason") or ""))
        found.append((str(name), rules))
    return found


def rule_id_of(line: str) -> str:
    """'stock_flow.identity (error): ...' -> 'stock_flow.identity'."""
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)", line)
    return match.group(1) if match else "rejected"


def notify_summary(settings, summary: Mapping, run: str | None = None) -> int:
    """One notification per rejected release in a pipeline summary; returns how many sent."""
    sent = 0
    for name, rules in rejected_files(summary):
        sent += notify_rejected_release(settings, name, rules, run=run)
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
