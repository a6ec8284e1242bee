"""Security requirements are judged by meaning (issue 13, docs/compatibility.md).

A requirement is a set of schemes, each with a set of scopes; an operation's security is a
set of such alternatives (absent or ``[]``: one empty alternative, anyone may call). A
client that satisfies a base alternative ``A`` keeps working when the revision has an
alternative ``B`` that asks for no more (``B ⊆ A``, scopes included). These properties
hold for any pair of security declarations:

- reordering alternatives, the schemes inside one or their scopes never changes the
  findings (rule, message, fingerprint);
- an error is reported exactly when some base alternative has no such ``B``.
"""

from __future__ import annotations

import random
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from oasgate.findings import Finding, Severity
from tests.acceptance.test_properties import FUZZ, compare

_SCHEMES = {
    "a": {"type": "apiKey", "in": "header", "name": "X-A"},
    "b": {"type": "apiKey", "in": "header", "name": "X-B"},
    "c": {"type": "http", "scheme": "bearer"},
    "oauth": {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {
                "tokenUrl": "https://auth.example.com/token",
                "scopes": {"read": "read", "write": "write", "admin": "admin"},
            }
        },
    },
}

Requirement = dict[str, list[str]]


@st.composite
def requirements(draw: st.DrawFn) -> Requirement:
    names = draw(st.lists(st.sampled_from(sorted(_SCHEMES)), unique=True, max_size=3))
    return {
        name: (
            draw(st.lists(st.sampled_from(["read", "write", "admin"]), unique=True, max_size=2))
            if name == "oauth"
            else []
        )
        for name in names
    }


#: None: no ``security`` at all; a list: the alternatives (``{}`` is "no credentials").
SECURITY = st.one_of(st.none(), st.lists(requirements(), max_size=3))


def document(security: list[Requirement] | None) -> str:
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
    if security is not None:
        operation["security"] = security
    data = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/pets": {"get": operation}},
        "components": {"securitySchemes": _SCHEMES},
    }
    return yaml.safe_dump(data, sort_keys=False)


def reordered(security: list[Requirement] | None, rng: random.Random) -> Any:
    if security is None:
        return None
    alternatives = []
    for requirement in security:
        names = list(requirement)
        rng.shuffle(names)
        alternatives.append({n: rng.sample(requirement[n], len(requirement[n])) for n in names})
    rng.shuffle(alternatives)
    return alternatives


def _as_sets(security: list[Requirement] | None) -> list[dict[str, set[str]]]:
    if not security:
        return [{}]
    return [{name: set(scopes) for name, scopes in r.items()} for r in security]


def still_works(base: dict[str, set[str]], revision: list[dict[str, set[str]]]) -> bool:
    return any(all(n in base and s <= base[n] for n, s in r.items()) for r in revision)


def _seen(findings: tuple[Finding, ...] | list[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.message, f.fingerprint) for f in findings)


@FUZZ
@given(SECURITY, SECURITY, st.randoms(use_true_random=False))
def test_reordering_alternatives_schemes_or_scopes_never_changes_findings(
    base: list[Requirement] | None, revision: list[Requirement] | None, rng: random.Random
) -> None:
    plain = compare(document(base), document(revision)).findings
    shuffled = compare(document(reordered(base, rng)), document(reordered(revision, rng))).findings
    assert _seen(plain) == _seen(shuffled)
    alone = compare(document(base), document(reordered(base, rng))).findings
    assert not alone, [f.message for f in alone]


@FUZZ
@given(SECURITY, SECURITY)
def test_an_error_exactly_when_a_base_alternative_no_longer_works(
    base: list[Requirement] | None, revision: list[Requirement] | None
) -> None:
    findings = compare(document(base), document(revision)).findings
    errors = [f for f in findings if f.severity is Severity.ERROR]
    accepted = _as_sets(revision)
    locked_out = [a for a in _as_sets(base) if not still_works(a, accepted)]
    assert bool(errors) == bool(locked_out), (
        base,
        revision,
        [(f.rule, f.message) for f in findings],
    )


def test_two_schemes_to_one_is_compatible_and_says_why() -> None:
    findings = compare(document([{"a": [], "b": []}]), document([{"a": []}])).findings
    assert [(f.rule, f.severity, f.message) for f in findings] == [
        (
            "security-requirement-relaxed",
            Severity.INFO,
            "security: security requirement {a, b} replaced by {a}: asks for less",
        )
    ]


def test_optional_security_made_mandatory_breaks_anonymous_clients() -> None:
    findings = compare(document([{"a": []}, {}]), document([{"a": []}])).findings
    assert [(f.rule, f.severity) for f in findings] == [("security-added", Severity.ERROR)]
    assert not compare(document([{}]), document([])).findings
    assert not compare(document([]), document(None)).findings
