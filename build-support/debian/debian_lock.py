"""Debian packages locked like the Python and npm ones: exact versions and sha256 per architecture.

    python3 build-support/debian/debian_lock.py lock [ARCH...]      # rewrite 3rdparty/debian/ARCH.lock
    python3 build-support/debian/debian_lock.py fetch LOCK SET DIR   # download SET's .debs, hash-checked

`lock` resolves, with apt and the machine's Debian mirror, the closure of Debian's essential set
plus the packages named in 3rdparty/debian/runtime.txt (set "runtime": the image's root file
system) and, for each add-on set, of its list on top of that: 3rdparty/debian/build-tools.txt
(set "build-tools": installed only in a build stage) and 3rdparty/debian/postgres.txt (set
"postgres": the database image of the replicated deployment). A lock line is
`SET PACKAGE VERSION ARCHIVE POOL-PATH SIZE SHA256`; ARCHIVE is `debian` or `debian-security`, and
the mirror for each is taken from the machine's apt sources when fetching (or from DEBIAN_MIRROR
and DEBIAN_SECURITY_MIRROR, e.g. on a machine that is not Debian), so a lock made against one
mirror builds against any other.

Only the host's apt and Python's standard library are used.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

SUITE = "bookworm"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
LOCK_DIR = Path("3rdparty/debian")
REFRESH = "python3 build-support/debian/debian_lock.py lock"
DOWNLOAD_ATTEMPTS = 4
# Sets installed on top of the runtime root file system, each from its SET.txt.
ADD_ON_SETS = ("build-tools", "postgres")
ARCHIVES = {"debian": (SUITE, f"{SUITE}-updates"), "debian-security": (f"{SUITE}-security",)}


class LockError(Exception):
    """The lock cannot be resolved or honoured; the message says which package and what to do."""


class Entry(NamedTuple):
    set: str
    package: str
    version: str
    archive: str
    pool_path: str
    size: int
    sha256: str

    def line(self) -> str:
        return " ".join(map(str, self))

    @property
    def filename(self) -> str:
        return self.pool_path.rsplit("/", 1)[-1]


MIRROR_VARIABLES = {"debian": "DEBIAN_MIRROR", "debian-security": "DEBIAN_SECURITY_MIRROR"}


def mirrors(sources_dir: str = "/etc/apt") -> dict[str, str]:
    """The mirror URI for each archive: its variable if set, else the machine's one-line or deb822
    apt sources."""
    found = {
        archive: os.environ[variable].rstrip("/")
        for archive, variable in MIRROR_VARIABLES.items()
        if os.environ.get(variable)
    }

    def consider(uri: str, suites: list[str]) -> None:
        for archive, archive_suites in ARCHIVES.items():
            if archive not in found and any(suite in archive_suites for suite in suites):
                found[archive] = uri.rstrip("/")

    for path in sorted(glob.glob(f"{sources_dir}/sources.list")) + sorted(
        glob.glob(f"{sources_dir}/sources.list.d/*.list")
    ):
        for line in Path(path).read_text().splitlines():
            words = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
            if len(words) >= 3 and words[0] == "deb":
                consider(words[1], [words[2]])
    for path in sorted(glob.glob(f"{sources_dir}/sources.list.d/*.sources")):
        for stanza in re.split(r"\n\s*\n", Path(path).read_text()):
            fields = _deb822(stanza)
            if "deb" in fields.get("Types", "").split() and fields.get("Enabled", "yes") != "no":
                for uri in fields.get("URIs", "").split():
                    consider(uri, fields.get("Suites", "").split())
    missing = set(ARCHIVES) - set(found)
    if missing:
        raise LockError(
            f"no apt source for {', '.join(sorted(missing))} ({SUITE}) in {sources_dir}; "
            f"set {' and '.join(MIRROR_VARIABLES[archive] for archive in sorted(missing))}"
        )
    return found


def _deb822(stanza: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    key = ""
    for line in stanza.splitlines():
        if line.startswith("#"):
            continue
        if line[:1] in (" ", "\t") and key:
            fields[key] += " " + line.strip()
        elif ":" in line:
            key, value = line.split(":", 1)
            fields[key] = value.strip()
    return fields


class Apt:
    """apt-get/apt-cache on a private state directory for one architecture: the host's own package
    state, configuration and third-party sources play no part."""

    def __init__(self, arch: str, root: Path, sources: dict[str, str]):
        self.arch = arch
        for sub in ("lists/partial", "cache/archives/partial", "etc/apt.conf.d", "etc/preferences.d"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        (root / "status").write_text("")
        (root / "etc/sources.list").write_text(
            "".join(
                f"deb [arch={arch} signed-by={KEYRING}] {sources[archive]} {suite} main\n"
                for archive, suites in ARCHIVES.items()
                for suite in suites
            )
        )
        self.options = [
            f"-oDir::Etc={root}/etc",
            f"-oDir::Etc::SourceParts={root}/etc/sources.list.d",
            f"-oDir::State={root}",
            f"-oDir::State::Lists={root}/lists",
            f"-oDir::State::status={root}/status",
            f"-oDir::Cache={root}/cache",
            f"-oAPT::Architecture={arch}",
            f"-oAPT::Architectures={arch}",
            "-oDebug::NoLocking=1",
            # Like the Dockerfile installs before: hard dependencies only.
            "-oAPT::Install-Recommends=false",
        ]

    def run(self, tool: str, *args: str) -> str:
        done = subprocess.run([tool, *self.options, *args], capture_output=True, text=True)
        if done.returncode:
            raise LockError(f"{tool} {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def closure(self, packages: list[str]) -> set[str]:
        """Names of everything installing PACKAGES (and the essential set) on an empty system needs."""
        uris = self.run("apt-get", "install", "--print-uris", "-qq", "-y", "?essential", *packages)
        return {line.split()[1].split("_", 1)[0] for line in uris.splitlines() if line.startswith("'")}

    def entries(self, set_name: str, names: set[str]) -> list[Entry]:
        shown = self.run("apt-cache", "show", "--no-all-versions", *sorted(names))
        entries = []
        for stanza in re.split(r"\n\s*\n", shown.strip()):
            fields = _deb822(stanza)
            archive = "debian-security" if "updates/" in fields["Filename"] else "debian"
            entries.append(
                Entry(
                    set_name,
                    fields["Package"],
                    fields["Version"],
                    archive,
                    fields["Filename"],
                    int(fields["Size"]),
                    fields["SHA256"],
                )
            )
        return entries


def wanted_in(path: Path) -> list[str]:
    """The package names of a runtime.txt-style list (one or more per line, `#` comments)."""
    text = path.read_text()
    return [word for line in text.splitlines() for word in line.split("#", 1)[0].split()]


def lock(arches: list[str]) -> None:
    sources = mirrors()
    runtime = wanted_in(LOCK_DIR / "runtime.txt")
    for arch in arches:
        with tempfile.TemporaryDirectory() as tmp:
            apt = Apt(arch, Path(tmp), sources)
            apt.run("apt-get", "update", "-qq")
            runtime_names = apt.closure(runtime)
            entries = apt.entries("runtime", runtime_names)
            for set_name in ADD_ON_SETS:
                # Each add-on is installed on the runtime base alone, so it locks only what
                # the base lacks; two add-ons may lock the same package.
                names = apt.closure(runtime + wanted_in(LOCK_DIR / f"{set_name}.txt")) - runtime_names
                entries += apt.entries(set_name, names)
        header = (
            f"# Debian {SUITE} packages for {arch}, from runtime.txt and the add-on sets' lists.\n"
            f"# Generated by `{REFRESH}`; do not edit.\n"
            "# SET PACKAGE VERSION ARCHIVE POOL-PATH SIZE SHA256\n"
        )
        lines = sorted(entry.line() for entry in entries)
        (LOCK_DIR / f"{arch}.lock").write_text(header + "\n".join(lines) + "\n")
        print(f"debian-lock: {arch}: {len(lines)} packages", file=sys.stderr)


def read_lock(path: Path) -> list[Entry]:
    entries = []
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            set_name, package, version, archive, pool_path, size, sha256 = line.split()
            entries.append(Entry(set_name, package, version, archive, pool_path, int(size), sha256))
    return entries


def fetch(lock_file: Path, set_name: str, out: Path) -> None:
    """Downloads SET's packages of LOCK into OUT, each checked against its size and sha256."""
    arch = lock_file.stem
    sources = mirrors(os.environ.get("APT_SOURCES_DIR", "/etc/apt"))
    out.mkdir(parents=True, exist_ok=True)
    entries = [entry for entry in read_lock(lock_file) if entry.set == set_name]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in pool.map(lambda entry: _download(entry, arch, sources, out), entries):
            pass


