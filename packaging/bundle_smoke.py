"""Start the built bundle on the embedded store, play a preview, open a release page, and exit with
its status (packaging/smoke_hook.py drives the app from inside the bundle).

    python packaging/bundle_smoke.py [dist/sevendigital-browser] [--unmapped]

The app runs offscreen with a throwaway home (so the embedded store builds its catalogue and
synthesises the clip from scratch, as on a first start). --unmapped lists the bundle's files that
the session never mapped: candidates for packaging/bundle_trim.py, never proof (a file may be
needed on another path: another language, a Wayland session, a failed connection).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLE = ROOT / "dist" / "sevendigital-browser"


def run_smoke(bundle: Path, home: Path, timeout_s: float = 90.0, extra_args: tuple[str, ...] = (),
              platform: str = "offscreen") -> tuple[subprocess.CompletedProcess, set[str], float]:
    """(the finished process, real paths of the files it had mapped at the end, seconds taken).
    `home` gets maps.txt and modules.txt (the modules imported)."""
    maps = home / "maps.txt"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "QT_", "LD_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               XDG_RUNTIME_DIR=str(home / "runtime"), QT_QPA_PLATFORM=platform,
               SEVENDIGITAL_BUNDLE_SMOKE="1", SEVENDIGITAL_BUNDLE_SMOKE_MAPS=str(maps),
               SEVENDIGITAL_BUNDLE_SMOKE_MODULES=str(home / "modules.txt"),
               SEVENDIGITAL_BUNDLE_SMOKE_TIMEOUT=str(timeout_s - 15))
    (home / "runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
    started = time.monotonic()
    result = subprocess.run([str(bundle / "sevendigital-browser"), *extra_args], check=False, cwd=home, env=env,
                            capture_output=True, text=True, timeout=timeout_s)
    took = time.monotonic() - started
    mapped: set[str] = set()
    if maps.is_file():
        for line in maps.read_text().splitlines():
            fields = line.split(maxsplit=5)
            if len(fields) == 6 and fields[5].startswith("/"):
                mapped.add(os.path.realpath(fields[5]))
    return result, mapped, took


def unmapped_files(bundle: Path, mapped: set[str]) -> list[tuple[int, str]]:
    """(size, bundle path) of the ELF files under _internal that no mapping named, largest first."""
    internal = bundle / "_internal"
    out = []
    for path in internal.rglob("*"):
        if path.is_file() and not path.is_symlink() and os.path.realpath(path) not in mapped:
            with path.open("rb") as head:
                if head.read(4) == b"\x7fELF":
                    out.append((path.stat().st_size, str(path.relative_to(internal))))
    return sorted(out, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE)
    parser.add_argument("--unmapped", action="store_true", help="list the ELF files the session never mapped")
    parser.add_argument("--language", default=None, help="start the app in this language (e.g. de)")
    parser.add_argument("--xcb", action="store_true", help="on the X display of $DISPLAY (e.g. under xvfb-run), "
                        "not offscreen")
    parser.add_argument("--home", type=Path, default=None,
                        help="an empty folder for the app's files, kept afterwards (maps.txt, modules.txt)")
    args = parser.parse_args()
    extra = ("--language", args.language) if args.language else ()
    platform = "xcb" if args.xcb else "offscreen"
    with tempfile.TemporaryDirectory(prefix="bundle-smoke-") as tmp:
        home = args.home.resolve() if args.home else Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        result, mapped, took = run_smoke(args.bundle.resolve(), home, extra_args=extra, platform=platform)
    lines = [line for line in result.stderr.splitlines() if line.startswith("bundle smoke:")]
    print("\n".join(lines) or result.stderr[-3000:])
    print(f"exit status {result.returncode} after {took:.1f} s")
    if result.returncode != 0:
        print(result.stderr[-3000:], file=sys.stderr)
    if args.unmapped:
        total = 0
        for size, name in unmapped_files(args.bundle.resolve(), mapped):
            total += size
            print(f"{size / 1e6:8.2f} MB  {name}")
        print(f"{total / 1e6:8.2f} MB  never mapped (ELF files)")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
