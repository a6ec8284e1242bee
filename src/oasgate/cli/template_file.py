"""Reading a changelog template (``--template FILE``): a regular file inside the
repository, like every other input (docs/security.md)."""

from __future__ import annotations

from pathlib import Path

from oasgate.errors import OasgateError

#: the largest template read: a changelog template is a page of text
MAX_TEMPLATE_BYTES = 1024 * 1024


def read_template(path: str, cwd: Path | None = None) -> str:
    """The text of the template ``path``. Its real location must be inside the
    repository around the working directory (the git working tree, else the directory
    itself) and outside ``.git``: a template's errors quote its text, and a symlink in a
    pull request must not make them quote a file elsewhere on the machine."""
    from oasgate.config import config_tree
    from oasgate.loading.safe_files import (
        git_directory_refusal,
        in_git_directory,
        is_within,
        read_regular_file,
    )

    here = cwd or Path.cwd()
    if in_git_directory(here / path):
        raise git_directory_refusal(path)
    tree = config_tree(here)
    if not is_within(here / path, tree):
        raise OasgateError(
            f"the template's real location is outside the repository ({tree}); it is not read",
            file=path,
            hint="keep the template inside the repository; a symlink out of it is refused",
        )
    data = read_regular_file(
        str(here / path),
        limit=MAX_TEMPLATE_BYTES,
        display=path,
        what="a template",
        size_hint="a changelog template is at most 1MB",
    )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise OasgateError(f"not UTF-8 text (byte {error.start})", file=path) from None
