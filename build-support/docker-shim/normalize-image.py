"""Makes a built image the same bytes on every machine and every build: one creation time in its
config, and no file in its layers newer than the epoch.

Docker 20.10's BuildKit predates SOURCE_DATE_EPOCH support: it stamps the image config and each
history entry with the wall-clock time of the build, and the files a step writes (including the
directories it leaves behind for its mounts, and /etc after removing /etc/hosts) keep the times
they were written at. So the layers of a `docker save` archive are rewritten with every file time
clamped to EPOCH, the config gets CREATED and the new layer digests, and the config is named after
its own digest, which is the image id. Everything else is kept: owners, modes, links, xattrs.

Usage: normalize-image.py EPOCH CREATED IN.tar OUT.tar   (CREATED: RFC 3339, the commit's time)
Then `docker load -i OUT.tar` hands Docker the image, under the tags the archive names.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tarfile
import tempfile
from typing import IO


def normalize(epoch: int, created: str, source: str, target: str) -> str:
    """Writes TARGET and returns the image id (sha256 of the rewritten config)."""
    with tarfile.open(source) as archive, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
        manifest = json.loads(_read(archive, "manifest.json"))
        config = json.loads(_read(archive, manifest[0]["Config"]))
        diff_ids = []
        for layer in manifest[0]["Layers"]:
            with tempfile.TemporaryFile() as clamped:
                diff_ids.append(_clamp_layer(archive, layer, epoch, clamped))
                info = tarfile.TarInfo(layer)
                info.size, info.mode = clamped.tell(), 0o644
                clamped.seek(0)
                out.addfile(info, clamped)
        config["created"] = created
        for entry in config.get("history", []):
            entry["created"] = created
        config["rootfs"]["diff_ids"] = diff_ids
        config_bytes = json.dumps(config, separators=(",", ":")).encode()
        digest = hashlib.sha256(config_bytes).hexdigest()
        manifest[0]["Config"] = f"{digest}.json"
        _add(out, f"{digest}.json", config_bytes)
        _add(out, "manifest.json", json.dumps(manifest, separators=(",", ":")).encode())
        if "repositories" in archive.getnames():
            _add(out, "repositories", _read(archive, "repositories"))
    return f"sha256:{digest}"


def _clamp_layer(archive: tarfile.TarFile, name: str, epoch: int, clamped: IO[bytes]) -> str:
    """Copies layer NAME into CLAMPED with no time after EPOCH; returns its diff id."""
    source = archive.extractfile(name)
    assert source is not None, name
    hashing = _Sha256Writer(clamped)
    with tarfile.open(fileobj=source, mode="r|") as layer, tarfile.open(
        fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT
    ) as out:
        for member in layer:
            member.mtime = min(int(member.mtime), epoch)
            for key in ("atime", "ctime", "mtime"):
                member.pax_headers.pop(key, None)
            out.addfile(member, layer.extractfile(member) if member.isfile() else None)
    return f"sha256:{hashing.digest.hexdigest()}"


class _Sha256Writer(io.RawIOBase):
    """A write-only file that hashes what passes through it."""

    def __init__(self, sink: IO[bytes]) -> None:
        self.sink = sink
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.digest.update(data)
        self.sink.write(data)
        return len(data)


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    member = archive.extractfile(name)
    if member is None:
        raise SystemExit(f"normalize-image: {name} missing from the saved image")
    return member.read()


def _add(out: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    out.addfile(info, io.BytesIO(data))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    print(normalize(int(sys.argv[1]), *sys.argv[2:]))
