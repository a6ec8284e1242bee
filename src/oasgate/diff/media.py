"""Pairing media types of two versions of one body.

Names match exactly first (case-insensitive, whitespace and parameter order ignored);
what is left pairs, when unambiguous, by essence (``application/json`` and
``application/json; charset=utf-8``: only the parameters changed) and then by
wildcard (``text/plain`` → ``text/*`` is a generalisation, the reverse a
specialisation). Anything still unpaired was removed or added.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TypeVar

from msgspec import Struct

T = TypeVar("T")


class Pairing(str, enum.Enum):
    SAME = "same"
    PARAMETERS = "parameters"  # same type/subtype, parameters differ
    GENERALIZED = "generalized"  # the revision's name covers the base's (a wildcard)
    SPECIALIZED = "specialized"  # the base's name covers the revision's


class MediaPairs(Struct, frozen=True):
    pairs: list[tuple[str, str, Pairing]]  # (base key, revision key, how)
    removed: list[str]
    added: list[str]


def normalise(name: str) -> str:
    """A media type name for comparison: lower case, no spaces, parameters sorted."""
    essence, _, rest = name.strip().lower().partition(";")
    parameters = sorted(p.strip().replace(" ", "") for p in rest.split(";") if p.strip())
    return ";".join([essence.strip(), *parameters])


def essence(name: str) -> str:
    return name.partition(";")[0].strip().lower()


def covers(general: str, specific: str) -> bool:
    """True when media type ``general`` (with wildcards) includes ``specific``."""
    general, specific = essence(general), essence(specific)
    if general == specific:
        return False
    if general == "*/*":
        return True
    kind, _, subtype = general.partition("/")
    other_kind, _, _ = specific.partition("/")
    return subtype == "*" and kind == other_kind


def pair_media(base: Mapping[str, T], revision: Mapping[str, T]) -> MediaPairs:
    if len(base) == 1 and base.keys() == revision.keys():
        # one media type on each side, written alike (nearly every body): a pair as such
        (name,) = base
        return MediaPairs([(name, name, Pairing.SAME)], [], [])
    return paired_by_name(base, revision)


def paired_by_name(base: Mapping[str, T], revision: Mapping[str, T]) -> MediaPairs:
    """:func:`pair_media` without its short cut: exact names, then essence, then wildcards."""
    base_by_name = {normalise(k): k for k in base}
    revision_by_name = {normalise(k): k for k in revision}
    pairs: list[tuple[str, str, Pairing]] = []
    left = [n for n in base_by_name if n not in revision_by_name]
    right = [n for n in revision_by_name if n not in base_by_name]
    for name in base_by_name:
        if name in revision_by_name:
            pairs.append((base_by_name[name], revision_by_name[name], Pairing.SAME))
    matchers: tuple[tuple[Pairing, Callable[[str, str], bool]], ...] = (
        (Pairing.PARAMETERS, lambda b, r: essence(b) == essence(r)),
        (Pairing.GENERALIZED, lambda b, r: covers(r, b)),
        (Pairing.SPECIALIZED, lambda b, r: covers(b, r)),
    )
    for how, matches in matchers:
        for name in list(left):
            candidates = [r for r in right if matches(name, r)]
            if len(candidates) != 1:
                continue
            (match,) = candidates
            if sum(1 for b in left if matches(b, match)) != 1:
                continue  # another base type would pair with it too: ambiguous
            pairs.append((base_by_name[name], revision_by_name[match], how))
            left.remove(name)
            right.remove(match)
    return MediaPairs(
        pairs,
        [base_by_name[n] for n in left],
        [revision_by_name[n] for n in right],
    )
