"""Mirrors a docker build context into a directory that stays in place between builds.

Pants assembles each build's context in a new sandbox, with new file times, so BuildKit sends
all of it to the engine every time (~180 MB: the base root file system, the PEXes). BuildKit
skips a file whose path, size and time it saw in the last build from the same directory; so the
context is mirrored into one directory per image, where a file is rewritten only when its
content changed and otherwise keeps its time. Files the new context lacks are removed.

Usage: stable-context.py SOURCE TARGET
Prints the relative paths it changed (written, removed or given a new mode), one per line:
nothing when TARGET already held the same context.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
from pathlib import Path


def mirror(source: Path, target: Path) -> list[str]:
    """Makes TARGET hold what SOURCE holds; returns the relative paths it changed."""
    changed = []
    wanted = set()
    for directory, _, files in os.walk(source):
        relative = Path(directory).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            path = relative / name
            wanted.add(path)
            new, old = source / path, target / path
            if old.is_symlink() or new.is_symlink() or not _same(new, old):
                old.unlink(missing_ok=True)
                shutil.copy2(new, old, follow_symlinks=False)
                changed.append(str(path))
            elif new.stat().st_mode != old.stat().st_mode:
                shutil.copymode(new, old)
                changed.append(str(path))
    for directory, subdirectories, files in os.walk(target, topdown=False):
        relative = Path(directory).relative_to(target)
        for name in files:
            if relative / name not in wanted:
                (target / relative / name).unlink()
                changed.append(str(relative / name))
        for name in subdirectories:
            if not (source / relative / name).is_dir():
                (target / relative / name).rmdir()
                changed.append(str(relative / name))
    return changed


def _same(new: Path, old: Path) -> bool:
    return old.is_file() and filecmp.cmp(new, old, shallow=False)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    for path in mirror(Path(sys.argv[1]), Path(sys.argv[2])):
        print(path)
