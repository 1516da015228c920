"""Run the ``itinera`` command line in a real subprocess, as a user would."""

from __future__ import annotations

import subprocess
import sys


def run_itinera(*args: str, timeout_s: float = 300) -> subprocess.CompletedProcess[str]:
    """Return the completed ``python -m itinera ARGS`` process (never raises on exit status)."""
    return subprocess.run(
        [sys.executable, "-m", "itinera", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout_s,
    )
