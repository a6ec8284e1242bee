"""Planting one known break into a real document, and what the report must then say.

The metamorphic rewrites (:mod:`tests.metamorphic`) ask "a change of spelling: no finding?";
these ask the other half of a gate's promise, "a real break: found, where it is, and
nothing else?". Each planter picks one spot of a document at random (the spots a
breaking pull request touches every day), changes it, and says where and what must be
reported:

- ``parameter-required``: an optional query or header parameter written in an operation
  becomes required — ``request-parameter-became-required``;
- ``enum-value-removed``: a query, header or path parameter's enum loses a value —
  ``request-parameter-enum-value-removed``;
- ``response-property-removed``: a property of an object schema reached from a 2xx JSON
  response (through references and ``allOf`` members) is removed — a ``…-removed`` rule
  of that property;
- ``response-type-changed``: such a property, a plain string, becomes an integer — a
  ``…-type-changed`` rule of that property;
- ``request-property-required``: an optional property of an object reached from a JSON
  request body becomes required — ``request-property-became-required``;
- ``response-property-optional``: a required property of a response object becomes
  optional — ``response-property-became-optional``;
- ``path-removed``, ``operation-removed`` (one of a path's several): ``path-removed``,
  ``operation-removed``;
- ``required-parameter-added``: an operation takes a new required query parameter —
  ``request-parameter-required-added``;
- ``response-media-type-removed``: a success response no longer offers one of its
  media types — ``response-media-type-removed``;
- ``success-status-removed``: a documented success status is no longer documented —
  ``response-success-status-removed``;
- ``security-requirement-removed``: an operation no longer accepts one of its ways to
  authenticate — ``security-requirement-removed``;
- ``request-variant-removed``: a ``oneOf``/``anyOf`` a request body reaches (and no
  response) loses its last variant — ``…-of-variant-removed``;
- ``response-variant-added``: a ``oneOf``/``anyOf`` a success response reaches (and no
  request) takes a new object variant — ``…-of-variant-added``;
- ``response-header-removed``: a success response no longer declares one of its
  headers — ``response-header-removed``;
- ``request-body-required``: an optional request body becomes required —
  ``request-body-became-required``.

And compatible changes, which must be reported as such with no error or warning anywhere:
a parameter or request property made optional, an enum value added, a property added to
a request or a response, an optional query parameter added, a media type offered, an
error status documented, a security scheme accepted as another way to authenticate, a
request union's new variant (an object no earlier value matches), a response union's
variant removed, a new path, a new operation on a path, a success response's new header, a
required request body made optional.

:func:`judge` reads a report against a planted break: whether a finding of the expected
rule points into the changed spot (recall), and the errors that point elsewhere
(precision; ``api-version-not-bumped`` is about the whole document and is not counted).
``scripts/directory_sweep.py --planted`` runs every planter on every document of the
APIs.guru directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.planted.common import Planted
from tests.planted.properties import (
    enum_value_added,
    enum_value_removed,
    parameter_optional,
    parameter_required,
    request_property_added,
    request_property_optional,
    request_property_required,
    response_property_added,
    response_property_optional,
    response_property_removed,
    response_type_changed,
)
from tests.planted.surface import (
    error_status_added,
    operation_added,
    operation_removed,
    optional_parameter_added,
    path_added,
    path_removed,
    request_body_optional,
    request_body_required,
    request_variant_added,
    request_variant_removed,
    required_parameter_added,
    response_header_added,
    response_header_removed,
    response_media_type_added,
    response_media_type_removed,
    response_variant_added,
    response_variant_removed,
    security_requirement_added,
    security_requirement_removed,
    success_status_removed,
)

__all__ = ["PLANTERS", "Planted", "Verdict", "judge"]


PLANTERS = {
    "parameter-required": parameter_required,
    "enum-value-removed": enum_value_removed,
    "response-property-removed": response_property_removed,
    "response-type-changed": response_type_changed,
    "request-property-required": request_property_required,
    "response-property-optional": response_property_optional,
    "path-removed": path_removed,
    "operation-removed": operation_removed,
    "required-parameter-added": required_parameter_added,
    "response-media-type-removed": response_media_type_removed,
    "success-status-removed": success_status_removed,
    "security-requirement-removed": security_requirement_removed,
    "request-variant-removed": request_variant_removed,
    "response-variant-added": response_variant_added,
    "response-header-removed": response_header_removed,
    "request-body-required": request_body_required,
    # compatible: found, and no error or warning anywhere
    "parameter-optional": parameter_optional,
    "enum-value-added": enum_value_added,
    "request-property-optional": request_property_optional,
    "request-property-added": request_property_added,
    "response-property-added": response_property_added,
    "optional-parameter-added": optional_parameter_added,
    "response-media-type-added": response_media_type_added,
    "error-status-added": error_status_added,
    "security-requirement-added": security_requirement_added,
    "request-variant-added": request_variant_added,
    "response-variant-removed": response_variant_removed,
    "response-header-added": response_header_added,
    "request-body-optional": request_body_optional,
    "path-added": path_added,
    "operation-added": operation_added,
}


@dataclass(frozen=True)
class Verdict:
    found: bool
    #: error findings about anything but the planted spot: "rule: message"
    elsewhere: tuple[str, ...]


def _at(spot: str, pointer: str | None) -> bool:
    return pointer is not None and (pointer == spot or pointer.startswith(spot + "/"))


def judge(planted: Planted, findings: Any) -> Verdict:
    """Whether the report found the planted break where it is, and what else it said."""
    found = False
    elsewhere = []
    for finding in findings:
        pointers = [place.pointer for place in (finding.base, finding.revision) if place]
        here = any(_at(planted.spot, pointer) for pointer in pointers)
        rule = finding.rule
        # a property removed while deprecated is "…-removed-before-sunset"
        matches = rule == planted.rule or (planted.rule.startswith("-") and planted.rule in rule)
        severity = finding.severity.value
        if planted.compatible:  # nothing may fail or warn
            noisy = severity in ("error", "warning")
        else:  # no error about anything else
            noisy = not here and severity == "error" and rule != "api-version-not-bumped"
        if here and matches and planted.name in finding.message:
            found = True
        elif noisy:
            elsewhere.append(f"{rule}: {finding.message}")
    return Verdict(found, tuple(elsewhere))
