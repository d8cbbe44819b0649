"""Size of the one-folder bundle (`make bundle`), by part and by file, against the 150 MB target.

    .venv/bin/python bench/bundle_size.py [dist/sevendigital-browser] [--files 30] [--compare OTHER]

"On disk" is what `du` counts (allocated blocks, MiB as `du -sh` prints them); apparent bytes are
shown beside it. Parts are the folders that carry weight (Qt libraries, numpy, Python's own...);
--compare prints both bundles' parts side by side (e.g. one built from another checkout).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MIB = 150
PARTS = (   # first match wins: (part, path prefix inside _internal)
    ("Qt: ICU", "PySide6/Qt/lib/libicu"), ("Qt: FFmpeg", "PySide6/Qt/lib/libav"),
    ("Qt: FFmpeg", "PySide6/Qt/lib/libsw"), ("Qt: libraries", "PySide6/Qt/lib/"),
    ("Qt: plugins", "PySide6/Qt/plugins/"), ("Qt: translations", "PySide6/Qt/translations/"),
    ("PySide6 bindings", "PySide6/"), ("PySide6 bindings", "shiboken6/"),
    ("numpy: BLAS", "numpy.libs/"), ("numpy", "numpy/"), ("Python", "libpython"),
    ("Python", "python3"), ("Python", "base_library.zip"), ("cryptography", "cryptography"),
    ("Pillow", "PIL/"), ("Pillow", "pillow.libs/"), ("lxml", "lxml/"), ("Babel", "babel/"),
)


def on_disk(path: Path) -> int:
    return path.lstat().st_blocks * 512


def part_of(name: str) -> str:
    return next((part for part, prefix in PARTS if name.startswith(prefix)), "other libraries and files")


def measure(bundle: Path) -> tuple[Counter, Counter, list[tuple[int, int, str]]]:
    """(on-disk bytes per part, apparent bytes per part, [(on disk, apparent, name)] per file)."""
    internal = bundle / "_internal"
    disk, apparent, files = Counter(), Counter(), []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = str(path.relative_to(internal)) if path.is_relative_to(internal) else "launcher (PYZ archive)"
            part = part_of(name) if name != "launcher (PYZ archive)" else name
            size = path.stat().st_size
            disk[part] += on_disk(path)
            apparent[part] += size
            files.append((on_disk(path), size, name))
    for path in bundle.rglob("*"):   # directories count too, as du counts them
        if path.is_dir():
            disk["(directories)"] += on_disk(path)
    return disk, apparent, sorted(files, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "sevendigital-browser")
    parser.add_argument("--files", type=int, default=30, help="how many of the largest files to list")
    parser.add_argument("--compare", type=Path, default=None, help="another bundle to show beside it")
    args = parser.parse_args()
    if not (args.bundle / "_internal").is_dir():
        print(f"no bundle at {args.bundle}: run `make bundle` first (nothing measured)")
        return 0       # `make bench` runs every script; a missing bundle is not a failure there
    disk, apparent, files = measure(args.bundle)
    other = measure(args.compare)[0] if args.compare else None
    mib = 1 << 20
    print(f"{'part':30} {'MiB on disk':>12} {'MB apparent':>12}" + (f" {'compared':>10}" if other else ""))
    for part in sorted(set(disk) | set(other or ()), key=lambda p: -disk.get(p, 0)):
        line = f"{part:30} {disk.get(part, 0) / mib:12.1f} {apparent.get(part, 0) / 1e6:12.1f}"
        print(line + (f" {other.get(part, 0) / mib:10.1f}" if other else ""))
    total = sum(disk.values())
    print(f"{'total':30} {total / mib:12.1f} {sum(apparent.values()) / 1e6:12.1f}"
          + (f" {sum(other.values()) / mib:10.1f}" if other else ""))
    print(f"target {TARGET_MIB} MiB: {'met' if total / mib <= TARGET_MIB else f'{total / mib - TARGET_MIB:.1f} MiB over'}")
    print(f"\nlargest {args.files} files (MiB on disk):")
    for size, _apparent, name in files[:args.files]:
        print(f"{size / mib:8.2f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
