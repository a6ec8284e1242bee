"""Many APIs at once: ``oasgate check`` over two trees of specs (docs/composed.md).

A monorepo holds one spec per service and version. This package finds the specs of each
side (:mod:`~oasgate.many.sides`), pairs them (:mod:`~oasgate.many.pairing`), gives each
pair the config of the base tree (:mod:`~oasgate.many.configs`), runs every pair through
the ordinary engine, in a pool of forked workers (:mod:`~oasgate.many.runner`), splits the
pairs over CI shards (:mod:`~oasgate.many.shards`), and renders one merged report
(:mod:`~oasgate.many.results`, :mod:`~oasgate.many.render`) that
:mod:`~oasgate.many.json_io` writes and reads back for ``oasgate merge``.

Nothing here compares documents: one pair is one ordinary ``check``.
"""
