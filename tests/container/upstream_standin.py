"""The live sources' stand-in (tests/upstream/standin.py) run inside a container, on its own
loopback: the app reaches "East Money" and "THS" through HTTPS_PROXY and trusts the stand-in's
certificates through REQUESTS_CA_BUNDLE, so the real akshare code in the image makes the calls."""

import shutil
from pathlib import Path

from upstream import standin
from upstream.certs import make_certs

from container.containers import Container, docker

PORT = 8899
MOUNT = "/upstream"


def standin_run_args(workdir: Path) -> list[str]:
    """`docker run` arguments: the stand-in, its fixtures and certificates mounted read-only,
    and the environment that sends the app's HTTPS calls through it."""
    shutil.copytree(Path(standin.__file__).parent, workdir / "upstream")
    make_certs(workdir / "upstream" / "certs")
    for path in [workdir, *workdir.rglob("*")]:  # readable by the image's unprivileged user
        path.chmod(0o755 if path.is_dir() else 0o644)
    return [
        *("-v", f"{workdir / 'upstream'}:{MOUNT}:ro"),
        *("-e", f"HTTPS_PROXY=http://127.0.0.1:{PORT}"),
        *("-e", f"REQUESTS_CA_BUNDLE={MOUNT}/certs/ca.pem"),
    ]


def start_standin(container: Container | str, mode: str = "fixtures") -> None:
    """(Re)starts the stand-in in the container, in one of standin.MODES, and waits until the
    new one listens."""
    name = container if isinstance(container, str) else container.name
    python = "/app/venv/bin/python"
    docker("exec", name, "pkill", "-KILL", "-f", f"{MOUNT}/standin.py", check=False)
    docker("exec", name, python, "-c", _wait_for_port(listening=False))
    docker(
        "exec", "-d", name, python, f"{MOUNT}/standin.py", "--port", str(PORT),
        "--fixtures", f"{MOUNT}/fixtures", "--cert", f"{MOUNT}/certs/cert.pem",
        "--key", f"{MOUNT}/certs/key.pem", "--mode", mode,
    )  # fmt: skip
    docker("exec", name, python, "-c", _wait_for_port(listening=True))


def _wait_for_port(*, listening: bool) -> str:
    """A script that waits (at most 20 s) until the stand-in's port accepts or refuses."""
    return f"""
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", {PORT}), 1).close()
        accepts = True
    except OSError:
        accepts = False
    if accepts == {listening}:
        sys.exit(0)
    time.sleep(0.1)
sys.exit("port {PORT} still {'closed' if listening else 'open'}")
"""
