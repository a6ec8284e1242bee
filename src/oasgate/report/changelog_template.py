"""A changelog written by the user's own Jinja2 template (``oasgate changelog --template``).

The template runs in Jinja2's sandbox (:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`,
which also refuses the methods that change lists and dicts): it sees the
data below and nothing else — no attribute starting with ``_``, no Python internals, no
files, no imports — so a template from a pull request cannot reach the machine it runs
on. Undefined names are errors (a misspelt field is caught, not silently empty). HTML and
XML templates (``.html``, ``.htm``, ``.xml``, also before a ``.j2``/``.jinja`` suffix)
are autoescaped: the spec's text cannot inject markup.

The data (documented field by field in docs/templates.md, and tested by a template that
uses every field) is :func:`template_data`.
"""

from __future__ import annotations

from typing import Any

from oasgate.errors import OasgateError
from oasgate.findings import Finding, Location, Report, SourceInfo
from oasgate.i18n import current
from oasgate.report.changelog_entry import (
    ChangelogOptions,
    counts_sentence,
    entry_id,
    release_name,
    section_of,
    sections,
)
from oasgate.report.common import attribute_pairs

#: file suffixes whose templates are autoescaped
_ESCAPED = (".html", ".htm", ".xml")
_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")


def _side(info: SourceInfo) -> dict[str, Any]:
    return {
        "source": info.source,
        "title": info.title,
        "version": info.api_version,
        "openapi": info.openapi_version,
        "name": release_name(info),
    }


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "pointer": location.pointer,
        "text": str(location),
    }


def _change(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.rule,
        "message": finding.message,
        "severity": finding.severity.value,
        "classification": finding.classification.value,
        "section": section_of(finding).value,
        "operations": list(finding.operations),
        "status": finding.status,
        "hint": finding.hint,
        "fingerprint": finding.fingerprint,
        "ignored": finding.ignored,
        "ignore_reason": finding.ignore_reason,
        "location": _location(finding.location),
        "base": _location(finding.base),
        "revision": _location(finding.revision),
        "attributes": {op: dict(values) for op, values in finding.attributes.items()},
        "attribute_values": dict(attribute_pairs(finding)),
    }


def template_data(report: Report, options: ChangelogOptions) -> dict[str, Any]:
    """Everything a changelog template may use (docs/templates.md)."""
    groups = sections(report)
    changes = [_change(f) for f in report.findings]
    by_fingerprint = {c["fingerprint"]: c for c in changes}
    return {
        "id": entry_id(report),
        "date": options.date.date().isoformat(),
        "datetime": options.date.isoformat(),
        "link": options.link,
        "lang": current(),
        "base": _side(report.base),
        "revision": _side(report.revision),
        "summary": counts_sentence(groups),
        "counts": {section.value: len(found) for section, found in groups.items()},
        "sections": [
            {
                "id": section.value,
                "heading": section.heading,
                "changes": [by_fingerprint[f.fingerprint] for f in found],
            }
            for section, found in groups.items()
        ],
        "changes": changes,
    }


def autoescaped(name: str) -> bool:
    lowered = name.lower()
    for suffix in _TEMPLATE_SUFFIXES:
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
    return lowered.endswith(_ESCAPED)


def render_template(source: str, name: str, data: dict[str, Any]) -> str:
    """``source`` (the template file ``name``) rendered over ``data`` in the sandbox; any
    failure is one :class:`OasgateError` naming the template's file and line."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(
        autoescape=autoescaped(name),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    try:
        template = environment.from_string(source)
        return template.render(data)
    except jinja2.TemplateSyntaxError as error:
        raise OasgateError(
            f"template syntax error: {error.message}", file=name, line=error.lineno
        ) from None
    except jinja2.exceptions.SecurityError as error:
        raise OasgateError(
            f"the template tried something the sandbox does not allow: {error}",
            file=name,
            line=_line(error),
            hint="a changelog template may only use the data in docs/templates.md",
        ) from None
    except jinja2.UndefinedError as error:
        raise OasgateError(
            f"template error: {error.message}",
            file=name,
            line=_line(error),
            hint="docs/templates.md lists every field a template may use",
        ) from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
        raise OasgateError(f"template error: {error}", file=name, line=_line(error)) from None


def _line(error: BaseException) -> int | None:
    """The template line a render error happened on, from the traceback Jinja2 rewrites
    to point at the template."""
    traceback = error.__traceback__
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
