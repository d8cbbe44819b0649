"""Extract the app's translatable strings and compile what ships (`make translations`).

    packaging/translations/sevendigital-browser.ts      every message: the file translators copy
    packaging/translations/sevendigital-browser_en.ts   English plural forms, filled in here by rule
    packaging/translations/sevendigital-browser_XX.ts   a translation (updated in place, never filled)
    resources/translations/sevendigital-browser_XX.qm   what the app loads (pyside6-lrelease)

English counts are written `tr("%n track(s)", "", n)`; the `_en` file turns "(s)"/"(es)" into
"1 track" / "2 tracks". Any other plural source must have its English forms filled in by hand.

    python packaging/update_translations.py           update the .ts files and build the .qm files
    python packaging/update_translations.py --check   fail (exit 1) if the committed files are stale
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "packaging" / "translations"
SHIPPED = ROOT / "resources" / "translations"
CATALOGUE = "sevendigital-browser"
_PLURAL_SUFFIX = re.compile(r"\((e?s)\)")


def tool(name: str) -> str:
    """A PySide6 tool from this interpreter's environment (or PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 into this environment")
    return found


def run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0 or "error" in result.stderr.lower():
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def extract(ts: Path, *, plural_only: bool = False) -> None:
    """Create or update `ts` from the Python sources under app/ (obsolete messages dropped)."""
    extra = ["-pluralonly", "-source-language", "en", "-target-language", "en"] if plural_only else []
    run(tool("pyside6-lupdate"), "-silent", "-extensions", "py", "-no-obsolete",
        "-locations", "relative", *extra, str(ROOT / "app"), "-ts", str(ts))


def fill_english_plurals(ts: Path) -> int:
    """Give every unfinished plural message of the English file its two forms. Returns how many."""
    tree = etree.parse(str(ts))
    filled = 0
    for message in tree.iter("message"):
        translation = message.find("translation")
        if message.get("numerus") != "yes" or translation.get("type") not in ("unfinished", None):
            continue
        forms = translation.findall("numerusform")
        if translation.get("type") is None and all(f.text for f in forms):
            continue                                     # filled (maybe by hand): keep
        source = message.findtext("source")
        if not _PLURAL_SUFFIX.search(source):
            raise SystemExit(f"cannot make English plurals of {source!r}: write it as '%n item(s)' "
                             f"or fill its forms in {ts.name} by hand")
        singular, plural = _PLURAL_SUFFIX.sub("", source), _PLURAL_SUFFIX.sub(r"\1", source)
        for form in forms:
            translation.remove(form)
        for text in (singular, plural):
            etree.SubElement(translation, "numerusform").text = text
        translation.attrib.pop("type", None)
        filled += 1
    tree.write(str(ts), encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE TS>")
    return filled


def compile_qm(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    run(tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm))


def update(sources: Path, shipped: Path) -> None:
    """Everything `make translations` does, writing into `sources` and `shipped`."""
    sources.mkdir(parents=True, exist_ok=True)
    extract(sources / f"{CATALOGUE}.ts")
    english = sources / f"{CATALOGUE}_en.ts"
    extract(english, plural_only=True)
    fill_english_plurals(english)
    for ts in sorted(sources.glob(f"{CATALOGUE}_*.ts")):
        if ts != english:
            extract(ts)
        compile_qm(ts, shipped / f"{ts.stem}.qm")


def messages(ts: Path) -> list[tuple]:
    """What a .ts says, without its source locations (they move with every edit)."""
    tree = etree.parse(str(ts))
    found = []
    for context in tree.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            found.append((context.findtext("name"), message.findtext("source"),
                          message.findtext("comment"), translation.get("type"),
                          translation.text, tuple(f.text for f in translation.findall("numerusform"))))
    return sorted(found, key=repr)


def stale(sources: Path = SOURCES, shipped: Path = SHIPPED) -> list[str]:
    """What `make translations` would change, as readable lines (empty: up to date)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh_sources, fresh_shipped = Path(tmp) / "ts", Path(tmp) / "qm"
        shutil.copytree(sources, fresh_sources) if sources.is_dir() else fresh_sources.mkdir()
        update(fresh_sources, fresh_shipped)
        for ts in sorted(fresh_sources.glob("*.ts")):
            committed = sources / ts.name
            if not committed.exists():
                problems.append(f"{committed.relative_to(ROOT)} is missing")
                continue
            old, new = set(messages(committed)), set(messages(ts))
            for added in sorted(new - old, key=repr):
                problems.append(f"{ts.name}: not extracted yet: {added[0]}: {added[1]!r}")
            for gone in sorted(old - new, key=repr):
                problems.append(f"{ts.name}: no longer in the code: {gone[0]}: {gone[1]!r}")
        for qm in sorted(fresh_shipped.glob("*.qm")):
            committed = shipped / qm.name
            if not committed.exists() or committed.read_bytes() != qm.read_bytes():
                problems.append(f"{committed.relative_to(ROOT)} is not built from its .ts")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for line in problems:
            print(line)
        if problems:
            print("run `make translations` and commit the result")
        return 1 if problems else 0
    update(SOURCES, SHIPPED)
    for path in sorted(SOURCES.glob("*.ts")) + sorted(SHIPPED.glob("*.qm")):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
