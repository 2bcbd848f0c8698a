"""Headless Chromium for the browser tests: installed from Debian's `chromium` package
when missing (`python -m tests.integration.chromium`, also run by `make test`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BINARY = "chromium"
APT_ENV = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")
TIMEOUT_S = 120


class ChromiumUnavailable(RuntimeError):
    """Chromium is missing and could not be installed."""


def ensure_chromium() -> str:
    """The chromium binary's path; `apt-get update && apt-get install -y chromium` if absent."""
    found = shutil.which(BINARY)
    if found:
        return found
    if not shutil.which("apt-get"):
        raise ChromiumUnavailable("chromium is not installed and apt-get is not available")
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    for args in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends",
                                          BINARY]):
        done = subprocess.run(prefix + args, env=APT_ENV, capture_output=True, text=True,
                              timeout=900)
        if done.returncode != 0:
            raise ChromiumUnavailable(f"{' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    found = shutil.which(BINARY)
    if not found:
        raise ChromiumUnavailable("chromium still missing after apt-get install")
    return found


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium with a private profile and no network side traffic."""
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=TIMEOUT_S, check=True)


if __name__ == "__main__":
    print(ensure_chromium())
    sys.exit(0)
