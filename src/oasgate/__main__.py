"""``python -m oasgate`` works the same as ``oasgate``."""

from oasgate.cli import run

run()
