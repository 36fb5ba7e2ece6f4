"""The SBOMs Pants makes: every locked package of the image with the hash its lockfile pins, and
nothing the image does not hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]


def load(arch: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((ROOT / f"build-support/sbom/sbom-{arch}.cdx.json").read_text())
    return document


def hashes(component: dict[str, Any]) -> dict[str, str]:
    return {digest["alg"]: digest["content"] for digest in component["hashes"]}


@pytest.mark.parametrize("arch", ["amd64", "arm64"])
def test_every_locked_debian_runtime_package_is_listed_with_its_sha256_and_no_other(arch: str) -> None:
    listed = {c["name"]: c for c in load(arch)["components"] if c["purl"].startswith("pkg:deb/")}
    locked = [
        line.split()
        for line in (ROOT / f"3rdparty/debian/{arch}.lock").read_text().splitlines()
        if not line.startswith("#")
    ]
    for set_name, package, version, *_, sha256 in locked:
        if set_name != "runtime":  # build tools, the add-on sets of other images (postgres)
            assert package not in listed, f"{package} is not in the image ({set_name})"
            continue
        assert listed[package]["version"] == version
        assert hashes(listed[package]) == {"SHA-256": sha256}
        assert f"arch={arch}" in listed[package]["purl"]


@pytest.mark.parametrize("arch", ["amd64", "arm64"])
def test_python_packages_carry_the_lockfile_hash_of_their_platform_wheel(arch: str) -> None:
    python = {c["name"]: c for c in load(arch)["components"] if c["purl"].startswith("pkg:pypi/")}
    lines = (ROOT / "3rdparty/python/default.lock").read_text().splitlines()
    lock = json.loads("\n".join(line for line in lines if not line.startswith("//")))
    locked = {r["project_name"]: r for r in lock["locked_resolves"][0]["locked_requirements"]}
    assert {"fastapi", "pandas", "numpy", "uvicorn", "akshare"} <= set(python)
    assert "pytest" not in python and "playwright" not in python, "test-only packages are not in the image"
    machine = "x86_64" if arch == "amd64" else "aarch64"
    numpy_wheels = {
        a["hash"]: a["url"] for a in locked["numpy"]["artifacts"] if a["url"].endswith(".whl")
    }
    numpy_hash = hashes(python["numpy"])["SHA-256"]
    assert python["numpy"]["version"] == locked["numpy"]["version"]
    assert machine in numpy_wheels[numpy_hash], "the hash is that of the image's platform wheel"


def test_npm_packages_are_the_runtime_ones_with_their_integrity() -> None:
    npm = {c["name"]: c for c in load("amd64")["components"] if c["purl"].startswith("pkg:npm/")}
    lock = json.loads((ROOT / "frontend/package-lock.json").read_text())["packages"]
    assert npm["react"]["version"] == lock["node_modules/react"]["version"]
    assert "vitest" not in npm and "typescript" not in npm, "dev dependencies are not in the image"
    assert set(hashes(npm["react"])) == {"SHA-512"}


def test_serial_numbers_name_the_contents_and_the_time_is_fixed() -> None:
    """No random serial or build time: the image holding the document stays reproducible
    (build-support/release/repro-check.sh compares the images themselves)."""
    amd64, arm64 = load("amd64"), load("arm64")
    assert amd64["serialNumber"] != arm64["serialNumber"]
    assert amd64["serialNumber"].startswith("urn:uuid:") and amd64["serialNumber"][23] == "5"
    assert amd64["metadata"]["timestamp"].startswith("1970-01-01")
