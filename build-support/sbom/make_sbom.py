"""The image's software bill of materials, a CycloneDX 1.6 JSON document made from the lockfiles.

    make_sbom.py --arch amd64 --pex-info PEX-INFO --python-lock 3rdparty/python/default.lock \
        --wheel 3rdparty/python/akshare-*.whl --npm-lock frontend/package-lock.json \
        --debian-lock 3rdparty/debian/amd64.lock --version-file backend/etftool/VERSION \
        --output sbom-amd64.cdx.json

Components, each with its version, package URL and the hash its lockfile pins:
- Python: the distributions the app's dependency PEX holds (as its PEX-INFO lists), with the sha256 of
  each wheel from the Python lockfile, plus the wheels given with --wheel (hashed here);
- npm: the frontend's runtime packages (package-lock.json without dev and optional ones: the
  static export bundles only those), with their sha512 integrity;
- Debian: the `runtime` packages of the architecture's Debian lock, with their sha256.
The document is checked against the CycloneDX schema before it is written.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import json
import sys
import uuid
from pathlib import Path

from cyclonedx.model import HashAlgorithm, HashType
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packageurl import PackageURL


def python_components(pex_info: Path, lock: Path, wheels: list[Path]) -> list[Component]:
    lock_text = "\n".join(line for line in lock.read_text().splitlines() if not line.startswith("//"))
    artifacts = {
        artifact["url"].rsplit("/", 1)[-1]: (requirement, artifact)
        for resolve in json.loads(lock_text)["locked_resolves"]
        for requirement in resolve["locked_requirements"]
        for artifact in requirement["artifacts"]
    }
    distributions = json.loads(pex_info.read_text())["distributions"]
    components = []
    for wheel in sorted(distributions):
        if wheel not in artifacts:
            raise SystemExit(f"make-sbom: {wheel} is in {pex_info} but not in {lock}")
        requirement, artifact = artifacts[wheel]
        components.append(
            _component(
                "pypi",
                requirement["project_name"],
                requirement["version"],
                HashType(alg=HashAlgorithm.SHA_256, content=artifact["hash"]),
            )
        )
    for wheel in wheels:
        name, version = wheel.name.split("-")[:2]
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        sha256 = HashType(alg=HashAlgorithm.SHA_256, content=digest)
        components.append(_component("pypi", name, version, sha256))
    return components


def npm_components(package_lock: Path) -> list[Component]:
    packages = json.loads(package_lock.read_text())["packages"]
    components = []
    for path, package in sorted(packages.items()):
        if not path or package.get("dev") or package.get("optional"):
            continue
        name = path.rsplit("node_modules/", 1)[-1]
        algorithm, _, digest = package["integrity"].partition("-")
        if algorithm != "sha512":
            raise SystemExit(f"make-sbom: {name} has a {algorithm} integrity, not sha512")
        sha512 = HashType(alg=HashAlgorithm.SHA_512, content=base64.b64decode(digest).hex())
        scope, _, bare = name.rpartition("/")
        components.append(_component("npm", bare, package["version"], sha512, namespace=scope or None))
    return components


def debian_components(debian_lock: Path, arch: str) -> list[Component]:
    components = []
    for line in debian_lock.read_text().splitlines():
        if line.startswith("runtime "):
            _, package, version, _, _, _, sha256 = line.split()
            components.append(
                _component(
                    "deb",
                    package,
                    version,
                    HashType(alg=HashAlgorithm.SHA_256, content=sha256),
                    namespace="debian",
                    qualifiers={"arch": arch, "distro": "debian-12"},
                )
            )
    return components


def _component(
    kind: str,
    name: str,
    version: str,
    digest: HashType,
    *,
    namespace: str | None = None,
    qualifiers: dict[str, str] | None = None,
) -> Component:
    purl = PackageURL(type=kind, namespace=namespace, name=name, version=version, qualifiers=qualifiers)
    return Component(
        type=ComponentType.LIBRARY,
        group=namespace if kind == "npm" else None,
        name=name,
        version=version,
        purl=purl,
        bom_ref=purl.to_string(),
        hashes=[digest],
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", required=True)
    parser.add_argument("--pex-info", type=Path, required=True, help="the dependency PEX's PEX-INFO")
    parser.add_argument("--python-lock", type=Path, required=True)
    parser.add_argument("--wheel", type=Path, action="append", default=[])
    parser.add_argument("--npm-lock", type=Path, required=True)
    parser.add_argument("--debian-lock", type=Path, required=True)
    parser.add_argument("--version-file", type=Path, required=True, help="ETFTool's VERSION file")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    version = args.version_file.read_text().strip()

    components = (
        python_components(args.pex_info, args.python_lock, args.wheel)
        + npm_components(args.npm_lock)
        + debian_components(args.debian_lock, args.arch)
    )
    # A serial number named after the contents and a fixed time keep the document the same bytes
    # for the same lockfiles.
    contents = "\n".join(sorted(f"{component.purl} {component.hashes}" for component in components))
    bom = Bom(serial_number=uuid.uuid5(uuid.NAMESPACE_URL, f"etftool {version} {args.arch}\n{contents}"))
    bom.metadata.timestamp = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    bom.metadata.component = Component(
        type=ComponentType.CONTAINER, name="etftool", version=version, bom_ref="etftool"
    )
    for component in components:
        bom.components.add(component)
    document = JsonV1Dot6(bom).output_as_string(indent=1)
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(document)
    if error is not None:
        raise SystemExit(f"make-sbom: the document does not match CycloneDX 1.6: {error}")
    args.output.write_text(document + "\n")
    print(f"make-sbom: {len(components)} components -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
