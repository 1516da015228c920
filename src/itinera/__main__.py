"""``python -m itinera``."""

import sys

from itinera.cli import main

sys.exit(main())
