"""Stage 1 of the pipeline: from a path, URL or git revision to a resolved document tree.

- :mod:`~oasgate.load.sources` — where bytes come from (files, ``REV:PATH``, URLs), bounded
  by :mod:`~oasgate.load.limits` and kept inside the spec's tree (:mod:`~oasgate.load.safe_files`,
  :mod:`~oasgate.load.remote`);
- :mod:`~oasgate.load.parsing` — YAML/JSON text to plain values, fast and bounded;
- :mod:`~oasgate.load.document` — the multi-file document: ``$ref`` resolution by structure,
  with :mod:`~oasgate.load.refscan` and :mod:`~oasgate.load.canonical` beside it;
- :mod:`~oasgate.load.locate` — file:line:column of a JSON pointer, computed lazily for the
  nodes a report names.

Nothing here knows about OpenAPI semantics; that starts in :mod:`oasgate.model.spec`.
"""
