"""``--lang``: the language of messages and report headings (docs/i18n.md).

``--lang`` wins, then ``OASGATE_LANG``, then the config's ``lang:``, then English. Only
what people read changes: rule ids, JSON keys, fingerprints and exit codes are the same
in every language, and findings are translated after the report is complete, so their
order and grouping are too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from oasgate.findings import Report
    from oasgate.policy.settings import Config

F = TypeVar("F", bound=Callable[..., Any])
ENV = "OASGATE_LANG"


def lang_option(function: F) -> F:
    result: F = click.option(
        "--lang",
        metavar="LANG",
        default=None,
        help=f"Language of messages and headings: en (default) or es; else ${ENV}, else "
        "the config's lang:. Ids, JSON keys, fingerprints and exit codes never change.",
    )(function)
    return result


def choose(flag: str | None, config: Config | None) -> str:
    """The run's language (validated: one clear error for an unknown one), set for the
    rest of the command."""
    from oasgate.i18n import checked, use

    if flag:
        lang = checked(flag, "--lang")
    elif os.environ.get(ENV):
        lang = checked(os.environ[ENV], ENV)
    elif config is not None and config.lang:
        lang = checked(config.lang, f"{config.source or 'the config'}: lang")
    else:
        lang = "en"
    use(lang)
    return lang


def localized(report: Report, lang: str) -> Report:
    """The report with its messages and hints said in ``lang``."""
    if lang == "en":
        return report
    from oasgate.report.localize import localized as translate_report

    return translate_report(report, lang)
