"""Checking a witness again, from nothing but the report and the two documents.

The oracle of the test suite (and ``scripts/witness_share.py``) does not trust the search
that built a witness: :func:`verify` finds the place the witness names among the
finding's operations, builds fresh validators of both sides, and checks that the side
named as accepting accepts the payload and the other rejects it — every reading of a
parameter's text included.
"""

from __future__ import annotations

import orjson

from oasgate.catalogue import Side as RuleSide
from oasgate.catalogue import get_rule
from oasgate.findings import Finding
from oasgate.model.spec import SpecModel
from oasgate.witness.bundle import Side
from oasgate.witness.embed import readings
from oasgate.witness.formats import is_format_rule
from oasgate.witness.places import roots


def verify(finding: Finding, base: SpecModel, revision: SpecModel) -> bool:
    """Whether ``finding``'s witness holds: accepted by one side, rejected by the other."""
    witness = finding.witness
    if witness is None or not witness.found:
        return False
    models = {"base": base, "revision": revision}
    accept_model, reject_model = models[witness.accepted_by], models[witness.rejected_by]
    request = get_rule(finding.rule).side is RuleSide.REQUEST
    if (witness.accepted_by == "base") != request:
        return False  # a request must be accepted by the base, a response by the revision
    side = "request" if request else "response"
    instance = orjson.loads(witness.instance)
    accept_roots = [
        r
        for r in roots(accept_model, finding.operations, side, finding.rule)
        if r.where == witness.where
    ]
    if not accept_roots:
        return False
    root = accept_roots[0]
    others = {r.key: r for r in roots(reject_model, finding.operations, side, finding.rule)}
    other = others.get(root.key)
    if other is None:
        return False
    formats = is_format_rule(finding.rule)
    accept = Side(accept_model.document, accept_model.version, formats)
    reject = Side(reject_model.document, reject_model.version, formats)
    if root.text:
        if witness.text is None:
            return False
        values = readings(witness.text)
        return accept.judge(root.schema, instance) is True and all(
            reject.judge(other.schema, value) is False for value in values
        )
    return (
        accept.judge(root.schema, instance) is True
        and reject.judge(other.schema, instance) is False
    )
