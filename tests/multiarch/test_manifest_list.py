"""Both images go to a registry as one manifest list; each platform pulls and runs its own."""

import json
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from container.containers import EMULATED_HEALTHY_WITHIN_S, built_image_id, docker, start_container

PLATFORMS = {"amd64": ("etftool", "x86_64"), "arm64": ("etftool-arm64", "aarch64")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def registry() -> Iterator[str]:
    """Debian's docker-registry on a free loopback port, storing into a temporary directory."""
    binary = shutil.which("docker-registry", path="/usr/bin:/usr/sbin")
    assert binary, "docker-registry not installed (apt-get install docker-registry)"
    with tempfile.TemporaryDirectory() as storage:
        address = f"127.0.0.1:{free_port()}"
        config = Path(storage, "config.yml")
        config.write_text(
            "version: 0.1\n"
            f"storage: {{filesystem: {{rootdirectory: {storage}/data}}}}\n"
            f"http: {{addr: {address}}}\n"
            "log: {level: warn}\n"
        )
        server = subprocess.Popen([binary, "serve", str(config)], stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", int(address.rsplit(":", 1)[1])), 1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            yield address
        finally:
            server.terminate()
            server.wait(10)


@pytest.fixture(scope="module")
def pushed(registry: str) -> Iterator[str]:
    """REF of the manifest list that build-support/release/push-manifest-list.sh pushed."""
    ref = f"{registry}/etftool:test-{uuid.uuid4().hex[:8]}"
    images = [built_image_id(name) for name, _ in PLATFORMS.values()]
    with tempfile.TemporaryDirectory() as docker_config:
        result = subprocess.run(
            ["bash", "build-support/release/push-manifest-list.sh", ref, *images],
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DOCKER_CONFIG": docker_config},
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    yield ref
    for arch in PLATFORMS:
        docker("image", "rm", f"{ref}-{arch}", check=False)
        docker("image", "rm", f"{ref}-{arch}-pulled", check=False)


def test_manifest_list_names_amd64_and_arm64(pushed: str) -> None:
    raw = subprocess.run(
        ["skopeo", "inspect", "--raw", "--tls-verify=false", f"docker://{pushed}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    manifest_list = json.loads(raw)
    assert manifest_list["mediaType"] == "application/vnd.docker.distribution.manifest.list.v2+json"
    platforms = sorted(
        (entry["platform"]["os"], entry["platform"]["architecture"]) for entry in manifest_list["manifests"]
    )
    assert platforms == [("linux", "amd64"), ("linux", "arm64")]


@pytest.mark.parametrize("arch", sorted(PLATFORMS))
def test_each_platform_pulls_and_runs_its_own_image(pushed: str, arch: str) -> None:
    local_name, machine = PLATFORMS[arch]
    docker("pull", "--platform", f"linux/{arch}", pushed, timeout=300)
    pulled = f"{pushed}-{arch}-pulled"
    docker("tag", pushed, pulled)
    docker("image", "rm", pushed, check=False)
    config = json.loads(docker("image", "inspect", pulled).stdout)[0]
    assert config["Architecture"] == arch
    # Same image config as the one Pants built, so the same image id.
    assert config["Id"] == built_image_id(local_name)
    # The platform that is not the machine's runs under qemu.
    container = start_container(
        pulled, "--platform", f"linux/{arch}", healthy_within=EMULATED_HEALTHY_WITHIN_S
    )
    try:
        assert container.exec("uname", "-m").stdout.strip() == machine
        supervisor = container.exec("supervisorctl", "status")
        assert supervisor.returncode == 0, supervisor.stdout + supervisor.stderr
    finally:
        container.remove()
