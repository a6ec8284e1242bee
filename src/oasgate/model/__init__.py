"""Stage 2 of the pipeline: the OpenAPI model over a loaded document.

- :mod:`~oasgate.model.spec` — :class:`~oasgate.model.spec.SpecModel`, the version-neutral
  view the diff walks (paths, operations, parameters, bodies, responses, components);
- :mod:`~oasgate.model.spec.swagger2` — Swagger 2.0 read through the same interface;
- :mod:`~oasgate.model.spec.diagnostics` and :mod:`~oasgate.model.spec.load_checks` — the structural
  checks every load runs (duplicate operation ids, bad ``$ref`` targets, …);
- :mod:`~oasgate.model.spec.validation` — full validation against the OpenAPI schema
  (``--strict``, ``oasgate validate``).
"""
