"""Lifecycle policy (SPEC §4 and §5): statuses, the gate table, deprecation and sunset,
the versions policy, ignores and per-rule severity.

The engine uses it in three steps: :func:`oasgate.policy.deprecation.judge_lifecycle`
judges the elements the diff pairs (:mod:`oasgate.diff.lifecycle_pairs`) and returns the
changes that move a lifecycle, the :class:`~oasgate.policy.gate.Gate` judges every change
by the status of what it touches, and :func:`oasgate.policy.ignores.apply_config` applies
per-rule overrides and ignores. The modules: ``dates`` (dates and windows), ``status``
(annotations and status resolution), ``settings`` (the typed values a config becomes:
gate table, policy values, ignores, :class:`~oasgate.policy.settings.Config`), ``gate``
(the gate table and removals), ``deprecation`` (the lifecycle of each paired element,
resolved on both sides), ``transitions`` (the transition rules), ``sunset_headers`` (the
Deprecation/Sunset headers), ``ignores``, ``versions`` (the versions policy and the status
table) and ``presets`` (the shipped presets, YAML config files). Nothing here reads a
config file: that is :mod:`oasgate.config`'s job, which imports this package, never the
other way round.
"""
