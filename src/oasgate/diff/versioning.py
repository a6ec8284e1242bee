"""``info.version`` against the change list: a post-pass once every other change is known.

Versions are compared when both read as numbers separated by dots or dashes, with an
optional leading ``v`` and any suffix (``1.4.2``, ``v2``, ``2022-11-15``, ``1.0.0-rc.1``).
"Major" only means something for dotted versions with at least two parts; for a ``0.x``
version the minor part plays that role, as semantic versioning says. A version that is a
single number (``'1'``, ``v2``) names an API generation rather than a release, so only a
decrease is reported for it.
"""

from __future__ import annotations

import re

from oasgate.catalogue import get_rule
from oasgate.catalogue.ids import (
    API_MAJOR_VERSION_NOT_BUMPED,
    API_VERSION_DECREASED,
    API_VERSION_NOT_BUMPED,
)
from oasgate.diff.changes import ChangeSet
from oasgate.findings import Classification
from oasgate.loading.document import Node

_VERSION = re.compile(r"^\s*[vV]?(\d+(?:[.-]\d+)*)(.*)$")


def parse_version(text: str) -> tuple[tuple[int, ...], str] | None:
    match = _VERSION.match(text)
    if match is None:
        return None
    numbers = tuple(int(n) for n in re.split(r"[.-]", match.group(1)))
    return numbers, match.group(2).strip()


def _older(old: tuple[tuple[int, ...], str], new: tuple[tuple[int, ...], str]) -> bool:
    if new[0] != old[0]:
        return new[0] < old[0]
    # 1.0.0-rc.1 comes before 1.0.0: a suffix after the numbers marks a pre-release
    return bool(new[1]) and not old[1] and new[1][:1] in "-+."


def _dotted(text: str) -> bool:
    return "." in text and "-" not in text.split("+")[0].lstrip("vV").split(".")[0]


def _major(numbers: tuple[int, ...]) -> tuple[int, ...]:
    return numbers[:2] if numbers[0] == 0 and len(numbers) > 1 else numbers[:1]


def check_versions(changes: ChangeSet, base: Node | None, revision: Node | None) -> None:
    """Add the versioning changes for a finished change list."""
    if base is None or revision is None:
        return
    old_text, new_text = str(base.value), str(revision.value)
    old, new = parse_version(old_text), parse_version(new_text)
    if old is not None and new is not None and _older(old, new):
        changes.emit(API_VERSION_DECREASED, base, revision, old=old_text, new=new_text)
        return
    # counted as the report shows them: the same change made in several places is one
    breaking = len(
        {
            (change.rule, tuple(sorted(change.details.items())), key[3])
            for key, change in list(changes.changes.items())
            if get_rule(change.rule).classification is Classification.BREAKING
        }
    )
    if not breaking:
        return
    count = str(breaking)
    if old is None or new is None or len(old[0]) < 2 or len(new[0]) < 2:
        return  # not a release number: nothing to say about bumping it
    if old_text.strip() == new_text.strip():
        changes.emit(API_VERSION_NOT_BUMPED, base, revision, version=new_text, count=count)
    elif _dotted(old_text) and _dotted(new_text) and _major(new[0]) <= _major(old[0]):
        changes.emit(
            API_MAJOR_VERSION_NOT_BUMPED, base, revision, old=old_text, new=new_text, count=count
        )
