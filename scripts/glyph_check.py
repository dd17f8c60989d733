#!/usr/bin/python3
"""glyph_check.py: the fonts each language ships, made and checked (fontTools: Debian's python3-fonttools).

Every language draws with the Latin font (DejaVu Sans cut to the characters the program uses: build-wasm.sh
ensure_font) plus cjk-names.ttf, the few CJK characters of the languages' own names (the Language menu lists
"简体中文" in every language). Chinese adds cjk.ttf: Debian's WenQuanYi Micro Hei (fonts-wqy-microhei) cut to exactly
the characters zh-Hans.po's texts use that the Latin font lacks, so the page's weight for other languages does not grow.

  glyph_check.py chars CATALOG_DIR
      U+XXXX,… of every character the catalogs' texts use (build-wasm.sh adds them to the Latin font's subset).
  glyph_check.py subset --latin LATIN.ttf --out DIR [--source WQY.ttc] CATALOG_DIR
      Writes DIR/cjk.ttf and DIR/cjk-names.ttf (TrueType: Dear ImGui reads TTF) and prints their sizes raw, gzip -9
      and brotli -11.
  glyph_check.py check [--make] --latin LATIN.ttf --fonts DIR [--source WQY.ttc] CATALOG_DIR
      Fails (exit 1) when a character of a catalog's texts is missing from the fonts its language ships; --make runs
      subset into DIR first. Prints "ok - …"/"not ok - …" per language and "N passed, N failed" last.

A catalog's texts: en.po's msgid, a translation's msgstr (empty and fuzzy ones fall back to English, whose characters
en.po's check covers). The lesson is among them (its English section is extracted from assets/lesson/en/).
"""
import gzip
import os
import subprocess
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
# Languages whose script the Latin font lacks, and the font each adds. A new one (ja, ko, zh-Hant…) needs its font
# here and in build-wasm.sh; a language in Latin, Greek or Cyrillic script needs nothing (DejaVu Sans has them).
SCRIPT_FONTS = {"zh-Hans": "cjk.ttf"}
NAMES_FONT = "cjk-names.ttf"


def unescape(s):
    out, k = [], 0
    while k < len(s):
        c = s[k]
        if c == "\\" and k + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}.get(s[k + 1], s[k + 1]))
            k += 2
        else:
            out.append(c)
            k += 1
    return "".join(out)


def read_po(path):
    """The entries of a PO file (i18n_check has checked its syntax): [{key, msgid, msgstr, fuzzy}]."""
    entries, cur, field = [], {}, None

    def finish():
        if "msgstr" in cur:
            entries.append(dict(key=cur.get("msgctxt", ""), msgid=cur.get("msgid", ""), msgstr=cur["msgstr"],
                                fuzzy=cur.get("fuzzy", False)))

    with open(path, encoding="utf-8-sig") as f:
        for raw in f:
            line = raw.strip()
            if not line:
                field = None
                continue
            if line.startswith("#"):
                if "msgstr" in cur:
                    finish()
                    cur = {}
                if line.startswith("#,") and "fuzzy" in [w.strip() for w in line[2:].split(",")]:
                    cur["fuzzy"] = True
                field = None
                continue
            if line.startswith('"'):
                if field:
                    cur[field] += unescape(line[1:-1])
                continue
            word, _, rest = line.partition(" ")
            if word in ("msgctxt", "msgid") and "msgstr" in cur:
                finish()
                cur = {}
            field = word
            cur[field] = unescape(rest.strip()[1:-1])
    finish()
    return [e for e in entries if e["key"]]


def catalogs(folder):
    """{tag: path}, en first."""
    tags = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".po"))
    return {t: os.path.join(folder, t + ".po") for t in sorted(tags, key=lambda t: (t != "en", t))}


def texts(tag, path):
    """The texts a language shows from its own catalog: {key: text}."""
    out = {}
    for e in read_po(path):
        text = e["msgid"] if tag == "en" else e["msgstr"]
        if text and not (tag != "en" and e["fuzzy"]):
            out[e["key"]] = text
    return out


def drawn(text):
    return {c for c in text if ord(c) >= 0x20}


def cmap(path):
    return set(TTFont(path, fontNumber=0).getBestCmap()) if os.path.exists(path) else set()


def sizes(path):
    data = open(path, "rb").read()
    gz = len(gzip.compress(data, 9, mtime=0))
    br = "?"
    try:
        br = subprocess.run(["node", "-e", "const z=require('zlib');process.stdout.write(String(z.brotliCompressSync("
                             "require('fs').readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}})"
                             ".length))", path], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pass
    return len(data), gz, br


def make_subset(source, chars, out):
    options = subset.Options()
    options.font_number = 0  # the .ttc's first face (WenQuanYi Micro Hei; the second is its monospaced twin)
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]  # keep the font's names and licence (Apache 2.0 / GPLv3 with font exception)
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps (fontTools would drop it with a warning)
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    subset.save_font(font, out, options)


