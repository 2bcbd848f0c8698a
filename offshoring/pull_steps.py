"""The pull step of every deployment (prefect.yaml): each flow run first changes into
the project checkout of the worker's machine.

The checkout is ``OFFSHORING_PROJECT_ROOT`` when the worker's environment sets it, else
the project this package was installed from (``make install`` installs it editable, so
a worker started from a checkout needs nothing). A folder that is not a checkout stops
the run at once with one line naming the variable, instead of a FileNotFoundError about
the worker's temporary folder later on.
"""

from __future__ import annotations

import os

from offshoring.settings import ConfigError, load_settings

CHECKOUT_MARKERS = ("prefect.yaml", "flows", "sql", "seeds")


def enter_project_root() -> dict[str, str]:
    """Prefect pull step: ``chdir`` into the project root; returns ``{"directory": ...}``
    like Prefect's own ``set_working_directory``."""
    root = load_settings().project_root
    missing = [name for name in CHECKOUT_MARKERS if not (root / name).exists()]
    if missing:
        raise ConfigError(
            f"OFFSHORING_PROJECT_ROOT={root} is not a checkout of the project (no "
            f"{', '.join(missing)}): set OFFSHORING_PROJECT_ROOT to the checkout in the "
            "worker's environment (docs/operations.md)")
    os.chdir(root)
    return {"directory": str(root)}
