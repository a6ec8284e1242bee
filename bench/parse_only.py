"""Parse-only baseline, run by bench/run.py in a fresh interpreter.

Usage: ``python bench/parse_only.py LISTFILE`` where LISTFILE names one spec file per line.
JSON files are parsed with orjson, YAML files with yaml_rs (no datetime conversion; duplicate
keys last-wins so a sloppy file still parses).  Prints one JSON line:
``{"import_s": …, "parse_s": …, "files": N, "bytes": B}``; ``parse_s`` covers reading and parsing
every file and excludes interpreter start-up and the imports.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

T_START = time.perf_counter()

import orjson  # noqa: E402  (the import is part of what we time separately)
import yaml_rs  # noqa: E402

T_IMPORTED = time.perf_counter()


def parse(path: Path) -> object:
    if path.suffix == ".json":
        return orjson.loads(path.read_bytes())
    text = path.read_text(encoding="utf-8")
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError:
        return yaml_rs.loads(
            text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins
        )


def main() -> None:
    files = [Path(line) for line in Path(sys.argv[1]).read_text().splitlines() if line]
    t0 = time.perf_counter()
    total = 0
    keep = []
    for path in files:
        keep.append(parse(path))
        total += path.stat().st_size
    parse_s = time.perf_counter() - t0
    result = {
        "import_s": T_IMPORTED - T_START,
        "parse_s": parse_s,
        "files": len(files),
        "bytes": total,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
