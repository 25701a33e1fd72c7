"""`python -m desktop.cli …` runs the `caseline` command line."""

import sys

from desktop.cli import main

sys.exit(main())
