"""Command line: ``itinera plan`` and ``itinera check``."""

from itinera.cli.main import main as main
