"""What became of each file and of a run: typed results, from the stage that judges to
the CLI report, the Prefect artifacts and the notifications."""

from __future__ import annotations

from dataclasses import dataclass, field

from offshoring.quality.model import ERROR, WARNING, RuleResult, reason_line

LOADED = "loaded"
REJECTED = "rejected"
DUPLICATE = "duplicate"
SKIPPED = "skipped"  # not taken this time (still arriving, a folder): left where it was


@dataclass
class FileOutcome:
    """One received file: its fate, the failed rules (errors first) and where it is kept."""

    file_name: str
    sha256: str
    status: str
    kind: str = "release"
    load_id: int | None = None
    rows: int = 0  # rows read from the file (declaration rows for firm files)
    values: int = 0  # values appended to core.release_values
    failed: list[RuleResult] = field(default_factory=list)  # failed rules, errors first
    note: str | None = None  # why nothing was judged now: "same checksum as load 3"
    stored_path: str | None = None  # archive/<sha256>.<ext> or quarantine/...
    seconds: float = 0.0  # receive, read, validate and load of this file
    dry_run: bool = False
    landing_note: str | None = None  # the landing file changed meanwhile and stays there

    @property
    def errors(self) -> list[RuleResult]:
        return [r for r in self.failed if r.severity == ERROR]

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.failed if r.severity == WARNING]

    @property
    def reasons(self) -> list[str]:
        """One line per failed rule (errors first), after the note when there is one."""
        lines = [reason_line(r) for r in self.failed]
        if self.note:
            return [f"{self.note}: {lines[0]}" if lines else self.note, *lines[1:]]
        return lines

    @property
    def line(self) -> str:
        """One line for people: the file, what happened, and why."""
        first = self.reasons[0] if self.reasons else ""
        if self.status == REJECTED:
            return f"REJECTED {self.file_name}: {first}"
        if self.status == DUPLICATE:
            return f"ALREADY LOADED {self.file_name}: {first}"
        if self.status == SKIPPED:
            return f"SKIPPED {self.file_name}: {first}"
        if self.dry_run:
            return f"VALID {self.file_name}: {self.rows} rows"
        extra = f" ({len(self.warnings)} warning(s))" if self.warnings else ""
        return (f"LOADED {self.file_name}: {self.rows} rows as load {self.load_id}{extra} "
                f"in {self.seconds:.1f} s")

    @property
    def detail_lines(self) -> list[str]:
        """The lines printed under ``line``: further reasons, or a valid file's warnings,
        and whether the landing file changed meanwhile."""
        if self.status == LOADED:
            lines = [reason_line(r) for r in self.warnings] if self.dry_run else []
        else:
            lines = self.reasons[1:]
        return [*lines, self.landing_note] if self.landing_note else lines


@dataclass
class RunSummary:
    """A run: its id, where the marts are, one outcome per file, and problems met after
    the data were committed (the run still counts as loaded)."""

    run_id: str
    warehouse: str
    marts: str | None
    outcomes: list[FileOutcome]
    after_commit_warnings: list[str] = field(default_factory=list)  # one line each

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        return 3 if self.count(REJECTED) else 0

    @property
    def rejected(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == REJECTED]

    def counts_line(self) -> str:
        line = (f"{self.count(LOADED)} loaded, {self.count(REJECTED)} rejected, "
                f"{self.count(DUPLICATE)} already loaded")
        return line + (f", {self.count(SKIPPED)} skipped" if self.count(SKIPPED) else "")
