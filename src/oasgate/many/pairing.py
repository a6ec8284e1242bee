"""Which base spec is which revision spec: by path, then by API identity.

A spec keeps its path relative to its tree's root in most pull requests, so the path
pairs first. A spec that moved (``billing/openapi.yaml`` → ``billing/v1/openapi.yaml``)
is found by what it says it is: ``info.x-api-id`` when it has one, else ``info.title``
with the major number of ``info.version`` (a v2 beside a v1 is another API version, not
the same one moved). An identity shared by several unpaired specs of one side pairs
nothing: guessing would compare the wrong documents. What is left is a new API (only in
the revision) or a removed one (only in the base).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from oasgate.many.sides import SpecFile, spec_bytes

Change = Literal["changed", "moved", "added", "removed"]
_MAJOR = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Pair:
    """One API of the run: its spec on each side (None where it has none)."""

    base: SpecFile | None
    revision: SpecFile | None

    @property
    def name(self) -> str:
        """The API's name in reports: the revision's path, else the base's."""
        spec = self.revision or self.base
        assert spec is not None
        return spec.relative

    @property
    def change(self) -> Change:
        if self.base is None:
            return "added"
        if self.revision is None:
            return "removed"
        return "changed" if self.base.relative == self.revision.relative else "moved"

    @property
    def size(self) -> int:
        """Bytes of the root documents: what the work grows with, for balancing shards."""
        return (self.base.size if self.base else 0) + (self.revision.size if self.revision else 0)


def identity(raw: bytes) -> str | None:
    """``x-api-id:<id>``, else ``<title>@<major version>``; None when the document cannot
    be read or says neither."""
    from oasgate.errors import OasgateError
    from oasgate.loading.parsing import parse_source
    from oasgate.loading.sources import SourceText

    try:
        data: Any = parse_source(SourceText("spec", "spec", raw), check_nesting=False).data
    except (OasgateError, RecursionError):
        return None
    info = data.get("info") if isinstance(data, dict) else None
    if not isinstance(info, dict):
        return None
    api_id = info.get("x-api-id")
    if isinstance(api_id, (str, int)) and str(api_id):
        return f"x-api-id:{api_id}"
    title = info.get("title")
    if not isinstance(title, str) or not title:
        return None
    major = _MAJOR.search(str(info.get("version", "")))
    return f"{title}@{major.group(1) if major else ''}"


def pair_specs(base: tuple[SpecFile, ...], revision: tuple[SpecFile, ...]) -> list[Pair]:
    """Every API of the run, sorted by name (the order of every report)."""
    by_path = {spec.relative: spec for spec in base}
    pairs: list[Pair] = []
    unpaired_revision: list[SpecFile] = []
    for spec in revision:
        found = by_path.pop(spec.relative, None)
        if found is not None:
            pairs.append(Pair(found, spec))
        else:
            unpaired_revision.append(spec)
    unpaired_base = list(by_path.values())
    if unpaired_base and unpaired_revision:
        base_ids = {spec.relative: identity(spec_bytes(spec)) for spec in unpaired_base}
        revision_ids = {spec.relative: identity(spec_bytes(spec)) for spec in unpaired_revision}
        base_count = Counter(i for i in base_ids.values() if i)
        revision_count = Counter(i for i in revision_ids.values() if i)
        moved_from = {
            key: spec
            for spec in unpaired_base
            if (key := base_ids[spec.relative]) and base_count[key] == 1
        }
        left: list[SpecFile] = []
        for spec in unpaired_revision:
            key = revision_ids[spec.relative]
            if key and revision_count[key] == 1 and key in moved_from:
                pairs.append(Pair(moved_from.pop(key), spec))
            else:
                left.append(spec)
        unpaired_revision = left
        moved = {pair.base.relative for pair in pairs if pair.base is not None}
        unpaired_base = [spec for spec in unpaired_base if spec.relative not in moved]
    pairs += [Pair(spec, None) for spec in unpaired_base]
    pairs += [Pair(None, spec) for spec in unpaired_revision]
    return sorted(pairs, key=lambda pair: pair.name)  # names are unique: see Pair.name
