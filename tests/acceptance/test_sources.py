"""Every kind of input a user can name: files, stdin, ``REV:PATH`` from git, URLs.

Git tests build a throw-away repository; URL tests serve a temporary directory from
a local HTTP server on 127.0.0.1 in a thread, which stops when the test ends (and by
itself after a minute at most).
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

import oasgate
from tests.conftest import POSIX, run_cli, spec_text

PET_SPEC = spec_text(
    "/pets:\n  get:\n    responses:\n      '200':\n        description: ok\n"
    "        content:\n          application/json:\n"
    "            schema: {$ref: 'schemas/pet.yaml#/Pet'}\n"
)
PET_V1 = "Pet:\n  type: object\n  properties:\n    id: {type: integer}\n    name: {type: string}\n"
PET_V2 = PET_V1.replace("id: {type: integer}", "id: {type: string}")


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a multi-file spec in ``api/``, committed twice (v1, then v2)."""
    root = tmp_path / "repo"
    (root / "api" / "schemas").mkdir(parents=True)
    _git(root, "init", "-q")
    (root / "api" / "openapi.yaml").write_text(PET_SPEC)
    (root / "api" / "schemas" / "pet.yaml").write_text(PET_V1)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "v1")
    _git(root, "tag", "v1")
    (root / "api" / "schemas" / "pet.yaml").write_text(PET_V2)
    _git(root, "commit", "-qam", "v2")
    return root


# -- files and stdin ----------------------------------------------------------------------


def test_yaml_or_json_is_chosen_by_content_not_extension(tmp_path: Path) -> None:
    as_json = tmp_path / "spec.yaml"  # JSON text in a .yaml file
    as_json.write_text(
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": '
        '{"get": {"responses": {"200": {"description": "ok"}}}}}}'
    )
    as_yaml = tmp_path / "spec.json"  # YAML text in a .json file
    as_yaml.write_text(spec_text("/a: {get: {responses: {'200': {description: ok}}}}"))
    result = run_cli("check", str(as_json), str(as_yaml))
    assert result.exit_code == 0, result.stderr
    assert "0 error(s)" in result.stdout


def test_stdin_as_revision_side(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(spec_text("/a: {get: {responses: {'200': {description: ok}}}}"))
    result = run_cli("check", str(base), "-", stdin=spec_text("{}"))
    assert result.exit_code == 1
    assert "path /a removed" in result.stdout
    assert "<stdin>" in result.stdout


def test_stdin_cannot_follow_external_refs(tmp_path: Path) -> None:
    result = run_cli("check", "-", "-", stdin=PET_SPEC)
    assert result.exit_code == 2
    other = tmp_path / "other.yaml"
    other.write_text(PET_SPEC)
    result = run_cli("check", "-", str(other), stdin=PET_SPEC)
    assert result.exit_code == 2
    assert "<stdin>" in result.stderr and "standard input" in result.stderr


@POSIX  # Windows file names cannot hold a colon
def test_an_existing_file_with_a_colon_in_its_name_is_a_file(tmp_path: Path) -> None:
    odd = tmp_path / "v1:openapi.yaml"
    odd.write_text(spec_text("/a: {get: {responses: {'200': {description: ok}}}}"))
    result = run_cli("check", "v1:openapi.yaml", "v1:openapi.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr


@POSIX
def test_symlink_inside_the_tree_is_followed(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "real.yaml").write_text(PET_V1)
    (tmp_path / "schemas" / "pet.yaml").symlink_to("real.yaml")
    (tmp_path / "openapi.yaml").write_text(PET_SPEC)
    model = oasgate.load(str(tmp_path / "openapi.yaml"))
    assert "schemas/pet.yaml" in model.document.file_keys()


@POSIX
def test_process_substitution_pipe_is_a_valid_root(tmp_path: Path) -> None:
    # `oasgate check <(git show main:api.yaml) api.yaml` passes /dev/fd/N: the user named
    # a stream, as with '-'; it is read, where a FIFO behind a file name is refused.
    text = spec_text("/a: {get: {responses: {'200': {description: ok}}}}")
    plain = tmp_path / "plain.yaml"
    plain.write_text(text)
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "w") as writer:
        writer.write(text)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "oasgate", "check", f"/dev/fd/{read_end}", str(plain)],
            pass_fds=(read_end,),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(read_end)
    assert proc.returncode == 0, proc.stderr


