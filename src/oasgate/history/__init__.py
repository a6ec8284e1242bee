"""The spec's history read from git: ``oasgate log`` and lifecycle dates from commits.

:mod:`.git_objects` reads commits, tags, trees and blobs through one ``git cat-file
--batch`` process; :mod:`.revision_tree` serves one commit's files to the loader, each
blob parsed once; :mod:`.walk` compares consecutive states with the engine. See
docs/history.md.
"""

from oasgate.history.git_objects import Commit
from oasgate.history.walk import Log, LogEntry, LogOptions, read_log

__all__ = ["Commit", "Log", "LogEntry", "LogOptions", "read_log"]
