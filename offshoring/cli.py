"""The `offshoring` command. Heavy imports (Prefect, GX) happen inside the commands
that need them, so `--help` and `status` answer at once."""

from __future__ import annotations

import argparse
import atexit
import json
import os
import re
import sys
import threading
from pathlib import Path

from offshoring.secrets import install_log_redaction, redact
from offshoring.settings import ConfigError, Settings, load_settings
from offshoring.text import one_line, printable

EXIT_OK, EXIT_UNEXPECTED, EXIT_USAGE, EXIT_REJECTED, EXIT_BUSY = 0, 1, 2, 3, 4


class UsageError(Exception):
    """Bad arguments or missing files (exit code 2)."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    settings = None
    try:
        settings = load_settings(getattr(args, "warehouse", None))
        install_log_redaction(settings)
        if getattr(args, "sheet", None) is not None:
            settings = settings.with_overrides(xlsx_sheet=args.sheet)
        return args.handler(args, settings)
    except (ConfigError, UsageError) as err:
        print(f"offshoring: {_shown(err, settings)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("offshoring: interrupted; the warehouse is unchanged by the unfinished file",
              file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as err:  # the last line of defence: one line, no traceback
        from offshoring.warehouse import WarehouseBusy

        if isinstance(err, WarehouseBusy) or _is_duckdb_lock_error(err):
            print(f"offshoring: {_shown(_busy_message(err, settings), settings)}",
                  file=sys.stderr)
            return EXIT_BUSY
        if settings is not None and settings.debug:
            raise
        first = str(err).strip().splitlines()[0] if str(err).strip() else ""
        print(f"offshoring: unexpected error: {type(err).__name__}: {_shown(first, settings)} "
              "(OFFSHORING_DEBUG=1 shows the traceback)", file=sys.stderr)
        return EXIT_UNEXPECTED


def _shown(message, settings: Settings | None) -> str:
    """An error message as printed: one line, secrets masked."""
    text = one_line(message)
    return redact(text, settings.secret_values()) if settings is not None else text


# --- arguments -------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    help_text = "warehouse folder (default: OFFSHORING_WAREHOUSE or ./warehouse of the project)"
    parser = argparse.ArgumentParser(
        prog="offshoring",
        description="Morocco offshoring statistics: ingest releases into DuckDB, check them, "
                    "publish Parquet marts tracking the 2030 objectives.",
        epilog="Exit codes: 0 ok, 1 unexpected error, 2 usage or configuration, "
               "3 a file was rejected, 4 the warehouse is busy.")
    parser.add_argument("--warehouse", metavar="DIR", help=help_text)
    # The commands take --warehouse too; SUPPRESS: when absent after the command name, the
    # value given before it (or None) is kept instead of being reset to a default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--warehouse", metavar="DIR", default=argparse.SUPPRESS,
                        help=help_text)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("run", parents=[common], help="process new files of the landing folder "
                       "(writes the sample releases first into an empty warehouse)")
    p.set_defaults(handler=cmd_run)

    sheet_help = ("the worksheet of the XLSX files that holds the release, when several "
                  "could (default: OFFSHORING_XLSX_SHEET)")
    p = sub.add_parser("ingest", parents=[common], help="process the given files")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--sheet", metavar="NAME", help=sheet_help)
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("validate", parents=[common], help="dry run: check files against the "
                       "warehouse without loading them (creates and changes nothing)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--sheet", metavar="NAME", help=sheet_help)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("status", parents=[common], help="what the warehouse holds")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("quality", parents=[common],
                       help="latest quality results per release, failures first")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_quality)

    p = sub.add_parser("sample", parents=[common], help="write the sample releases")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.set_defaults(handler=cmd_sample)

    p = sub.add_parser("serve", parents=[common], help="run the deployments of prefect.yaml "
                       "on their schedules from this process (one machine; needs a server)")
    p.add_argument("--deployment", action="append", metavar="NAME",
                   help="serve only this deployment (repeatable; default: all)")
    p.set_defaults(handler=cmd_serve)
    return parser


# --- commands --------------------------------------------------------------------------
def cmd_serve(args, settings: Settings) -> int:
    from offshoring.serve import cmd_serve as serve_deployments

    return serve_deployments(args, settings)


def cmd_run(args, settings: Settings) -> int:
    from offshoring.sample import write_sample_releases

    if not settings.db_path.exists() and not _has_files(settings.landing_dir):
        written = write_sample_releases(settings.landing_dir)
        print(f"Empty warehouse: wrote {len(written)} sample releases to {settings.landing_dir}")
        return _run_flow(settings, sorted(written), "run")  # complete: no settling wait
    return _run_flow(settings, None, "run")


def cmd_ingest(args, settings: Settings) -> int:
    return _run_flow(settings, _existing_files(args.files), "ingest")


def cmd_validate(args, settings: Settings) -> int:
    from offshoring.pipeline import run_pipeline
    from offshoring.report import print_outcomes

    summary = run_pipeline(settings, _existing_files(args.files), command="validate",
                           dry_run=True)
    print_outcomes(summary)
    return summary.exit_code


def cmd_status(args, settings: Settings) -> int:
    from offshoring.report import warehouse_status

    status = warehouse_status(settings)
    if args.json:
        print(json.dumps(status, indent=2, default=str))
    else:
        from offshoring.report import format_status

        print(format_status(status))
    return EXIT_OK


def cmd_quality(args, settings: Settings) -> int:
    from offshoring.report import quality_rows

    rows = quality_rows(settings)
    if args.json:
        print(json.dumps(rows, indent=2, default=str))
        return EXIT_OK
    if not rows:
        print("no quality results yet")
    for r in rows:
        print(f"{r['status'].upper():7} {r['severity']:7} {r['rule_id']:34} "
              f"{r['file_name']} (load {r['load_id']}): {r['failing_rows']} row(s)")
    return EXIT_OK


def cmd_sample(args, settings: Settings) -> int:
    from offshoring.sample import write_sample_releases

    for path in write_sample_releases(args.out.resolve()):
        print(path)
    return EXIT_OK


# --- helpers ---------------------------------------------------------------------------
def _run_flow(settings: Settings, files: list[Path] | None, command: str) -> int:
    from offshoring.service import handoff

    # A running `offshoring serve` on this warehouse takes the files (it is warm and
    # queues them behind its current run); otherwise this process runs the flow.
    answer = handoff.submit(settings, command, files)
    if answer is not None:
        return handoff.print_answer(answer, settings)
    from offshoring.report import print_run_report
    from offshoring.service.runs import run_flow

    summary, progress = run_flow(settings, files, command)
    print_run_report(summary, settings, progress)
    return summary.exit_code


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() for p in folder.iterdir())


def _existing_files(paths: list[Path]) -> list[Path]:
    folders = [printable(p) for p in paths if p.is_dir()]
    if folders:
        raise UsageError(f"{', '.join(folders)}: is a directory; name the files in it "
                         "(e.g. DIR/*.csv), or put them in the landing folder and use "
                         "`offshoring run`")
    missing = [printable(p) for p in paths if not p.is_file()]
    if missing:
        raise UsageError("no such file: " + ", ".join(missing))
    return [p.resolve() for p in paths]


def _is_duckdb_lock_error(err: Exception) -> bool:
    return type(err).__name__ == "IOException" and "lock" in str(err).lower()


def _busy_message(err: Exception, settings: Settings | None) -> str:
    """Busy: another run writes (the writer lock is held), or another process, such as a
    notebook reading the database, holds DuckDB's file lock."""
    from offshoring.warehouse import writer_active

    if type(err).__name__ == "WarehouseBusy" or settings is None:
        return str(err)
    if writer_active(settings):
        return (f"the warehouse {settings.warehouse_dir} is busy: another process is writing; "
                f"read the marts under {settings.marts_dir} meanwhile, or retry")
    pid = re.search(r"\(PID (\d+)\)", str(err))
    holder = f"another process (PID {pid.group(1)})" if pid else "another process"
    return (f"the warehouse database {settings.db_path} is held open by {holder} that is not "
            "a run, e.g. a notebook or BI tool reading it: close that connection and retry; "
            f"the marts under {settings.marts_dir} stay readable")


def entry() -> None:
    """The console script: ``main``, then a quick exit.

    Tearing down the interpreter after a run (freeing the modules and objects of GX,
    pandas and Prefect) takes about a second nobody needs (bench/README.md). What must
    happen at exit still happens: the atexit handlers (temporary folders, logging's
    flush) run and the standard streams are flushed; then the process ends. With a
    thread still working (none after a command), the exit is the usual one.
    """
    code = main()
    main_thread = threading.main_thread()
    if any(not t.daemon for t in threading.enumerate() if t is not main_thread):
        sys.exit(code)
    atexit._run_exitfuncs()  # private, but the only way to run them before os._exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe: nothing more can be said
    os._exit(code)


if __name__ == "__main__":
    entry()
