"""Firm-level monthly declarations: generate, detect, stage, check and aggregate.

Public interface (see ``offshoring.firms.load``): :func:`stage_firm_file`,
:func:`check_firm_declarations`, :func:`aggregate_firm_declarations`,
:class:`CheckResult`, :class:`FirmFileError`; detection with
:func:`is_firm_declarations` / :func:`is_firm_declarations_file`.
"""

from offshoring.firms.checks import CheckResult, check_firm_declarations, summary_table
from offshoring.firms.detect import is_firm_declarations, is_firm_declarations_file
from offshoring.firms.errors import FirmFileError
from offshoring.firms.load import aggregate_firm_declarations, stage_firm_file

__all__ = [
    "CheckResult",
    "FirmFileError",
    "aggregate_firm_declarations",
    "check_firm_declarations",
    "is_firm_declarations",
    "is_firm_declarations_file",
    "stage_firm_file",
    "summary_table",
]
