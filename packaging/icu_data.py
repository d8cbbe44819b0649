"""A cut-down libicudata for the bundle: the ICU data Qt's own calls reach, ~4 of its 31 MB.

Qt6Core links ICU for few things (`nm -D --undefined-only libQt6Core.so.6 | grep _73`): code-page
converters (ucnv_*: QStringConverter for encodings Qt has no codec of its own for), collation
(ucol_*: QCollator, locale-aware sorting, QFileSystemModel's natural order), time-zone display names
(ucal_*) and locale-specific case mapping (u_strTo*: code and built-in tables, no data). Text
boundaries, normalisation and Unicode properties are Qt's own. libicudata is nothing but one symbol,
`icudt<NN>_dat`, holding an ICU common-data package; this rebuilds it with the package filtered by
`icupkg` (icu-devtools) and linked back into a data-only shared object of the same soname.

Kept: collation for every language but Chinese/Japanese/Korean (their tables are 1.1 MB; no store
the app knows sells in them: they sort in root order), the Western converters, the locale
data of root/en/de and ICU's non-locale tables (calendar, zones, likely subtags). Left out: break
iterators, dictionaries, transliterators, number spell-out, display names of currencies, languages,
regions and units, and the locale data of other languages.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# Items of the package to keep (fnmatch-like regular expressions on icupkg's item names).
KEEP = (
    r"coll/(?!(zh|yue|ja|ko)[._]).*",                      # collation but CJK
    r"zone/(root|en|de|pool|res_index|tzdbNames)\.res",    # zone names: the app's languages
    r"(root|en|de|pool|res_index)\.res",                   # locale data: the app's languages
    r"(?![a-z]{2,3}(_[A-Za-z0-9]+)*\.res)[A-Za-z0-9]+\.res",  # non-locale tables (supplementalData...)
    r"cnvalias\.icu",
    # Windows-125x, ISO-8859-x, KOI8-R, Mac Roman, PC 437/850: what a Western user's files use.
    r"ibm-(5346|5347|5348|5349|5350|5351|5352|5353|5354)_P100-199[78]\.cnv",
    r"ibm-(912|913|914|915|1089|813|916|920|921|923|878|437|850)_[A-Z0-9]+-\d+\.cnv",
    r"macos-0_2-10\.2\.cnv",
    r"(?!unames)[a-z0-9_]+\.icu", r"[a-z0-9_]+\.nrm",
)
_KEEP = re.compile("|".join(f"(?:{pattern})" for pattern in KEEP))


def tools_available() -> bool:
    return all(shutil.which(tool) for tool in ("icupkg", "gcc", "nm"))


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudt<NN>_dat symbol of a libicudata."""
    out = subprocess.run(["nm", "-D", "-S", "--defined-only", str(library)], check=True, capture_output=True,
                         text=True, timeout=60).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            address, size = int(fields[0], 16), int(fields[1], 16)
            return fields[3], _file_offset(library, address), size
    raise ValueError(f"{library} has no icudt<NN>_dat symbol")


def _file_offset(library: Path, address: int) -> int:
    out = subprocess.run(["readelf", "-l", "-W", str(library)], check=True, capture_output=True, text=True,
                         timeout=60).stdout
    for line in out.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, vaddr, filesz = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if vaddr <= address < vaddr + filesz:
                return address - vaddr + offset
    raise ValueError(f"{address:#x} is in no loadable segment of {library}")


def kept_items(items: list[str]) -> list[str]:
    return [item for item in items if _KEEP.fullmatch(item)]


def build_trimmed(library: Path, target: Path) -> tuple[int, int]:
    """Write a libicudata of the same soname and symbol to `target`, holding only KEEP's items.
    Returns (items kept, items in all)."""
    symbol, offset, size = data_symbol(library)
    soname = library.name
    with tempfile.TemporaryDirectory(prefix="icu-trim-") as tmp:
        work = Path(tmp)
        # icupkg takes the package's item prefix (icudt73l) from the file's name.
        name = symbol.removesuffix("_dat") + "l.dat"
        full, trimmed = work / "in" / name, work / "out" / name
        full.parent.mkdir()
        trimmed.parent.mkdir()
        with library.open("rb") as source:
            source.seek(offset)
            full.write_bytes(source.read(size))
        listing = subprocess.run(["icupkg", "-l", str(full)], check=True, capture_output=True, text=True,
                                 timeout=120).stdout.split()
        keep = set(kept_items(listing))
        (work / "remove.lst").write_text("\n".join(item for item in listing if item not in keep) + "\n")
        # icupkg refuses to write a package whose kept items miss something they depend on.
        subprocess.run(["icupkg", "-r", str(work / "remove.lst"), str(full), str(trimmed)], check=True,
                       capture_output=True, text=True, timeout=120)
        assembly = work / "data.S"
        assembly.write_text(
            '\t.section .rodata\n\t.balign 16\n'
            f'\t.globl {symbol}\n\t.type {symbol}, @object\n{symbol}:\n'
            f'\t.incbin "{trimmed}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n')
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["gcc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{soname}", "-o", str(target),
                        str(assembly)], check=True, capture_output=True, text=True, timeout=120)
    return len(keep), len(listing)
