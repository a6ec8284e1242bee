"""The options of what a comparison pairs and reports, shared by ``check`` and ``changelog``:
``--map-prefix`` (version-to-version comparison) and the filters (``--include-path``,
``--exclude-path``, ``--include-tag``, ``--exclude-tag``, ``--exclude-extension``).

``@comparison_options`` adds them and hands the command one :class:`ComparisonOptions`
(keyword ``comparison``); :meth:`ComparisonOptions.over` lays them over the config's
``map-prefix:`` and ``filters:``. Each flag given replaces the config's value of that
key: a run can narrow or widen what the config filters, and says so on its command
line. See docs/workflows.md.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import click
from msgspec import Struct, structs

if TYPE_CHECKING:
    from oasgate.policy.settings import Config

F = TypeVar("F", bound=Callable[..., Any])

#: (parameter name, flag, metavar, help)
_OPTIONS = (
    (
        "map_prefix",
        "--map-prefix",
        "OLD=NEW",
        "Compare versions under different path prefixes: read the base's paths (and server "
        "URL paths) under OLD as under NEW, e.g. /api/v1=/api/v2. Repeatable.",
    ),
    (
        "include_path",
        "--include-path",
        "GLOB",
        "Report only operations matching GLOB ('/billing/**', 'GET /pets/*'). Repeatable.",
    ),
    ("exclude_path", "--exclude-path", "GLOB", "Leave out operations matching GLOB. Repeatable."),
    (
        "include_tag",
        "--include-tag",
        "TAG",
        "Report only operations with TAG (read from the base document). Repeatable.",
    ),
    (
        "exclude_tag",
        "--exclude-tag",
        "TAG",
        "Leave out operations with TAG (read from the base document). Repeatable.",
    ),
    (
        "exclude_extension",
        "--exclude-extension",
        "X-NAME",
        "Leave out operations, parameters, properties and schemas whose base declaration "
        "carries X-NAME with a true value (e.g. x-internal). Repeatable.",
    ),
)


class ComparisonOptions(Struct, frozen=True):
    """The flags as given (empty: the config's value stands)."""

    map_prefix: tuple[str, ...] = ()
    include_path: tuple[str, ...] = ()
    exclude_path: tuple[str, ...] = ()
    include_tag: tuple[str, ...] = ()
    exclude_tag: tuple[str, ...] = ()
    exclude_extension: tuple[str, ...] = ()

    def over(self, config: Config) -> Config:
        """``config`` with these flags laid over its ``map-prefix:`` and ``filters:``."""
        from oasgate.errors import OasgateError
        from oasgate.model.prefixes import PrefixMap, parse_mapping
        from oasgate.policy.status import OperationGlob

        prefixes = config.prefixes
        if self.map_prefix:
            prefixes = PrefixMap.of([parse_mapping(text) for text in self.map_prefix])
        for name in self.exclude_extension:
            if not name.startswith("x-"):
                raise OasgateError(
                    f"--exclude-extension {name!r}: an extension's name starts with 'x-'",
                    hint="e.g. --exclude-extension x-internal",
                )
        filters = config.filters
        changed: dict[str, Any] = {}
        if self.include_path:
            changed["include_paths"] = tuple(OperationGlob.of(p) for p in self.include_path)
        if self.exclude_path:
            changed["exclude_paths"] = tuple(OperationGlob.of(p) for p in self.exclude_path)
        for flag, field in (
            ("include_tag", "include_tags"),
            ("exclude_tag", "exclude_tags"),
            ("exclude_extension", "exclude_extensions"),
        ):
            if getattr(self, flag):
                changed[field] = getattr(self, flag)
        return replace(config, prefixes=prefixes, filters=structs.replace(filters, **changed))


def comparison_options(function: F) -> F:
    """Add ``--map-prefix`` and the filter options; pass ``comparison=``."""
    names = [name for name, *_ in _OPTIONS]

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: tuple(kwargs.pop(name, None) or ()) for name in names}
        kwargs["comparison"] = ComparisonOptions(**values)
        return function(*args, **kwargs)

    decorated: Any = wrapper
    for name, flag, metavar, text in reversed(_OPTIONS):
        decorated = click.option(flag, name, metavar=metavar, multiple=True, help=text)(decorated)
    result: F = decorated
    return result
