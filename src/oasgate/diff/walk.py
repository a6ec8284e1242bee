"""The diff walk's entry point: paths and their operations, webhooks, then the
document-level comparisons (component schemas, security schemes, ``info.version``).

Each part lives in a module of its own (:mod:`.paths`, :mod:`.operation`,
:mod:`.parameters`, :mod:`.bodies`, :mod:`.responses`, :mod:`.callbacks`,
:mod:`.components`) and works on one :class:`~oasgate.diff.context.DiffContext`.
"""

from __future__ import annotations

from oasgate.diff.callbacks import compare_webhooks
from oasgate.diff.components import compare_component_schemas, compare_security_schemes
from oasgate.diff.context import DiffContext
from oasgate.diff.normal_form import remembering
from oasgate.diff.operation import compare_operation
from oasgate.diff.paths import compare_paths
from oasgate.diff.result import DiffResult
from oasgate.diff.versioning import check_versions
from oasgate.model.spec import SpecModel


def compare_specs(base: SpecModel, revision: SpecModel) -> DiffResult:
    ctx = DiffContext(base, revision)
    with remembering():
        compare_paths(ctx)
        compare_webhooks(ctx, compare_operation)
        compare_component_schemas(ctx)
        compare_security_schemes(ctx)
    check_versions(ctx.changes, base.info_version(), revision.info_version())
    return ctx.result
