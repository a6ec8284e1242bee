"""Positions: the file, line and column of a JSON pointer in a YAML or JSON source.

Parsing keeps no positions (it is several times faster without); a report asks for the
positions of the few nodes it names, and these modules recover them from the text.
:class:`~oasgate.loading.locate.locator.Locator` is the entry; behind it:

- :mod:`~oasgate.loading.locate.yaml_layout` and :mod:`~oasgate.loading.locate.json_layout` —
  the fast paths, reading block YAML and pretty-printed JSON by indentation (YAML's
  spelling in :mod:`~oasgate.loading.locate.yaml_syntax`);
- :mod:`~oasgate.loading.locate.yaml_exact` and :mod:`~oasgate.loading.locate.json_exact` —
  the exact fallbacks, for text the fast paths cannot vouch for;
- :mod:`~oasgate.loading.locate.tokens` — what all of them share (token paths, child
  records, the "unsure" signal), so no finder imports another;
- :mod:`~oasgate.loading.locate.lines` — offsets to line and column.
"""
