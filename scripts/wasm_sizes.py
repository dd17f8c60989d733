#!/usr/bin/python3
"""wasm_sizes.py: where the page's wasm bytes go, per library and per part (build-wasm.sh prints it after a web build).

  /usr/bin/python3 scripts/wasm_sizes.py WASM SYMBOLS BUILD_DIR [--blob NAME=FILE ...]

WASM: the linked module (build-web/simd/bnlab.wasm); SYMBOLS: emcc's --emit-symbol-map file beside it (function index:
name, since the shipped module has no names); BUILD_DIR: the CMake tree whose static libraries (lib*.a) were linked:
each function goes to the library that defines its name (llvm-nm), the rest to Emscripten's system libraries (libc,
libc++, malloc, the GLFW and WebGL glue). --blob: a file embedded as data (the fonts), found in the data section by its
bytes; the rest of the data is the texts and tables (the English catalog, the lesson, constants).

Per row: raw bytes, and Brotli (quality 11) of that part alone. Parts compress better together, so the rows' Brotli
sum is more than the module's; the last line gives the module's own. Needs python3-brotli and llvm-nm (Debian).
"""
import collections
import os
import re
import subprocess
import sys

import brotli


def leb(b, i):
    """An unsigned LEB128 at b[i]: (value, next index)."""
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(d):
    """(id, start, end) of each section's payload."""
    i, out = 8, []
    while i < len(d):
        sid = d[i]
        n, i = leb(d, i + 1)
        out.append((sid, i, i + n))
        i += n
    return out


def imported_functions(d, start):
    """How many functions the import section brings in (they come first in the function index space)."""
    count, j = leb(d, start)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, j = leb(d, j)
            j += n
        kind = d[j]
        j += 1
        if kind == 0:  # function: type index
            _, j = leb(d, j)
            funcs += 1
        elif kind == 1:  # table: elem type, limits
            j += 1
            flags, j = leb(d, j)
            _, j = leb(d, j)
            if flags & 1:
                _, j = leb(d, j)
        elif kind == 2:  # memory: limits
            flags, j = leb(d, j)
            _, j = leb(d, j)
            if flags & 1:
                _, j = leb(d, j)
        elif kind == 3:  # global: type, mutability
            j += 2
        elif kind == 4:  # tag: attribute, type index
            j += 1
            _, j = leb(d, j)
    return funcs


def library_of_names(build_dir):
    """name → library for every function the project's static libraries define."""
    owner = {}
    for f in sorted(os.listdir(build_dir)):
        if not (f.startswith("lib") and f.endswith(".a")):
            continue
        out = subprocess.run(["llvm-nm", "-C", "--defined-only", "--format=just-symbols", os.path.join(build_dir, f)],
                             capture_output=True, text=True).stdout
        for line in out.split("\n"):
            if line.strip():
                owner.setdefault(line.strip(), f[3:-2])
    app = os.path.join(build_dir, "CMakeFiles", "bnlab.dir")  # the app's own objects (main, platform_web, touch_web)
    objects = [os.path.join(r, f) for r, _, fs in os.walk(app) for f in fs if f.endswith(".o")]
    if objects:
        out = subprocess.run(["llvm-nm", "-C", "--defined-only", "--format=just-symbols"] + objects,
                             capture_output=True, text=True).stdout
        for line in out.split("\n"):
            if line.strip() and not line.endswith(":"):
                owner.setdefault(line.strip(), "bnlab (src/app: main, platform)")
    return owner


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    wasm, symbols, build_dir = argv[1:4]
    blobs = [a.split("=", 1) for a in argv[4:] if a != "--blob"]
    d = open(wasm, "rb").read()
    secs = sections(d)
    nimp = next((imported_functions(d, a) for sid, a, b in secs if sid == 2), 0)
    names = {}
    for line in open(symbols, encoding="utf8", errors="replace"):
        idx, _, name = line.rstrip("\n").partition(":")
        if idx.isdigit():  # demangled, with "\\28" for "(" and the like
            names[int(idx)] = re.sub(r"\\([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), name)
    owner = library_of_names(build_dir)
    parts = collections.OrderedDict()  # part → bytearray

    def add(part, chunk):
        parts.setdefault(part, bytearray()).extend(chunk)

    for sid, a, b in secs:
        if sid == 10:  # code: each body to its library
            count, j = leb(d, a)
            for k in range(count):
                n, j = leb(d, j)
                name = names.get(nimp + k, "")
                add("code: " + owner.get(name, "Emscripten's libc, libc++, malloc, GLFW/WebGL glue"), d[j:j + n])
                j += n
        elif sid == 11:  # data: the embedded files by their bytes, the rest as texts and tables
            # The segments laid out in memory (wasm-opt splits them at runs of zeros, so a file may span several).
            memory, count, j = {}, *leb(d, a)
            for _ in range(count):
                flags, j = leb(d, j)
                at = 0
                if flags in (0, 2):  # active: [memory index,] i32.const offset, end
                    if flags == 2:
                        _, j = leb(d, j)
                    j += 1  # i32.const
                    at, j = leb(d, j)  # offsets are small and positive here (signed LEB, read as unsigned)
                    j += 1  # end
                n, j = leb(d, j)
                memory[at] = d[j:j + n]
                j += n
            top = max((k + len(v) for k, v in memory.items()), default=0)
            image, used = bytearray(top), bytearray(top)
            for k, v in memory.items():
                image[k:k + len(v)] = v
                used[k:k + len(v)] = b"\1" * len(v)
            for label, path in blobs:
                blob = open(path, "rb").read()
                at = image.find(blob)
                if at >= 0:
                    add("data: " + label, blob)
                    used[at:at + len(blob)] = bytes(len(blob))
            add("data: texts and tables (English catalog, lesson, constants)",
                bytes(c for c, u in zip(image, used) if u))
        elif sid != 0:
            add("module structure (types, imports, tables, exports)", d[a:b])
    q = {"quality": 11}
    rows = sorted(parts.items(), key=lambda kv: (kv[0].split(":")[0], -len(kv[1])))
    print(f"  {'part of ' + os.path.basename(wasm):58s} {'bytes':>10s} {'brotli':>10s}")
    for part, chunk in rows:
        print(f"  {part:58s} {len(chunk):10d} {len(brotli.compress(bytes(chunk), **q)):10d}")
    print(f"  {'the module (Brotli of the whole: parts share patterns)':58s} {len(d):10d} "
          f"{len(brotli.compress(d, **q)):10d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