@POSIX
def test_a_fifo_behind_a_file_name_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "plain.yaml").write_text(
        spec_text("/a: {get: {responses: {'200': {description: ok}}}}")
    )
    result = run_cli("check", "pipe.yaml", "plain.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "pipe.yaml: is a FIFO (named pipe), not a regular file" in result.stderr


# -- git revisions ------------------------------------------------------------------------


def test_git_revisions_of_a_multi_file_spec(repo: Path) -> None:
    result = run_cli("check", "v1:api/openapi.yaml", "HEAD:api/openapi.yaml", cwd=repo)
    assert result.exit_code == 1, result.stderr
    # the external file was read at each revision: the change is in schemas/pet.yaml
    assert "response-property-type-changed" in result.stdout
    assert "HEAD:api/schemas/pet.yaml:4:" in result.stdout


def test_git_revision_against_the_working_tree_from_a_subdirectory(repo: Path) -> None:
    (repo / "api" / "schemas" / "pet.yaml").write_text(PET_V1)  # uncommitted: back to v1
    api = repo / "api"
    assert run_cli("check", "v1:./openapi.yaml", "openapi.yaml", cwd=api).exit_code == 0
    result = run_cli("check", "HEAD:./openapi.yaml", "openapi.yaml", cwd=api)
    assert result.exit_code == 1
    assert "type changed from string to integer" in result.stdout


def test_git_revision_via_the_python_api(repo: Path) -> None:
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        report = oasgate.check("v1:api/openapi.yaml", "HEAD:api/openapi.yaml")
    finally:
        os.chdir(cwd)
    assert [f.rule for f in report.findings] == ["response-property-type-changed"]
    assert report.base.source == "v1:api/openapi.yaml"


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("nope:api/openapi.yaml", "git: invalid object name 'nope'"),
        ("HEAD:api/missing.yaml", "git: path 'api/missing.yaml' does not exist in 'HEAD'"),
        ("HEAD:api/schemas", "is a tree in git, not a spec file"),
        ("HEAD:../outside.yaml", "the path leaves the repository"),
    ],
)
def test_bad_git_revision_or_path_is_one_line_with_gits_reason(
    repo: Path, spec: str, reason: str
) -> None:
    result = run_cli("check", spec, "api/openapi.yaml", cwd=repo)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{spec}: " in result.stderr and reason in result.stderr


def test_git_outside_a_repository(tmp_path: Path) -> None:
    result = run_cli("check", "HEAD:openapi.yaml", "HEAD:openapi.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr


def test_git_refs_read_the_whole_repository_and_ref_root_narrows_it(repo: Path) -> None:
    (repo / "secret.yaml").write_text("Pet: {type: object}\n")
    (repo / "api" / "openapi.yaml").write_text(
        PET_SPEC.replace("schemas/pet.yaml", "../secret.yaml")
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "up one level")
    # by default, the whole revision: real layouts reference ../schemas/…
    result = run_cli("check", "HEAD:api/openapi.yaml", "HEAD:api/openapi.yaml", cwd=repo)
    assert result.exit_code == 0, result.stderr
    narrowed = run_cli(
        "check", "--ref-root", "api", "HEAD:api/openapi.yaml", "HEAD:api/openapi.yaml", cwd=repo
    )
    assert narrowed.exit_code == 2
    assert "HEAD:api/openapi.yaml:" in narrowed.stderr
    assert "outside the spec's directory tree" in narrowed.stderr


@POSIX
def test_git_symlinks_out_of_the_tree_are_refused_and_inside_followed(repo: Path) -> None:
    (repo / "outside.yaml").write_text(PET_V1)
    schemas = repo / "api" / "schemas"
    (schemas / "pet.yaml").unlink()
    (schemas / "pet.yaml").symlink_to("../../../outside.yaml")  # above the repository
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "symlink out")
    result = run_cli("check", "HEAD:api/openapi.yaml", "HEAD:api/openapi.yaml", cwd=repo)
    assert result.exit_code == 2
    assert "outside the spec's directory tree (symlink?)" in result.stderr

    (schemas / "pet.yaml").unlink()
    (schemas / "real.yaml").write_text(PET_V1)
    (schemas / "pet.yaml").symlink_to("real.yaml")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "symlink in")
    result = run_cli("check", "v1:api/openapi.yaml", "HEAD:api/openapi.yaml", cwd=repo)
    assert result.exit_code == 0, result.stderr


def test_git_reads_nothing_from_the_working_tree(repo: Path) -> None:
    (repo / "api" / "schemas" / "pet.yaml").write_text("not: [valid")  # broken on disk only
    result = run_cli("check", "v1:api/openapi.yaml", "HEAD:api/openapi.yaml", cwd=repo)
    assert result.exit_code == 1, result.stderr


