"""normalize-image.py: two saves of the same image that differ only in times, or only in the order
of a layer's entries, become one image id; nothing but the times changes; a clean layer is kept as
it is; and reading the engine's store gives the same image as going through `docker save`."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

SCRIPT = Path(__file__).with_name("normalize-image.py")
CREATED = "2026-12-01T08:00:00Z"


def layer(build_time: int) -> bytes:
    """A layer's tar with its entries in walk order."""
    directory = tarfile.TarInfo("app")
    directory.type, directory.mode, directory.mtime = tarfile.DIRTYPE, 0o755, build_time
    link = tarfile.TarInfo("app/latest")
    link.type, link.linkname, link.mtime = tarfile.SYMTYPE, "run.py", build_time
    script = tarfile.TarInfo("app/run.py")
    script.mode, script.mtime, script.uid = 0o750, 0, 1000
    script.pax_headers = {"SCHILY.xattr.user.note": "kept"}
    return tar_of([(directory, None), (link, None), (script, b"print('hello')\n")])


def tar_of(entries: list[tuple[tarfile.TarInfo, bytes | None]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, None if data is None else io.BytesIO(data))
    return buffer.getvalue()


def entry(
    name: str, data: bytes | None = None, *, kind: bytes = tarfile.REGTYPE, linkname: str = ""
) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.mode = kind, linkname, 0o755 if kind == tarfile.DIRTYPE else 0o644
    return info, data


def saved_image(path: Path, build_time: int, layer_bytes: bytes | None = None) -> Path:
    """An archive shaped like `docker save`: a layer (by default `layer(build_time)`), a config
    stamped with the build time."""
    layer_bytes = layer(build_time) if layer_bytes is None else layer_bytes
    config = {
        "architecture": "amd64",
        "created": f"2026-12-03T10:00:{build_time % 60:02d}Z",
        "history": [{"created": "2026-12-03T10:00:00Z", "created_by": "RUN make"}],
        "rootfs": {"type": "layers", "diff_ids": [f"sha256:{hashlib.sha256(layer_bytes).hexdigest()}"]},
    }
    config_bytes = json.dumps(config).encode()
    config_name = f"{hashlib.sha256(config_bytes).hexdigest()}.json"
    manifest = [{"Config": config_name, "RepoTags": ["etftool:test"], "Layers": ["abc/layer.tar"]}]
    with tarfile.open(path, "w") as archive:
        for name, data in (
            ("abc/layer.tar", layer_bytes),
            (config_name, config_bytes),
            ("manifest.json", json.dumps(manifest).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def normalize(source: Path, target: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "saved", "0", CREATED, str(source), str(target)],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def normalize_local(image_id: str, docker_root: Path, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "local", "0", CREATED, image_id, str(docker_root), str(target)],
        capture_output=True,
        text=True,
    )


def engine_store(root: Path, saved: Path, file_time: int) -> str:
    """Lays out the image of a `saved_image` archive as an overlay2 engine keeps it under ROOT
    (config by id, the layer's chain id → cache id → diff directory, and the record of its tar's
    entries); returns the image id."""
    with tarfile.open(saved) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
        config_bytes = archive.extractfile(manifest[0]["Config"]).read()  # type: ignore[union-attr]
        with tarfile.open(fileobj=archive.extractfile(manifest[0]["Layers"][0])) as layer_tar:
            names = layer_tar.getnames()
    image_id = hashlib.sha256(config_bytes).hexdigest()
    content = root / "image/overlay2/imagedb/content/sha256"
    content.mkdir(parents=True)
    (content / image_id).write_bytes(config_bytes)
    (diff_id,) = json.loads(config_bytes)["rootfs"]["diff_ids"]
    chain_id = diff_id.removeprefix("sha256:")  # a first layer's chain id is its diff id
    (root / "image/overlay2/layerdb/sha256" / chain_id).mkdir(parents=True)
    (root / "image/overlay2/layerdb/sha256" / chain_id / "cache-id").write_text("cache1")
    tar_split_path = root / "image/overlay2/layerdb/sha256" / chain_id / "tar-split.json.gz"
    with gzip.open(tar_split_path, "wt") as tar_split:
        for position, name in enumerate(names):
            tar_split.write(json.dumps({"type": 1, "name": name, "position": position}) + "\n")
    diff = root / "overlay2/cache1/diff"
    (diff / "app").mkdir(parents=True)
    (diff / "app/run.py").write_text("print('hello')\n")
    for path in (diff / "app/run.py", diff / "app"):
        os.utime(path, (file_time, file_time))
    return f"sha256:{image_id}"


def test_builds_at_different_times_become_one_image(tmp_path: Path) -> None:
    first = normalize(saved_image(tmp_path / "a.tar", 1_764_000_000), tmp_path / "a-out.tar")
    second = normalize(saved_image(tmp_path / "b.tar", 1_764_000_777), tmp_path / "b-out.tar")
    assert first == second
    assert (tmp_path / "a-out.tar").read_bytes() == (tmp_path / "b-out.tar").read_bytes()


def test_only_times_change(tmp_path: Path) -> None:
    image_id = normalize(saved_image(tmp_path / "in.tar", 1_764_000_000), tmp_path / "out.tar")
    with tarfile.open(tmp_path / "out.tar") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
        config_bytes = archive.extractfile(manifest[0]["Config"]).read()  # type: ignore[union-attr]
        layer_bytes = archive.extractfile("abc/layer.tar").read()  # type: ignore[union-attr]
    assert manifest[0]["RepoTags"] == ["etftool:test"]
    assert image_id == f"sha256:{hashlib.sha256(config_bytes).hexdigest()}"
    config = json.loads(config_bytes)
    assert config["created"] == CREATED and config["history"][0]["created"] == CREATED
    assert config["history"][0]["created_by"] == "RUN make"
    assert config["rootfs"]["diff_ids"] == [f"sha256:{hashlib.sha256(layer_bytes).hexdigest()}"]
    with tarfile.open(fileobj=io.BytesIO(layer_bytes)) as tar:
        members = {member.name: member for member in tar}
        assert tar.extractfile("app/run.py").read() == b"print('hello')\n"  # type: ignore[union-attr]
    assert {member.mtime for member in members.values()} == {0}
    assert members["app/run.py"].mode == 0o750 and members["app/run.py"].uid == 1000
    assert members["app/run.py"].pax_headers["SCHILY.xattr.user.note"] == "kept"
    assert members["app/latest"].issym() and members["app/latest"].linkname == "run.py"


def test_a_clean_layer_is_kept_as_it_is(tmp_path: Path) -> None:
    normalize(saved_image(tmp_path / "in.tar", 0), tmp_path / "out.tar")
    with tarfile.open(tmp_path / "out.tar") as archive:
        assert archive.extractfile("abc/layer.tar").read() == layer(0)  # type: ignore[union-attr]


def test_the_engine_store_gives_the_image_docker_save_gives(tmp_path: Path) -> None:
    saved = saved_image(tmp_path / "in.tar", 0)
    from_save = normalize(saved, tmp_path / "saved-out.tar")
    built = engine_store(tmp_path / "docker", saved, file_time=0)

    done = normalize_local(built, tmp_path / "docker", tmp_path / "local-out.tar")

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == from_save
    with tarfile.open(tmp_path / "local-out.tar") as archive:
        names = sorted(archive.getnames())
    assert names == sorted([f"{from_save.removeprefix('sha256:')}.json", "manifest.json"])


def test_the_engine_store_is_not_used_for_a_layer_with_later_times(tmp_path: Path) -> None:
    saved = saved_image(tmp_path / "in.tar", 1_764_000_000)
    built = engine_store(tmp_path / "docker", saved, file_time=1_764_000_000)
    assert normalize_local(built, tmp_path / "docker", tmp_path / "out.tar").returncode == 3


def test_the_engine_store_is_not_used_when_it_does_not_hold_the_image(tmp_path: Path) -> None:
    saved = saved_image(tmp_path / "in.tar", 0)
    engine_store(tmp_path / "docker", saved, file_time=0)
    assert normalize_local("sha256:" + "0" * 64, tmp_path / "docker", tmp_path / "out.tar").returncode == 3
    assert normalize_local("sha256:" + "0" * 64, tmp_path / "nowhere", tmp_path / "out.tar").returncode == 3


def test_a_layer_in_path_order_is_moved_into_walk_order(tmp_path: Path) -> None:
    # Whole paths sorted put "app.txt" before "app/run.py"; a walk of the tree puts the
    # directory's contents first. The entries' bytes are kept, only their order changes.
    walked = [entry("app", kind=tarfile.DIRTYPE), entry("app/run.py", b"run"), entry("app.txt", b"text")]
    by_path = [walked[0], walked[2], walked[1]]

    from_walk = normalize(saved_image(tmp_path / "a.tar", 0, tar_of(walked)), tmp_path / "a-out.tar")
    from_paths = normalize(saved_image(tmp_path / "b.tar", 0, tar_of(by_path)), tmp_path / "b-out.tar")

    assert from_paths == from_walk
    with tarfile.open(tmp_path / "b-out.tar") as archive:
        assert archive.extractfile("abc/layer.tar").read() == tar_of(walked)  # type: ignore[union-attr]


def test_a_hard_link_stays_after_its_file(tmp_path: Path) -> None:
    # Walk order puts the link "a/link" before the file "b/file" it names.
    entries = [
        entry("b", kind=tarfile.DIRTYPE),
        entry("b/file", b"data"),
        entry("a", kind=tarfile.DIRTYPE),
        entry("a/link", kind=tarfile.LNKTYPE, linkname="b/file"),
    ]
    normalize(saved_image(tmp_path / "in.tar", 0, tar_of(entries)), tmp_path / "out.tar")

    with tarfile.open(tmp_path / "out.tar") as archive:
        layer_tar = tarfile.open(fileobj=archive.extractfile("abc/layer.tar"))
        assert layer_tar.getnames() == ["a", "b", "b/file", "a/link"]
        layer_tar.extractall(tmp_path / "root", filter="tar")
    assert (tmp_path / "root/a/link").read_bytes() == b"data"
    assert (tmp_path / "root/a/link").stat().st_ino == (tmp_path / "root/b/file").stat().st_ino


def test_the_engine_store_is_not_used_for_a_layer_out_of_walk_order(tmp_path: Path) -> None:
    by_path = [entry("app", kind=tarfile.DIRTYPE), entry("app.txt", b"text"), entry("app/run.py", b"run")]
    saved = saved_image(tmp_path / "in.tar", 0, tar_of(by_path))
    built = engine_store(tmp_path / "docker", saved, file_time=0)
    assert normalize_local(built, tmp_path / "docker", tmp_path / "out.tar").returncode == 3
