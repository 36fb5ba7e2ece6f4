"""The image's files carry no trace of when or on which machine it was built: a second build
of the same commit gives the same layers (build-support/release/repro-check.sh compares two),
and these checks name the file that would make them differ.

Read from `docker save`, layer by layer, so that what `docker run` adds (/etc/hostname,
/.dockerenv) is not mistaken for the image's."""

import json
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from container.containers import DOCKER, built_image_id

# Python's flags for a .pyc checked against its source's hash instead of its mtime (PEP 552).
PYC_CHECKED_HASH = 0b11
# Each layer entry, with the start of the files the checks read (.pyc headers, /etc).
Files = list[tuple[tarfile.TarInfo, bytes | None]]


@pytest.fixture(scope="module")
def image_layers(tmp_path_factory: pytest.TempPathFactory) -> list[Files]:
    saved = tmp_path_factory.mktemp("image") / "image.tar"
    subprocess.run([DOCKER, "save", "-o", str(saved), built_image_id()], check=True, timeout=300)
    return list(_layers(saved))


@pytest.fixture(scope="module")
def image_files(image_layers: list[Files]) -> Files:
    return [file for layer in image_layers for file in layer]


def _layers(saved: Path) -> Iterator[Files]:
    with tarfile.open(saved) as image:
        manifest = json.load(image.extractfile("manifest.json"))  # type: ignore[arg-type]
        for layer_path in manifest[0]["Layers"]:
            with tarfile.open(fileobj=image.extractfile(layer_path)) as layer:
                yield [(entry, _start_of(layer, entry)) for entry in layer]


def _start_of(layer: tarfile.TarFile, entry: tarfile.TarInfo) -> bytes | None:
    if entry.isfile() and (entry.name.endswith(".pyc") or entry.name.startswith("etc/")):
        return layer.extractfile(entry).read(4096)  # type: ignore[union-attr]
    return None


def test_every_file_time_is_clamped_to_the_epoch(image_files: Files) -> None:
    later = [entry.name for entry, _ in image_files if entry.mtime != 0]

    assert later == [], f"{len(later)} entries keep their build time, e.g. {later[:10]}"


def test_no_log_cache_or_machine_identity_is_left(image_files: Files) -> None:
    names = {entry.name: entry for entry, _ in image_files}
    logged = [name for name, entry in names.items() if name.startswith("var/log/") and entry.size > 0]
    apt_state = [
        name
        for name in names
        if name.startswith(("var/lib/apt/lists/", "var/cache/apt/")) and names[name].isfile()
        and not name.endswith("/lock")
    ]

    assert logged == [], logged
    assert apt_state == [], apt_state
    assert "etc/machine-id" not in names or names["etc/machine-id"].size == 0
    assert "var/lib/dbus/machine-id" not in names


def test_accounts_carry_no_date_of_the_build(image_files: Files) -> None:
    """/etc/shadow's third field is the day each password last changed: useradd writes today's
    unless SOURCE_DATE_EPOCH says otherwise."""
    (shadow,) = (contents for entry, contents in image_files if entry.name == "etc/shadow" and contents)
    changed = {line.split(":")[0]: line.split(":")[2] for line in shadow.decode().splitlines()}

    assert "appuser" in changed
    assert {day for day in changed.values() if day not in ("", "0")} == set(), changed


def test_the_apps_bytecode_is_checked_by_source_hash(image_files: Files) -> None:
    """A timestamp .pyc records its source's mtime at compile time; a hash one does not."""
    app = {
        entry.name: int.from_bytes(contents[4:8], "little")
        for entry, contents in image_files
        if entry.name.startswith("app/") and entry.name.endswith(".pyc") and contents
    }
    by_timestamp = [name for name, flags in app.items() if flags != PYC_CHECKED_HASH]

    assert len(app) > 1000
    assert by_timestamp == [], by_timestamp[:10]


def test_no_layer_holds_a_directory_it_left_as_it_was(image_layers: list[Files]) -> None:
    """A directory a RUN step wrote into and emptied again (/tmp after a tool's scratch files)
    is in the layer or not depending on how Docker's storage driver computes the diff: it tars
    the overlay's upper directory when the step's parent is the layer it recorded, and compares
    file by file otherwise, which depends on what the build cache held. Such a layer's digest
    then differs between two builds of the same inputs."""
    below: dict[str, tuple[int, int, int, float]] = {}
    touched_only = []
    for index, layer in enumerate(image_layers):
        here = {entry.name.rstrip("/"): (entry.mode, entry.uid, entry.gid, entry.mtime) for entry, _ in layer}
        for entry, _ in layer:
            name = entry.name.rstrip("/")
            same = below.get(name) == here[name]
            if entry.isdir() and same and not any(other.startswith(name + "/") for other in here):
                touched_only.append(f"layer {index + 1}: {name}/")
        below.update(here)

    assert touched_only == [], touched_only