def test_git_size_limit_applies_to_blobs(repo: Path) -> None:
    result = run_cli(
        "check", "--max-input-size", "100", "v1:api/openapi.yaml", "api/openapi.yaml", cwd=repo
    )
    assert result.exit_code == 2
    assert "v1:api/openapi.yaml" in result.stderr and "more than the limit of 100" in result.stderr


# -- URLs ---------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    routes: ClassVar[dict[str, Callable[[_Handler], None]]] = {}

    def do_GET(self) -> None:
        route = self.routes.get(self.path)
        if route is not None:
            route(self)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, Callable[[_Handler], None]]]]:
    """(base URL, served directory, extra routes) — a server on 127.0.0.1, stopped after."""
    root = tmp_path / "www"
    (root / "api" / "schemas").mkdir(parents=True)
    routes: ClassVar[dict[str, Callable[[_Handler], None]]] = {}
    handler = type("Handler", (_Handler,), {"routes": routes})

    def make(*args: Any) -> _Handler:
        return handler(*args, directory=str(root))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    stopper = threading.Timer(60, server.shutdown)  # bounded even if a test hangs
    stopper.daemon = True
    stopper.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root, routes
    finally:
        stopper.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _publish(root: Path, pet: str = PET_V1, spec: str = PET_SPEC) -> None:
    (root / "api" / "openapi.yaml").write_text(spec)
    (root / "api" / "schemas" / "pet.yaml").write_text(pet)


def test_url_needs_allow_remote(served: Any, tmp_path: Path) -> None:
    url, root, _ = served
    _publish(root)
    result = run_cli("check", f"{url}/api/openapi.yaml", f"{url}/api/openapi.yaml")
    assert result.exit_code == 2
    assert "needs --allow-remote" in result.stderr


def test_url_multi_file_spec_with_allow_remote(served: Any, tmp_path: Path) -> None:
    url, root, _ = served
    _publish(root)
    local = tmp_path / "local"
    (local / "schemas").mkdir(parents=True)
    (local / "openapi.yaml").write_text(PET_SPEC)
    (local / "schemas" / "pet.yaml").write_text(PET_V2)
    result = run_cli(
        "check",
        "--allow-remote",
        f"{url}/api/openapi.yaml",
        str(local / "openapi.yaml"),
        "--format",
        "json",
    )
    assert result.exit_code == 1, result.stderr
    [finding] = result.json()["findings"]
    assert finding["id"] == "response-property-type-changed"
    assert finding["base"]["file"] == f"{url}/api/schemas/pet.yaml"
    assert finding["base"]["line"] == 4


def test_url_refs_are_confined_to_the_documents_origin_and_directory(served: Any) -> None:
    url, root, _ = served
    (root / "secret.yaml").write_text(PET_V1)
    _publish(root, spec=PET_SPEC.replace("schemas/pet.yaml", "../secret.yaml"))
    result = run_cli(
        "check", "--allow-remote", f"{url}/api/openapi.yaml", f"{url}/api/openapi.yaml"
    )
    assert result.exit_code == 2
    assert "outside the spec's directory tree" in result.stderr

    _publish(root, spec=PET_SPEC.replace("schemas/pet.yaml", "http://127.0.0.2:9/pet.yaml"))
    result = run_cli(
        "check", "--allow-remote", f"{url}/api/openapi.yaml", f"{url}/api/openapi.yaml"
    )
    assert result.exit_code == 2
    assert "is a remote URL; it is not read" in result.stderr

    # an absolute URL below the document's own directory is fine
    _publish(root, spec=PET_SPEC.replace("schemas/pet.yaml", f"{url}/api/schemas/pet.yaml"))
    result = run_cli(
        "check", "--allow-remote", f"{url}/api/openapi.yaml", f"{url}/api/openapi.yaml"
    )
    assert result.exit_code == 0, result.stderr


