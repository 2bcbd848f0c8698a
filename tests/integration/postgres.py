"""PostgreSQL for the production-stack test: Debian's ``postgresql`` package, installed
with apt-get when missing (``python -m tests.integration.postgres``, run by ``.ci/run``),
and a throwaway cluster that the test starts and stops itself with initdb and pg_ctl.

PostgreSQL refuses to run as root: as root, the cluster runs as Debian's ``postgres``
user (``runuser``), in a folder that user owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "postgresql"
BIN_DIRS = "/usr/lib/postgresql/*/bin"  # Debian: one folder per major version
TOOLS = ("initdb", "pg_ctl", "createdb", "psql")
SYSTEM_USER = "postgres"  # created by the Debian package
ROLE = DATABASE = "prefect"
APT_ENV = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
START_TIMEOUT_S = 60


class PostgresUnavailable(RuntimeError):
    """PostgreSQL is missing and could not be installed, or cannot run here."""


def find_bin_dir() -> Path | None:
    """The newest folder holding initdb, pg_ctl, createdb and psql, if any."""
    candidates = sorted(Path("/").glob(BIN_DIRS.lstrip("/")),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    usable = [d for d in candidates if all((d / tool).is_file() for tool in TOOLS)]
    return usable[-1] if usable else None


def ensure_postgres() -> Path:
    """PostgreSQL's bin folder; ``apt-get update && apt-get install -y postgresql`` if absent."""
    found = find_bin_dir()
    if found:
        return found
    if not shutil.which("apt-get"):
        raise PostgresUnavailable("PostgreSQL is not installed and apt-get is not available")
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    for args in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends",
                                          PACKAGE]):
        done = subprocess.run(prefix + args, env=APT_ENV, capture_output=True, text=True,
                              timeout=900)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    found = find_bin_dir()
    if not found:
        raise PostgresUnavailable("initdb still missing after apt-get install postgresql")
    return found


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster: role ``prefect`` (trust auth, 127.0.0.1 only)."""

    bin_dir: Path
    folder: Path
    port: int

    @property
    def url(self) -> str:
        """Prefect's ``PREFECT_SERVER_DATABASE_CONNECTION_URL`` for this cluster."""
        return f"postgresql+asyncpg://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def psql(self, sql: str) -> list[list[str]]:
        """Rows of one query (fields as text), through psql."""
        done = subprocess.run(
            [str(self.bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE,
             "-d", DATABASE, "-At", "-F", "\t", "-c", sql],
            capture_output=True, text=True, timeout=30, check=True)
        return [line.split("\t") for line in done.stdout.splitlines() if line]


def _as_owner(folder: Path) -> list[str]:
    """The command prefix running PostgreSQL's tools as a non-root user owning ``folder``."""
    if os.geteuid() != 0:
        return []
    try:
        user = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        raise PostgresUnavailable(f"running as root and no {SYSTEM_USER!r} user") from None
    os.chown(folder, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", SYSTEM_USER, "--"]


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=START_TIMEOUT_S * 2)
    if done.returncode != 0:
        raise PostgresUnavailable(f"{what} failed: {(done.stdout + done.stderr).strip()[-800:]}")


@contextmanager
def cluster(bin_dir: Path, port: int) -> Iterator[Cluster]:
    """initdb a new cluster in a temporary folder, start it on 127.0.0.1:port, create the
    ``prefect`` database; stop it and delete the folder on exit."""
    folder = Path(tempfile.mkdtemp(prefix="offshoring-pg-"))
    data, log = folder / "data", folder / "server.log"
    owner = _as_owner(folder)
    tool = lambda name: str(bin_dir / name)  # noqa: E731
    try:
        _run(owner + [tool("initdb"), "-D", str(data), "-U", ROLE, "--auth=trust",
                      "-E", "UTF8", "--no-sync"], "initdb")
        # fsync off: a throwaway cluster that no test expects to survive a crash.
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run(owner + [tool("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
                      "-t", str(START_TIMEOUT_S), "start"], "pg_ctl start")
        try:
            _run([tool("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", ROLE, DATABASE],
                 "createdb")
            yield Cluster(bin_dir, folder, port)
        finally:
            subprocess.run(owner + [tool("pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                                    "stop"], capture_output=True, timeout=START_TIMEOUT_S)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    try:
        print(ensure_postgres())
    except PostgresUnavailable as err:  # the test skips with this reason
        print(f"PostgreSQL unavailable: {err}")
    sys.exit(0)
