"""Shared test configuration: Hypothesis profiles and fixtures re-exported by topic."""

from __future__ import annotations

import os

from hypothesis import settings
from tests.fixtures_destinations import default_destination, tiny_destination

__all__ = ["default_destination", "tiny_destination"]

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
