"""The arrows between packages: the domain packages never import the HTTP layer.

`etftool.api` (routes, dependencies, error mapping, middleware) depends on the domain packages,
never the other way round; so do FastAPI and Starlette, which only `etftool.api` and
`etftool.main` may use.
"""

import ast
from pathlib import Path

import etftool

DOMAIN_PACKAGES = ("analytics", "core", "db", "marketdata", "migrations", "services", "userdata")
HTTP_MODULES = ("etftool.api", "fastapi", "starlette")
SOURCE_ROOT = Path(etftool.__file__).parent


def module_name(path: Path, root: Path) -> str:
    """`etftool.services.analysis` for root/services/analysis.py, root being etftool's folder."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from etftool import api` imports the package named by the alias.
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def http_imports(path: Path, root: Path = SOURCE_ROOT) -> list[str]:
    return [
        f"{path.relative_to(root.parent)}:{line} imports {name}"
        for line, name in imported_modules(path, root)
        if any(name == http or name.startswith(http + ".") for http in HTTP_MODULES)
    ]


def test_no_domain_package_imports_the_http_layer() -> None:
    sources = {
        package: sorted((SOURCE_ROOT / package).rglob("*.py")) for package in DOMAIN_PACKAGES
    }
    # Every package's files are really here (the BUILD file depends on each), so a pass means
    # they were read.
    assert all(sources.values()), {package: len(files) for package, files in sources.items()}

    violations = [found for files in sources.values() for path in files for found in http_imports(path)]

    assert violations == []


def test_an_import_of_the_http_layer_is_found_in_every_spelling(tmp_path: Path) -> None:
    package = tmp_path / "etftool" / "services"
    package.mkdir(parents=True)
    source = package / "example.py"
    source.write_text(
        "import etftool.api.deps\n"
        "from etftool.api.errors import install_error_handlers\n"
        "from etftool import api\n"
        "from ..api import routes\n"
        "from . import schemas\n"
        "from fastapi import HTTPException\n"
        "import starlette.requests\n"
        "from etftool.apiary import bees\n"
    )
    found = http_imports(source, root=tmp_path / "etftool")

    assert [entry.split(" imports ")[1] for entry in found] == [
        "etftool.api.deps",
        "etftool.api.errors.install_error_handlers",
        "etftool.api",
        "etftool.api.routes",
        "fastapi.HTTPException",
        "starlette.requests",
    ]
