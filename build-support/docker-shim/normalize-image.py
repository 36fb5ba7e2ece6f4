"""Makes a built image the same bytes on every machine and every build: one creation time in its
config, and no file in its layers newer than the epoch.

Docker 20.10's BuildKit predates SOURCE_DATE_EPOCH support: it stamps the image config and each
history entry with the wall-clock time of the build. docker/Dockerfile makes every layer with
its file times at the epoch already (docker/clamp-mtimes.sh); a layer that still has a later
time (another Dockerfile, a step that forgot it) is rewritten here with every time clamped to
EPOCH. The config gets CREATED and the layers' digests, and is named after its own digest,
which is the image id. Everything else is kept: owners, modes, links, xattrs.

Usage:
  normalize-image.py saved EPOCH CREATED IN.tar OUT.tar
      IN.tar is a `docker save` archive; OUT.tar holds the normalized image.
  normalize-image.py local EPOCH CREATED IMAGE_ID DOCKER_ROOT OUT.tar
      Reads the image's config and checks its layers in the image store of a Docker engine on
      this machine (overlay2, DOCKER_ROOT as `docker info` names it), without exporting the
      layers: OUT.tar holds only the new config, for layers the engine already has. Exits 3
      when that store cannot be read or a layer needs rewriting; `saved` then does the work.
Both print the image id. Then `docker load -i OUT.tar` hands Docker the image, under the tags
the archive names (none for `local`).
CREATED: RFC 3339, the commit's time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import IO, Any


def normalize(epoch: int, created: str, source: str, target: str) -> str:
    """Writes TARGET from the `docker save` archive SOURCE; returns the image id."""
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
        config["rootfs"]["diff_ids"] = diff_ids
        digest = _add_config(out, config, created, manifest)
        if "repositories" in archive.getnames():
            _add(out, "repositories", _read(archive, "repositories"))
    return f"sha256:{digest}"


def normalize_local(epoch: int, created: str, image_id: str, docker_root: str, target: str) -> str | None:
    """Writes TARGET with only the new config when the engine's store on this machine holds the
    image and every layer is clean already; None otherwise."""
    store = Path(docker_root, "image", "overlay2")
    config_path = store / "imagedb" / "content" / "sha256" / image_id.removeprefix("sha256:")
    try:
        config_bytes = config_path.read_bytes()
    except OSError:
        return None
    if f"sha256:{hashlib.sha256(config_bytes).hexdigest()}" != image_id:
        return None
    config = json.loads(config_bytes)
    chain_id = ""
    for diff_id in config["rootfs"]["diff_ids"]:
        chain_id = diff_id if not chain_id else _sha256(f"{chain_id} {diff_id}".encode())
        try:
            cache_id = (store / "layerdb" / "sha256" / chain_id.removeprefix("sha256:") / "cache-id").read_text()
        except OSError:
            return None
        if not _clean_tree(Path(docker_root, "overlay2", cache_id.strip(), "diff"), epoch):
            return None
    layers = [f"{index}/layer.tar" for index in range(len(config["rootfs"]["diff_ids"]))]
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
        digest = _add_config(out, config, created, [{"Config": "", "RepoTags": None, "Layers": layers}])
    return f"sha256:{digest}"


def _clean_tree(diff: Path, epoch: int) -> bool:
    """Whether no entry of a layer's directory (whiteouts included) is newer than EPOCH."""
    if not diff.is_dir():
        return False
    for directory, subdirectories, files in os.walk(diff):
        for name in subdirectories + files:
            if os.lstat(os.path.join(directory, name)).st_mtime > epoch:
                return False
    return True


def _add_config(out: tarfile.TarFile, config: dict[str, Any], created: str, manifest: list[dict[str, Any]]) -> str:
    """Adds CONFIG, with every time set to CREATED, and the manifest naming it; returns its digest."""
    config["created"] = created
    for entry in config.get("history", []):
        entry["created"] = created
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    digest = hashlib.sha256(config_bytes).hexdigest()
    manifest[0]["Config"] = f"{digest}.json"
    _add(out, f"{digest}.json", config_bytes)
    _add(out, "manifest.json", json.dumps(manifest, separators=(",", ":")).encode())
    return digest


def _clamp_layer(archive: tarfile.TarFile, name: str, epoch: int, clamped: IO[bytes]) -> str:
    """Copies layer NAME into CLAMPED, kept as it is when no time in it is after EPOCH and
    rewritten with every time clamped otherwise; returns its diff id."""
    source = archive.extractfile(name)
    assert source is not None, name
    with tarfile.open(fileobj=source, mode="r|") as layer:
        clean = all(member.mtime <= epoch and not _time_headers(member) for member in layer)
    source = archive.extractfile(name)
    assert source is not None, name
    hashing = _Sha256Writer(clamped)
    if clean:
        shutil.copyfileobj(source, hashing)
        return f"sha256:{hashing.digest.hexdigest()}"
    with tarfile.open(fileobj=source, mode="r|") as layer, tarfile.open(
        fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT
    ) as out:
        for member in layer:
            member.mtime = min(int(member.mtime), epoch)
            for key in _time_headers(member):
                member.pax_headers.pop(key)
            out.addfile(member, layer.extractfile(member) if member.isfile() else None)
    return f"sha256:{hashing.digest.hexdigest()}"


def _time_headers(member: tarfile.TarInfo) -> list[str]:
    return [key for key in ("atime", "ctime", "mtime") if key in member.pax_headers]


def _sha256(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


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
    match sys.argv[1:]:
        case ["saved", epoch, created, source, target]:
            print(normalize(int(epoch), created, source, target))
        case ["local", epoch, created, image_id, docker_root, target]:
            image = normalize_local(int(epoch), created, image_id, docker_root, target)
            if image is None:
                sys.exit(3)
            print(image)
        case _:
            raise SystemExit(__doc__)
