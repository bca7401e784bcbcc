"""Run the command line: `python -m pipeline ...`."""

import sys

from .cli.main import main

sys.exit(main())
