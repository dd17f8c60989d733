#!/usr/bin/env python3
"""i18n_keys.py: every key the code asks for is in the English catalog, and every catalog key is asked for.

Scans src/ (C++: Tr("key"...), TrKey("key")) and web/ (JS: tr("key"...)) for literal keys and reads the msgctxt
keys of assets/i18n/en.po. A literal key missing from en.po is an error (the learner would see the key itself).
Keys the code builds at run time ("step." + key + ".title") cannot be found by a scan: a comment
`// i18n-keys: PREFIX` (or `// i18n-keys: PREFIX*`) in the source names the prefix such keys start with, and en.po
keys under a declared prefix count as used. en.po keys no code asks for are listed (an error with --strict).
Usage: python3 scripts/i18n_keys.py [--strict] [ROOT]
"""
import pathlib
import re
import sys

KEY_CALL = re.compile(r'\b(?:Tr|TrKey|tr)\(\s*"([A-Za-z0-9_.\-]+)"')
PREFIX_DECL = re.compile(r'i18n-keys:\s*([A-Za-z0-9_.\-]+)\*?')
CTXT = re.compile(r'^msgctxt\s+"(.*)"\s*$')


def main(argv):
    strict = "--strict" in argv
    args = [a for a in argv if not a.startswith("--")]
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parent.parent)
    catalog = set()
    for line in (root / "assets/i18n/en.po").read_text(encoding="utf-8").splitlines():
        m = CTXT.match(line)
        if m:
            catalog.add(m.group(1))
    used, prefixes, missing = set(), set(), []
    files = sorted(list((root / "src").rglob("*.cpp")) + list((root / "src").rglob("*.hpp")) +
                   list((root / "web").glob("*.js")) + list((root / "web").glob("*.html")))
    for f in files:
        if "/core/i18n/" in str(f) or f.name == "i18n_check.cpp":
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        for p in PREFIX_DECL.findall(text):
            prefixes.add(p)
        for n, line in enumerate(text.splitlines(), 1):
            for key in KEY_CALL.findall(line):
                used.add(key)
                if key not in catalog:
                    missing.append(f"{f.relative_to(root)}:{n}: error: key '{key}' is not in assets/i18n/en.po")
    unused = sorted(k for k in catalog if k not in used and not k.startswith("lesson.") and
                    not k.startswith("lang.") and not any(k.startswith(p) for p in prefixes))
    for m in missing:
        print(m)
    for k in unused:
        print(f"assets/i18n/en.po: {'error' if strict else 'warning'}: key '{k}' is not asked for by any code")
    print(f"{len(used)} literal keys in the code, {len(prefixes)} declared prefixes, {len(catalog)} keys in en.po: "
          f"{len(missing)} missing, {len(unused)} unused")
    return 1 if missing or (strict and unused) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
