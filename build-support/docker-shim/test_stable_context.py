"""stable-context.py: a file whose content is unchanged keeps its time in the copy (so BuildKit
does not send it again), a changed one is rewritten, a removed one goes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("stable-context.py")


def mirror(source: Path, target: Path) -> list[str]:
    """The paths it reports changed."""
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(source), str(target)], check=True, capture_output=True, text=True
    )
    return sorted(run.stdout.splitlines())


def context(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "stable"
    first = context(tmp_path / "one", {"base/rootfs.tar": b"base", "app.pex": b"v1", "gone.txt": b"x"})
    (first / "app.pex").chmod(0o755)
    mirror(first, target)
    os.utime(target / "base/rootfs.tar", (1, 1))
    os.utime(target / "app.pex", (1, 1))

    second = context(tmp_path / "two", {"base/rootfs.tar": b"base", "app.pex": b"v2"})
    assert mirror(second, target) == ["app.pex", "gone.txt"]

    assert (target / "base/rootfs.tar").stat().st_mtime == 1  # unchanged: left as it was
    assert (target / "app.pex").read_bytes() == b"v2"
    assert (target / "app.pex").stat().st_mtime != 1
    assert (target / "app.pex").stat().st_mode & 0o777 == 0o644  # the new context's mode
    assert not (target / "gone.txt").exists()
    assert sorted(str(path.relative_to(target)) for path in target.rglob("*")) == [
        "app.pex",
        "base",
        "base/rootfs.tar",
    ]


def test_a_mode_change_alone_is_applied(tmp_path: Path) -> None:
    target = tmp_path / "stable"
    mirror(context(tmp_path / "one", {"run.sh": b"echo"}), target)
    second = context(tmp_path / "two", {"run.sh": b"echo"})
    (second / "run.sh").chmod(0o755)
    assert mirror(second, target) == ["run.sh"]
    assert (target / "run.sh").stat().st_mode & 0o777 == 0o755


def test_the_same_context_again_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "stable"
    files = {"base/rootfs.tar": b"base", "app.pex": b"v1"}
    assert mirror(context(tmp_path / "one", files), target) == ["app.pex", "base/rootfs.tar"]

    assert mirror(context(tmp_path / "two", files), target) == []
    assert mirror(context(tmp_path / "three", {"app.pex": b"v1"}), target) == ["base", "base/rootfs.tar"]
