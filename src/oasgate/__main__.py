"""``python -m oasgate`` works the same as ``oasgate``."""

from oasgate.cli import main

main(prog_name="oasgate")
