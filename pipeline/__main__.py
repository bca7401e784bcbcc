"""Run the command line: `python -m pipeline ...`."""

from .cli.main import run

run()