def _download(entry: Entry, arch: str, sources: dict[str, str], out: Path) -> None:
    url = f"{sources[entry.archive]}/{entry.pool_path}"
    for attempt in range(DOWNLOAD_ATTEMPTS):
        try:
            with urllib.request.urlopen(url, timeout=60) as answer:
                data = answer.read()
            break
        except urllib.error.HTTPError as error:
            raise LockError(
                f"{entry.package} {entry.version} ({arch}) is not on {sources[entry.archive]} any more "
                f"(HTTP {error.code} for {entry.pool_path}); refresh the lock with `{REFRESH}`"
            ) from None
        except (urllib.error.URLError, OSError) as error:  # DNS, connection, time-out: try again
            if attempt + 1 == DOWNLOAD_ATTEMPTS:
                raise LockError(f"{url} could not be fetched ({error}); tried {attempt + 1} times") from None
            time.sleep(2**attempt)
    digest = hashlib.sha256(data).hexdigest()
    if len(data) != entry.size or digest != entry.sha256:
        raise LockError(
            f"{entry.package} {entry.version} ({arch}) from {url} does not match the lock "
            f"(sha256 {digest}, {len(data)} bytes; locked {entry.sha256}, {entry.size} bytes); "
            f"refresh the lock with `{REFRESH}` if the mirror's package changed"
        )
    (out / entry.filename).write_bytes(data)


def main(argv: list[str]) -> None:
    try:
        if argv[:1] == ["lock"]:
            lock(argv[1:] or ["amd64", "arm64"])
        elif argv[:1] == ["fetch"] and len(argv) == 4:
            fetch(Path(argv[1]), argv[2], Path(argv[3]))
        else:
            sys.exit(__doc__)
    except LockError as error:
        sys.exit(f"debian-lock: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
