"""Stage 1 of the pipeline: from a path, URL or git revision to a resolved document tree.

- :mod:`~oasgate.loading.sources` — what is read: a file's bytes and name, and the tree that
  reads files by key; :mod:`~oasgate.loading.trees` picks the tree for an argument
  (:mod:`~oasgate.loading.local_trees`, :mod:`~oasgate.loading.git_tree`,
  :mod:`~oasgate.loading.url_tree`), bounded by :mod:`~oasgate.loading.limits` and kept
  inside the spec's tree (:mod:`~oasgate.loading.safe_files`, :mod:`~oasgate.loading.remote`);
- :mod:`~oasgate.loading.parsing` — YAML/JSON text to plain values, fast and bounded (YAML
  in :mod:`~oasgate.loading.yaml_parsing`; :mod:`~oasgate.loading.duplicate_keys` and
  :mod:`~oasgate.loading.unrepresentable` for what the fast parsers let through);
- :mod:`~oasgate.loading.document` — the multi-file document: ``$ref`` resolution by structure,
  with :mod:`~oasgate.loading.refscan` and :mod:`~oasgate.loading.canonical` beside it;
- :mod:`~oasgate.loading.locate` — file:line:column of a JSON pointer, computed lazily for the
  nodes a report names.

The package is ``loading``, not ``load``: a subpackage named ``load`` would replace the public
function ``oasgate.load`` as an attribute of :mod:`oasgate` as soon as it is imported.

Nothing here knows about OpenAPI semantics; that starts in :mod:`oasgate.model.spec`.
"""
