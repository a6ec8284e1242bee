"""Servers: where clients send their requests.

The servers that apply to an operation (its own, else its path's, else the document's)
are compared as a set of URLs. A relative URL matches an absolute one with the same
path, a URL without a scheme matches any scheme, and a URL template matches the plain
URL its variables' values (or defaults) produce, so writing out a base URL that was
implied, templating the host, or converting Swagger 2.0 ``host``/``basePath``/``schemes``
is silent. When either side declares no server at all, the document does not say where
the API lives and nothing is compared.
"""

from __future__ import annotations

import itertools
import re

from oasgate.catalogue.ids import (
    SERVER_ADDED,
    SERVER_REMOVED,
    SERVER_VARIABLE_DEFAULT_CHANGED,
    SERVER_VARIABLE_VALUE_ADDED,
    SERVER_VARIABLE_VALUE_REMOVED,
)
from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.model.objects import Server, Servers, split_url

Place = tuple[str | None, str | None, str]  # (scheme, host, path)

_VARIABLE = re.compile(r"\{([^}]*)\}")
_MAX_EXPANSIONS = 64


def _place(server: Server) -> Place:
    return (server.scheme, server.host, server.path)


def _same_place(old: Place, new: Place) -> bool:
    return (
        old[2] == new[2]
        and (old[1] is None or new[1] is None or old[1] == new[1])
        and (old[0] is None or new[0] is None or old[0] == new[0])
    )


def _expansions(server: Server) -> list[Place]:
    """The concrete places a URL template stands for (its enum values, else its default);
    empty when a variable has neither or there are too many."""
    names = _VARIABLE.findall(server.url)
    if not names:
        return [_place(server)]
    choices: list[tuple[str, ...]] = []
    for name in names:
        default, enum = server.variables.get(name, (None, None))
        values = enum or ((default,) if default is not None else ())
        if not values:
            return []
        choices.append(values)
    combos = list(itertools.islice(itertools.product(*choices), _MAX_EXPANSIONS + 1))
    if len(combos) > _MAX_EXPANSIONS:
        return []
    return [split_url(_fill(server.url, dict(zip(names, combo, strict=True)))) for combo in combos]


def _fill(template: str, values: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda match: values[match.group(1)], template)


def _covers(new: Server, old: Server) -> bool:
    olds = _expansions(old)
    news = _expansions(new)
    return bool(olds) and all(any(_same_place(o, n) for n in news) for o in olds)


def compare_servers(changes: ChangeSet, old: Servers, new: Servers) -> list[ChangeKey]:
    if not old.servers or not new.servers:
        return []
    keys: list[ChangeKey] = []
    unmatched = list(new.servers)
    pairs: list[tuple[Server, Server]] = []
    removed: list[Server] = []
    for server in old.servers:
        place = _place(server)
        candidates = (
            [s for s in unmatched if _place(s) == place]
            or [s for s in unmatched if _same_place(place, _place(s))]
            or [s for s in unmatched if _covers(s, server)]
        )
        if candidates:
            pairs.append((server, candidates[0]))
            unmatched.remove(candidates[0])
        elif any(_same_place(place, _place(p)) for _, p in pairs):
            continue  # the same place twice (Swagger 2.0 schemes without a host)
        else:
            removed.append(server)
    for server in removed:
        keys.append(changes.emit(SERVER_REMOVED, server.node, new.node, server.url, url=server.url))
    for server in unmatched:
        if any(_covers(p, server) for _, p in pairs):
            continue
        keys.append(changes.emit(SERVER_ADDED, old.node, server.node, server.url, url=server.url))
    for before, after in pairs:
        if _VARIABLE.findall(before.url) == _VARIABLE.findall(after.url):
            keys += _compare_variables(changes, before, after)
    return keys


def _compare_variables(changes: ChangeSet, old: Server, new: Server) -> list[ChangeKey]:
    keys: list[ChangeKey] = []
    for name, (default, enum) in old.variables.items():
        if name not in new.variables:
            continue  # the URL template changed too, so the servers would not have paired
        new_default, new_enum = new.variables[name]
        if enum is not None and new_enum is not None:
            for value in enum:
                if value not in new_enum:
                    keys.append(
                        changes.emit(
                            SERVER_VARIABLE_VALUE_REMOVED,
                            old.node,
                            new.node,
                            f"{name}={value}",
                            url=new.url,
                            variable=name,
                            value=value,
                        )
                    )
            for value in new_enum:
                if value not in enum:
                    keys.append(
                        changes.emit(
                            SERVER_VARIABLE_VALUE_ADDED,
                            old.node,
                            new.node,
                            f"{name}={value}",
                            url=new.url,
                            variable=name,
                            value=value,
                        )
                    )
        if default != new_default:
            keys.append(
                changes.emit(
                    SERVER_VARIABLE_DEFAULT_CHANGED,
                    old.node,
                    new.node,
                    name,
                    url=new.url,
                    variable=name,
                    old=str(default),
                    new=str(new_default),
                )
            )
    return keys