def cmd_chars(folder):
    chars = set()
    for tag, path in catalogs(folder).items():
        for t in texts(tag, path).values():
            chars |= drawn(t)
    print(",".join("U+%04X" % ord(c) for c in sorted(chars)))
    return 0


def cmd_subset(folder, latin, out, source):
    have = cmap(latin)
    if not have:
        print("glyph_check: the Latin font %s cannot be read" % latin, file=sys.stderr)
        return 1
    if not os.path.exists(source):
        print("glyph_check: %s is missing: install Debian's fonts-wqy-microhei" % source, file=sys.stderr)
        return 1
    cats = catalogs(folder)
    os.makedirs(out, exist_ok=True)
    names = set()
    for t in texts("en", cats["en"]).items():
        if t[0].startswith("lang."):
            names |= drawn(t[1])
    wanted = {NAMES_FONT: {c for c in names if ord(c) not in have}}
    for tag, font in SCRIPT_FONTS.items():
        if tag in cats:
            chars = set()
            for t in texts(tag, cats[tag]).values():
                chars |= drawn(t)
            wanted[font] = {c for c in chars if ord(c) not in have}
    src = cmap(source)
    status = 0
    for font, chars in wanted.items():
        missing = sorted(c for c in chars if ord(c) not in src)
        if missing:
            print("glyph_check: %s lacks %s" % (os.path.basename(source), " ".join("%s (U+%04X)" % (c, ord(c)) for c in missing)),
                  file=sys.stderr)
            status = 1
        path = os.path.join(out, font)
        make_subset(source, chars - set(missing), path)
        raw, gz, br = sizes(path)
        print("font: %s: %d characters, %d bytes, gzip -9 %d, brotli -11 %s (subset of %s)" %
              (path, len(chars), raw, gz, br, os.path.basename(source)))
    return status


def cmd_check(folder, latin, fonts):
    base = cmap(latin)
    if not base:
        print("not ok - the Latin font %s cannot be read\n0 passed, 1 failed" % latin)
        return 1
    names_font = os.path.join(fonts, NAMES_FONT)
    base |= cmap(names_font)
    passed = failed = 0
    for f in [NAMES_FONT] + sorted(set(SCRIPT_FONTS.values())):
        if not os.path.exists(os.path.join(fonts, f)):
            failed += 1
            print("not ok - %s is missing (build-wasm.sh ensure_cjk_font, or glyph_check.py subset, makes it)" %
                  os.path.join(fonts, f))
    for tag, path in catalogs(folder).items():
        shipped = set(base)
        font_list = [os.path.basename(latin), NAMES_FONT]
        if tag in SCRIPT_FONTS:
            shipped |= cmap(os.path.join(fonts, SCRIPT_FONTS[tag]))
            font_list.append(SCRIPT_FONTS[tag])
        missing = {}
        for key, text in texts(tag, path).items():
            for c in drawn(text):
                if ord(c) not in shipped:
                    missing.setdefault(c, key)
        if missing:
            failed += 1
            shown = sorted(missing)[:12]
            print("not ok - %s: %d characters not in its fonts (%s): %s%s" % (
                tag, len(missing), " + ".join(font_list),
                ", ".join("%s U+%04X (%s)" % (c, ord(c), missing[c]) for c in shown),
                " …" if len(missing) > len(shown) else ""))
        else:
            passed += 1
            print("ok - %s: every character of %s is in %s" % (tag, os.path.basename(path), " + ".join(font_list)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def main(argv):
    if not argv or argv[0] not in ("chars", "subset", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[0], argv[1:]
    opts = {"--latin": None, "--out": None, "--fonts": None, "--source": WQY}
    make = False
    folder = None
    k = 0
    while k < len(args):
        a = args[k]
        if a in opts and k + 1 < len(args):
            opts[a] = args[k + 1]
            k += 2
        elif a == "--make":
            make = True
            k += 1
        elif not a.startswith("-") and folder is None:
            folder = a
            k += 1
        else:
            print("glyph_check: unknown argument %r (see --help)" % a, file=sys.stderr)
            return 2
    if folder is None or not os.path.exists(os.path.join(folder, "en.po")):
        print("glyph_check: give the catalogs' folder (it holds en.po)", file=sys.stderr)
        return 2
    if cmd == "chars":
        return cmd_chars(folder)
    if cmd == "subset":
        if not opts["--latin"] or not opts["--out"]:
            print("glyph_check: subset needs --latin FONT and --out DIR", file=sys.stderr)
            return 2
        return cmd_subset(folder, opts["--latin"], opts["--out"], opts["--source"])
    if not opts["--latin"] or not opts["--fonts"]:
        print("glyph_check: check needs --latin FONT and --fonts DIR", file=sys.stderr)
        return 2
    if make and cmd_subset(folder, opts["--latin"], opts["--fonts"], opts["--source"]):
        print("not ok - the CJK fonts could not be made\n0 passed, 1 failed")
        return 1
    return cmd_check(folder, opts["--latin"], opts["--fonts"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
