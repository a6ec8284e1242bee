"""Lifecycle policy (SPEC §4 and §5): statuses, the gate table, deprecation and sunset,
the versions policy, ignores and per-rule severity.

The engine uses it in three steps: :func:`oasgate.policy.gate.lifecycle_changes` adds the
changes that move a lifecycle to the diff's change set and returns the
:class:`~oasgate.policy.gate.Gate` that judges every change by the status of what it
touches, and :func:`oasgate.policy.ignores.apply_config` applies per-rule overrides and
ignores. The modules: ``dates`` (dates and windows), ``status`` (annotations and status
resolution), ``gate`` (the gate table and removals), ``deprecation`` (the transition
rules and the Deprecation/Sunset headers), ``ignores``, ``versions`` (the versions policy
and the status table) and ``presets``.
"""