def test_url_redirect_to_another_origin_is_refused(served: Any) -> None:
    url, root, routes = served
    _publish(root)

    def redirect(handler: _Handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", "http://127.0.0.2:9/evil.yaml")
        handler.end_headers()

    routes["/api/moved.yaml"] = redirect
    result = run_cli("check", "--allow-remote", f"{url}/api/moved.yaml", f"{url}/api/openapi.yaml")
    assert result.exit_code == 2
    assert "refusing a redirect to http://127.0.0.2:9/evil.yaml" in result.stderr


def test_url_errors_are_one_line(served: Any) -> None:
    url, root, routes = served
    _publish(root)

    def slow(handler: _Handler) -> None:
        time.sleep(3)
        handler.send_response(200)
        handler.end_headers()

    routes["/api/slow.yaml"] = slow
    missing = run_cli("check", "--allow-remote", f"{url}/api/nope.yaml", f"{url}/api/openapi.yaml")
    assert missing.exit_code == 2 and "HTTP 404" in missing.stderr
    timed_out = run_cli(
        "check",
        "--allow-remote",
        "--remote-timeout",
        "0.5",
        f"{url}/api/slow.yaml",
        f"{url}/api/openapi.yaml",
    )
    assert timed_out.exit_code == 2
    assert "no complete answer within 0.5 s" in timed_out.stderr
    too_big = run_cli(
        "check",
        "--allow-remote",
        "--max-input-size",
        "100",
        f"{url}/api/openapi.yaml",
        f"{url}/api/openapi.yaml",
    )
    assert too_big.exit_code == 2 and "more than the limit of 100" in too_big.stderr


def _trickle(handler: _Handler, *, headers_too: bool) -> None:
    """An answer at one byte every 0.2 s (bounded: 300 bytes, or until oasgate hangs up)."""
    head = b"HTTP/1.0 200 OK\r\nContent-Type: application/yaml\r\n" + b"X-Pad: " + b"a" * 250
    body = b"openapi: 3.0.3\n" + b"#" * 300
    try:
        if not headers_too:
            handler.wfile.write(head + b"\r\n\r\n")
            head = b""
        for byte in (head + b"\r\n\r\n" if head else b"") + body:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass  # oasgate hung up: what the test wants


def test_remote_timeout_is_a_deadline_per_url_not_per_read(served: Any) -> None:
    url, root, routes = served
    _publish(root)
    routes["/api/slow-body.yaml"] = lambda handler: _trickle(handler, headers_too=False)
    routes["/api/slow-headers.yaml"] = lambda handler: _trickle(handler, headers_too=True)
    for name in ("slow-body.yaml", "slow-headers.yaml"):
        result = run_cli(
            "check",
            "--allow-remote",
            "--remote-timeout",
            "1",
            f"{url}/api/{name}",
            f"{url}/api/openapi.yaml",
        )
        assert result.exit_code == 2, result.stderr
        assert f"{url}/api/{name}: cannot fetch: no complete answer within 1 s" in result.stderr
        assert "--remote-timeout is the time allowed for each URL" in result.stderr


@pytest.mark.parametrize(
    "location",
    [
        "/api/%2e%2e/secret.yaml",
        "/api/%2E%2E/secret.yaml",
        "/api/.%2e/secret.yaml",
        "/api/..%2fsecret.yaml",
        "/api/sub%2f..%2f..%2fsecret.yaml",
        "/api/..%5csecret.yaml",
    ],
)
def test_a_redirect_with_encoded_dot_segments_is_refused(served: Any, location: str) -> None:
    url, root, routes = served
    _publish(root)
    (root / "secret.yaml").write_text(PET_V1)

    def redirect(handler: _Handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.end_headers()

    routes["/api/moved.yaml"] = redirect
    result = run_cli("check", "--allow-remote", f"{url}/api/moved.yaml", f"{url}/api/openapi.yaml")
    assert result.exit_code == 2, result.stderr
    assert f"refusing a redirect to {url}{location}" in result.stderr


def test_the_first_request_gets_the_same_check_as_a_redirect(served: Any) -> None:
    url, root, _ = served
    _publish(root)
    result = run_cli(
        "check", "--allow-remote", f"{url}/api/%2e%2e/openapi.yaml", f"{url}/api/openapi.yaml"
    )
    assert result.exit_code == 2
    assert f"refusing to read {url}/api/%2e%2e/openapi.yaml" in result.stderr
    assert "'..' segment" in result.stderr


def test_every_reading_command_takes_git_revisions(repo: Path) -> None:
    changelog = run_cli("changelog", "v1:api/openapi.yaml", "HEAD:api/openapi.yaml", cwd=repo)
    assert changelog.exit_code == 0, changelog.stderr
    assert "Pet.id" in changelog.stdout
    validate = run_cli("validate", "HEAD:api/openapi.yaml", cwd=repo)
    assert validate.exit_code == 0, validate.stdout + validate.stderr
    assert validate.stdout == "HEAD:api/openapi.yaml is a valid OpenAPI 3.0.3 document\n"
    for command in ("status", "versions"):
        result = run_cli(command, "v1:api/openapi.yaml", cwd=repo)
        assert result.exit_code == 0, (command, result.stderr)
        shallow = run_cli(command, "--max-depth", "3", "v1:api/openapi.yaml", cwd=repo)
        assert shallow.exit_code == 2 and "nesting deeper than 3 levels" in shallow.stderr
