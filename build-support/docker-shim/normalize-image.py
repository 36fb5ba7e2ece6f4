"""Makes a built image the same bytes on every machine and every build: one creation time in its
config, no file in its layers newer than the epoch, and each layer's entries in one order.

Docker 20.10's BuildKit predates SOURCE_DATE_EPOCH support: it stamps the image config and each
history entry with the wall-clock time of the build. docker/Dockerfile makes every layer with
its file times at the epoch already (docker/clamp-mtimes.sh); a layer that still has a later
time (another Dockerfile, a step that forgot it) is rewritten here with every time clamped to
EPOCH.

The order of a layer's entries depends on how the engine took the difference from the layer
below: a walk of the layer's own directory (each directory's names sorted, "a/b" before "a.txt",
as in a build from empty caches) or a comparison of two trees (whole paths sorted, "a.txt"
before "a/b", as when a layer is rebuilt over one from the build cache). A layer in the second
order is rewritten in the first (walk_order), so both builds give one image.

The config gets CREATED and the layers' digests, and is named after its own digest,
which is the image id. Everything else is kept: owners, modes, links, xattrs.

Usage:
  normalize-image.py saved EPOCH CREATED IN.tar OUT.tar
      IN.tar is a `docker save` archive; OUT.tar holds the normalized image.
  normalize-image.py local EPOCH CREATED IMAGE_ID DOCKER_ROOT OUT.tar
      Reads the image's config and checks its layers in the image store of a Docker engine on
      this machine (overlay2, DOCKER_ROOT as `docker info` names it), without exporting the
      layers: OUT.tar holds only the new config, for layers the engine already has. Exits 3
      when that store cannot be read or a layer needs rewriting (a later time, or its entries
      out of walk order); `saved` then does the work.
Both print the image id. Then `docker load -i OUT.tar` hands Docker the image, under the tags
the archive names (none for `local`).
CREATED: RFC 3339, the commit's time.
"""

from __future__ import annotations

import gzip
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
        layer = store / "layerdb" / "sha256" / chain_id.removeprefix("sha256:")
        try:
            cache_id = (layer / "cache-id").read_text()
            names = _tar_split_names(layer / "tar-split.json.gz")
        except OSError:
            return None
        if names != sorted(names, key=walk_order):
            return None
        if not _clean_tree(Path(docker_root, "overlay2", cache_id.strip(), "diff"), epoch):
            return None
    layers = [f"{index}/layer.tar" for index in range(len(config["rootfs"]["diff_ids"]))]
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as out:
        digest = _add_config(out, config, created, [{"Config": "", "RepoTags": None, "Layers": layers}])
    return f"sha256:{digest}"


def walk_order(name: str) -> list[str]:
    """The sort key of a layer entry in the order of a walk of the tree, each directory's names
    sorted: a directory's contents come right after it, before its next sibling."""
    return name.rstrip("/").split("/")


def _tar_split_names(tar_split: Path) -> list[str]:
    """The entry names of a layer in the order of its tar, from the record the engine keeps of
    the tar's headers (one JSON object a line; type 1 is an entry)."""
    with gzip.open(tar_split, "rt") as lines:
        return [entry["name"] for entry in map(json.loads, lines) if entry.get("type") == 1]


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
    """Copies layer NAME into CLAMPED: as it is when no time in it is after EPOCH and its entries
    are in walk order; with its entries' bytes moved into walk order when only the order is
    wrong (what a build from empty caches writes); rewritten in walk order with every time
    clamped otherwise. Returns its diff id."""
    source = archive.extractfile(name)
    assert source is not None, name
    hashing = _Sha256Writer(clamped)
    with tarfile.open(fileobj=source, mode="r:") as layer:
        members = layer.getmembers()
        ordered = _links_after_their_file(sorted(members, key=lambda member: walk_order(member.name)))
        if any(member.mtime > epoch or _time_headers(member) for member in members):
            with tarfile.open(fileobj=hashing, mode="w|", format=tarfile.PAX_FORMAT) as out:
                for member in ordered:
                    member.mtime = min(int(member.mtime), epoch)
                    for key in _time_headers(member):
                        member.pax_headers.pop(key)
                    out.addfile(member, layer.extractfile(member) if member.isfile() else None)
        elif ordered == members:
            source.seek(0)
            shutil.copyfileobj(source, hashing)
        else:
            # An entry's bytes (its headers, then its data) run from its offset to the next's.
            next_offsets = [member.offset for member in members[1:]] + [layer.offset]
            ends = {member.name: end for member, end in zip(members, next_offsets)}
            for member in ordered:
                source.seek(member.offset)
                hashing.write(source.read(ends[member.name] - member.offset))
            source.seek(layer.offset)
            shutil.copyfileobj(source, hashing)  # the end-of-archive blocks
    return f"sha256:{hashing.digest.hexdigest()}"


def _links_after_their_file(ordered: list[tarfile.TarInfo]) -> list[tarfile.TarInfo]:
    """ORDERED with each hard link it puts before the file it names moved to just after that
    file: a tar's hard link names an entry before it."""
    names = {member.name for member in ordered}
    written: set[str] = set()
    waiting: dict[str, list[tarfile.TarInfo]] = {}
    result: list[tarfile.TarInfo] = []
    for member in ordered:
        if member.islnk() and member.linkname in names and member.linkname not in written:
            waiting.setdefault(member.linkname, []).append(member)
            continue
        for entry in [member, *waiting.pop(member.name, [])]:
            result.append(entry)
            written.add(entry.name)
    return result


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
