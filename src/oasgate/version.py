"""The version of oasgate, in a module of its own so that the reports that print it (HTML,
Markdown, SARIF, the feeds) import it without importing the package's public API, which
imports them back (:func:`oasgate.render`)."""

__version__ = "0.1.0"
