"""The Debian lock: fetching honours it exactly (against a loopback mirror), and the committed
locks cover what runtime.txt and the add-on sets' lists (build-tools.txt, postgres.txt) ask for."""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from debian import debian_lock

PACKAGE = b"!<arch>\nnot really a deb, but bytes with a known hash\n"
POOL_PATH = "pool/main/h/hello/hello_2.10-3_amd64.deb"


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    """A Debian mirror on loopback holding one package file."""
    root = tmp_path / "mirror"
    (root / "debian" / POOL_PATH).parent.mkdir(parents=True)
    (root / "debian" / POOL_PATH).write_bytes(PACKAGE)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def sources(tmp_path: Path, mirror: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An apt sources directory naming the loopback mirror, in deb822 form, plus a third-party
    one-line source that must play no part."""
    etc = tmp_path / "apt"
    (etc / "sources.list.d").mkdir(parents=True)
    (etc / "sources.list.d" / "debian.sources").write_text(
        f"Types: deb\nURIs: {mirror}/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\n"
        f"Types: deb\nURIs: {mirror}/debian-security\nSuites: bookworm-security\nComponents: main\n"
    )
    third_party = "deb [arch=amd64] http://example.invalid/x nodistro main\n"
    (etc / "sources.list.d" / "other.list").write_text(third_party)
    monkeypatch.setenv("APT_SOURCES_DIR", str(etc))
    return etc


def write_lock(path: Path, sha256: str, size: int = len(PACKAGE)) -> Path:
    path.write_text(
        "# a comment line\n"
        f"runtime hello 2.10-3 debian {POOL_PATH} {size} {sha256}\n"
        f"build-tools other 1.0 debian pool/main/o/other/other_1.0_amd64.deb 1 {'0' * 64}\n"
    )
    return path


def test_fetch_writes_the_locked_packages_of_the_set(tmp_path: Path, sources: Path) -> None:
    lock = write_lock(tmp_path / "amd64.lock", hashlib.sha256(PACKAGE).hexdigest())
    debian_lock.main(["fetch", str(lock), "runtime", str(tmp_path / "out")])
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["hello_2.10-3_amd64.deb"]
    assert (tmp_path / "out" / "hello_2.10-3_amd64.deb").read_bytes() == PACKAGE


def test_a_failed_connection_is_tried_again(
    tmp_path: Path, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_urlopen = urllib.request.urlopen
    failures = iter([urllib.error.URLError("Temporary failure in name resolution")])

    def flaky_urlopen(*args: Any, **kwargs: Any) -> Any:
        for failure in failures:
            raise failure
        return real_urlopen(*args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", flaky_urlopen)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    lock = write_lock(tmp_path / "amd64.lock", hashlib.sha256(PACKAGE).hexdigest())
    debian_lock.main(["fetch", str(lock), "runtime", str(tmp_path / "out")])
    assert (tmp_path / "out" / "hello_2.10-3_amd64.deb").read_bytes() == PACKAGE


def test_an_unreachable_mirror_fails_after_the_attempts(
    tmp_path: Path, sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise urllib.error.URLError("Connection refused")

    monkeypatch.setattr(urllib.request, "urlopen", unreachable)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    lock = write_lock(tmp_path / "amd64.lock", hashlib.sha256(PACKAGE).hexdigest())
    with pytest.raises(SystemExit, match="could not be fetched"):
        debian_lock.main(["fetch", str(lock), "runtime", str(tmp_path / "out")])
    assert len(calls) == debian_lock.DOWNLOAD_ATTEMPTS


def test_a_changed_hash_fails_naming_the_package_and_the_refresh_command(
    tmp_path: Path, sources: Path
) -> None:
    lock = write_lock(tmp_path / "amd64.lock", "ab" * 32)
    with pytest.raises(SystemExit) as failure:
        debian_lock.main(["fetch", str(lock), "runtime", str(tmp_path / "out")])
    message = str(failure.value)
    assert "hello 2.10-3 (amd64)" in message and "does not match the lock" in message
    assert debian_lock.REFRESH in message
    assert not list((tmp_path / "out").iterdir()), "a package that fails its check is not kept"


def test_a_package_gone_from_the_mirror_fails_naming_it_and_the_refresh_command(
    tmp_path: Path, sources: Path
) -> None:
    lock = write_lock(tmp_path / "amd64.lock", hashlib.sha256(PACKAGE).hexdigest())
    with pytest.raises(SystemExit) as failure:
        debian_lock.main(["fetch", str(lock), "build-tools", str(tmp_path / "out")])
    message = str(failure.value)
    assert "other 1.0 (amd64) is not on" in message and "HTTP 404" in message
    assert debian_lock.REFRESH in message


def test_mirrors_come_from_one_line_and_deb822_sources(tmp_path: Path) -> None:
    etc = tmp_path / "apt"
    (etc / "sources.list.d").mkdir(parents=True)
    (etc / "sources.list").write_text(
        "# deb http://commented.invalid/debian bookworm main\n"
        "deb [signed-by=/k.gpg] http://mirror.example/debian/ bookworm main\n"
    )
    (etc / "sources.list.d" / "security.sources").write_text(
        "Types: deb\nURIs: http://security.example/debian-security\nSuites: bookworm-security\n"
        "Components: main\n\n"
        "Types: deb\nEnabled: no\nURIs: http://disabled.example/debian\nSuites: bookworm\n"
    )
    assert debian_lock.mirrors(str(etc)) == {
        "debian": "http://mirror.example/debian",
        "debian-security": "http://security.example/debian-security",
    }


def test_mirrors_without_a_security_source_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "sources.list").write_text("deb http://mirror.example/debian bookworm main\n")
    with pytest.raises(debian_lock.LockError, match="debian-security"):
        debian_lock.mirrors(str(tmp_path))


@pytest.mark.parametrize("arch", ["amd64", "arm64"])
def test_the_committed_locks_cover_the_wanted_packages(arch: str) -> None:
    lock_dir = Path(__file__).parents[2] / "3rdparty" / "debian"
    entries = debian_lock.read_lock(lock_dir / f"{arch}.lock")
    by_set: dict[str, set[str]] = {}
    for entry in entries:
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256), entry
        assert entry.archive in debian_lock.ARCHIVES, entry
        assert entry.pool_path.startswith("pool/") and entry.size > 0, entry
        assert entry.filename.endswith((f"_{arch}.deb", "_all.deb")), entry
        by_set.setdefault(entry.set, set()).add(entry.package)
    for set_name in ("runtime", *debian_lock.ADD_ON_SETS):
        wanted = set(debian_lock.wanted_in(lock_dir / f"{set_name}.txt"))
        missing = wanted - by_set[set_name]
        assert not missing, f"{set_name}.txt names {missing}, which {arch}.lock lacks: refresh it"
    for set_name in debian_lock.ADD_ON_SETS:
        assert not by_set["runtime"] & by_set[set_name], set_name
