"""Firm-level monthly declarations: generate, detect, stage and aggregate.

Public interface (see ``offshoring.firms.load``): :func:`stage_firm_file`,
:func:`aggregate_firm_declarations`, :class:`FirmFileError`; detection with
:func:`is_firm_declarations` / :func:`is_firm_declarations_file`. Their quality rules are
catalogue rules of the dataset ``firm_declarations``, run by
``offshoring.quality.validate(con, load_id, settings, "firm_declarations")``.
"""

from offshoring.firms.detect import is_firm_declarations, is_firm_declarations_file
from offshoring.firms.errors import FirmFileError
from offshoring.firms.load import aggregate_firm_declarations, stage_firm_file

__all__ = [
    "FirmFileError",
    "aggregate_firm_declarations",
    "is_firm_declarations",
    "is_firm_declarations_file",
    "stage_firm_file",
]
