"""The options every command that reads specs shares: where refs may be read, network, limits.

``@input_options`` adds them to a click command and hands the command one frozen
:class:`InputOptions` (keyword ``inputs``), so commands stay small and a new limit is
one edit here. Limits come from the defaults, then the config's ``limits:`` table
(:meth:`InputOptions.with_config`), then the flags. See ``docs/security.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import click
from msgspec import Struct, field
from msgspec.structs import replace

if TYPE_CHECKING:
    from oasgate.loading.limits import Limits
    from oasgate.model.opening import Opening
    from oasgate.model.spec import SpecModel
    from oasgate.policy.settings import Config

F = TypeVar("F", bound=Callable[..., Any])

_LIMIT_OPTIONS = (
    ("max_input_bytes", "--max-input-size", "SIZE", "Largest file read (default 128MB)."),
    ("max_total_bytes", "--max-total-size", "SIZE", "Largest total of one spec's files (512MB)."),
    ("max_files", "--max-files", "N", "Most files one spec may span (10000)."),
    ("max_depth", "--max-depth", "N", "Deepest nesting of mappings/lists (256, at most 1000)."),
    ("max_alias_events", "--max-alias-nodes", "N", "Most nodes YAML aliases may replay (2000000)."),
    (
        "remote_timeout",
        "--remote-timeout",
        "SECONDS",
        "Time allowed for each URL with --allow-remote (20).",
    ),
    ("max_findings", "--max-findings", "N", "Most findings one comparison may produce (100000)."),
    ("max_report_bytes", "--max-report-size", "SIZE", "Largest report check writes (256MB)."),
)


class InputOptions(Struct, frozen=True):
    """How to read the specs named on the command line."""

    ref_root: str | None = None
    allow_remote: bool = False
    #: limits given as flags (field name → value); they win over the config's
    limit_overrides: dict[str, Any] = field(default_factory=dict)
    #: the config's ``limits:`` table
    configured: Mapping[str, Any] = field(default_factory=dict)

    @property
    def limits(self) -> Limits:
        from oasgate.loading.limits import Limits

        return Limits.from_mapping(self.configured).replace(**self.limit_overrides)

    def with_config(self, config: Config | None = None) -> InputOptions:
        """These options over a config's ``limits:`` (the discovered config when None)."""
        if config is None:
            from oasgate.config import load_config

            config = load_config(confine=True)
        return replace(self, configured=dict(config.limits))

    def load(self, spec: str, *, opening: Opening | None = None) -> SpecModel:
        """``spec`` read under these options: by ``opening`` when given (its load checks
        may then still be running, see :class:`~oasgate.model.opening.Opening`), else
        checked before this returns."""
        if opening is not None:
            return opening.open(
                spec, ref_root=self.ref_root, allow_remote=self.allow_remote, limits=self.limits
            )
        from oasgate.engine import load

        return load(
            spec,
            ref_root=self.ref_root,
            allow_remote=self.allow_remote,
            limits=self.limits,
        )


def _size(value: str | None) -> int | None:
    from oasgate.errors import OasgateError
    from oasgate.loading.limits import parse_size

    if value is None:
        return None
    try:
        return parse_size(value, what="the size")
    except OasgateError as error:
        raise click.BadParameter(error.message) from None


def input_options(function: F) -> F:
    """Add ``--ref-root``, ``--allow-remote`` and the limit options; pass ``inputs=``."""
    names = ["ref_root", "allow_remote"] + [name for name, *_ in _LIMIT_OPTIONS]

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name, None) for name in names}
        overrides = {name: values[name] for name, *_ in _LIMIT_OPTIONS if values[name] is not None}
        for name in ("max_input_bytes", "max_total_bytes", "max_report_bytes"):
            if name in overrides:
                overrides[name] = _size(overrides[name])
        kwargs["inputs"] = InputOptions(
            ref_root=values["ref_root"],
            allow_remote=bool(values["allow_remote"]),
            limit_overrides=overrides,
        )
        return function(*args, **kwargs)

    decorated: Any = wrapper
    for name, flag, metavar, text in reversed(_LIMIT_OPTIONS):
        kind: Any = str if name.endswith("_bytes") else (float if "timeout" in name else int)
        decorated = click.option(flag, name, metavar=metavar, type=kind, help=text)(decorated)
    decorated = click.option(
        "--allow-remote",
        "allow_remote",
        is_flag=True,
        help="Allow http(s):// URLs as inputs (network access is off by default).",
    )(decorated)
    decorated = click.option(
        "--ref-root",
        "ref_root",
        metavar="DIR",
        help="Directory external $refs may read from (default: the git working tree that "
        "holds the spec, else its directory).",
    )(decorated)
    result: F = decorated
    return result
