"""The docker shim against the machine's Docker engine: a build whose context and options are
those of the last one gives the last image without building; a changed file or option builds
again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SHIM = Path(__file__).with_name("docker")


# Where the shim keeps a tag's copy of the context and its last build (see `docker`).
STABLE_CONTEXTS = Path("/var/tmp/etftool-docker-context")


@pytest.fixture
def tag() -> Iterator[str]:
    name = f"etftool-shim-test:{uuid.uuid4().hex[:12]}"
    yield name
    subprocess.run(["/usr/bin/docker", "rmi", "-f", name], capture_output=True, check=False)
    stable = STABLE_CONTEXTS / name.replace(":", "_")
    shutil.rmtree(stable, ignore_errors=True)
    for kept in (".lock", ".last"):
        stable.with_name(stable.name + kept).unlink(missing_ok=True)


def build(context: Path, tag: str, *options: str, **env_args: str) -> tuple[str, str]:
    """The image id the shim reports, and its log."""
    env = {"DOCKER_BUILDKIT": "1", "BUILDKIT_PROGRESS": "plain", **env_args}
    if "DOCKER_HOST" in os.environ:
        env["DOCKER_HOST"] = os.environ["DOCKER_HOST"]
    run = subprocess.run(
        [str(SHIM), "build", "--tag", tag, *options, str(context)],  # as Pants passes them
        env=env,  # Pants runs it with only these
        capture_output=True,
        text=True,
        check=True,
    )
    reported = re.search(r"writing image (sha256:[0-9a-f]{64}) done\s*$", run.stderr)
    assert reported, run.stderr
    return reported.group(1), run.stderr


def context(root: Path, content: str) -> Path:
    root.mkdir()
    (root / "Dockerfile").write_text("FROM scratch\nARG NOTE\nLABEL note=$NOTE\nCOPY hello.txt /\n")
    (root / "hello.txt").write_text(content)
    return root


def test_an_unchanged_build_is_not_run_again_and_a_changed_one_is(tmp_path: Path, tag: str) -> None:
    first, _ = build(context(tmp_path / "one", "hello"), tag, "--build-arg", "NOTE=a")

    again, log = build(context(tmp_path / "two", "hello"), tag, "--build-arg", "NOTE=a")
    assert again == first
    assert "not built again" in log

    changed_file, log = build(context(tmp_path / "three", "hello, world"), tag, "--build-arg", "NOTE=a")
    assert changed_file != first and "not built again" not in log

    changed_option, log = build(context(tmp_path / "four", "hello, world"), tag, "--build-arg", "NOTE=b")
    assert changed_option not in (first, changed_file) and "not built again" not in log

    # A build arg given by name takes its value from the environment, as Pants passes them.
    from_env, _ = build(context(tmp_path / "five", "hello, world"), tag, "--build-arg", "NOTE", NOTE="b")
    assert from_env == changed_option
    changed_env, log = build(context(tmp_path / "six", "hello, world"), tag, "--build-arg", "NOTE", NOTE="c")
    assert changed_env != changed_option and "not built again" not in log

    inspected = subprocess.run(
        ["/usr/bin/docker", "image", "inspect", "--format", "{{.Id}}", tag],
        capture_output=True,
        text=True,
        check=True,
    )
    assert inspected.stdout.strip() == changed_env


def test_forgotten_builds_are_run_again(tmp_path: Path, tag: str) -> None:
    # Its own state: forgetting the machine's would disturb the builds running beside the tests.
    state = {"ETFTOOL_DOCKER_SHIM_STATE": str(tmp_path / "state")}
    first, _ = build(context(tmp_path / "one", "hello"), tag, **state)
    assert (tmp_path / "state" / "etftool-docker-context").is_dir()
    subprocess.run([str(SHIM), "forget-builds"], env=state, check=True)
    assert list((tmp_path / "state").iterdir()) == []
    again, log = build(context(tmp_path / "two", "hello"), tag, **state)
    assert "not built again" not in log and again == first  # built, and the same bytes
