"""Stage 2 of the pipeline: the OpenAPI model over a loaded document.

- :mod:`~oasgate.model.objects` — the values the diff reads (operations, parameters,
  bodies, responses, headers, security, servers);
- :mod:`~oasgate.model.spec` — :class:`~oasgate.model.spec.SpecModel`, the version-neutral
  view that builds them from an OpenAPI 3.x document (paths, operations, components);
- :mod:`~oasgate.model.swagger2` — Swagger 2.0 read through the same interface;
- :mod:`~oasgate.model.diagnostics` — the structural checks every load runs (duplicate
  operation ids, misplaced ``$ref``, …), and :mod:`~oasgate.model.load_checks`, which
  runs them with the reference check, in a forked child when that pays;
- :mod:`~oasgate.model.opening` — :class:`~oasgate.model.opening.Opening`, the one way
  documents are opened: the collector pause, the load checks beside the comparison and
  the order errors surface in;
- :mod:`~oasgate.model.validation` — full validation against the OpenAPI schema
  (``--strict``, ``oasgate validate``).

Each module imports only modules listed before it here: the imports inside the package
form no cycle.
"""
