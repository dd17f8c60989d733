#!/usr/bin/env python3
"""unity_names.py [--solo FILE,...] TARGET=FILE,FILE,... ...: no two files of a unity-built library define a free
function of the same name.

CMakeLists.txt compiles some libraries 8 files at a time as one translation unit (bnlab_unity, UNITY_BUILD). Two
files that each define a function of their own with the same name (in an anonymous namespace, static, or simply not
declared in a header) then meet in one unit: with the same parameters the build stops (redefinition), with other
parameters the two become overloads of each other and a call may quietly go to the other file's function. This check
lists the free functions (not members) each file defines and fails for a name that two files of one library define.
A file in --solo (CMakeLists.txt's BNLAB_UNITY_SOLO) is compiled alone and is not compared.

The reading is textual (comments, strings and preprocessor lines removed; namespace-scope definitions found by their
braces), enough for this code base's style. Prints "ok - ..." / "not ok - ..." per library, one check that a made-up
pair is found, and "N passed, N failed" last; exits 1 if anything failed. ctest runs it as `unity-names`.
"""
import collections
import os
import re
import sys
import tempfile


def strip(text):
    """The code without comments, string and character literals, and preprocessor lines."""
    text = re.sub(r'R"(\w*)\(.*?\)\1"', '""', text, flags=re.S)
    text = re.sub(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
                  lambda m: '""' if m.group(0)[0] in "\"'" else " ", text, flags=re.S)
    return re.sub(r"^\s*#.*$", "", text, flags=re.M)


NAMESPACE = re.compile(r"(?:inline\s+)?namespace(?:\s+[\w:]+)?|extern\s*\"\"")
TYPE_HEAD = re.compile(r"(?:template\s*<.*>\s*)?(?:struct|class|enum|union)\b")
FUNCTION_HEAD = re.compile(r"(?:template\s*<.*?>\s*)?[\w:<>,\s*&]*?[\s*&>](\w+)\s*\(.*\)\s*(?:const\s*)?(?:noexcept\s*)?"
                           r"(?:->.*)?$")


def free_functions(path):
    """{name: its definition's head} for the functions FILE defines at namespace scope (members left out)."""
    with open(path, encoding="utf-8") as f:
        text = strip(f.read())
    names = {}
    scopes = []  # "ns" for a namespace, "other" for a function, type or initializer body
    head = ""
    for c in text:
        if c == "{":
            s = " ".join(head.split())
            if NAMESPACE.fullmatch(s):
                scopes.append("ns")
            else:
                m = FUNCTION_HEAD.match(s)
                if all(k == "ns" for k in scopes) and m and not TYPE_HEAD.match(s):  # a member's name follows "::"
                    names.setdefault(m.group(1), s[:120])
                scopes.append("other")
            head = ""
        elif c == "}":
            if scopes:
                scopes.pop()
            head = ""
        elif c == ";":
            head = ""
        else:
            head += c
    return names


def clashes(files):
    """[(name, [(file, head), ...])] for the names two or more of FILES define."""
    where = collections.defaultdict(list)
    for path in files:
        for name, head in free_functions(path).items():
            where[name].append((path, head))
    return sorted((name, defs) for name, defs in where.items() if len(defs) > 1)


def main(argv):
    solo, groups = set(), []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--solo" and args:
            solo |= {os.path.realpath(p) for p in args.pop(0).split(",") if p}
        elif "=" in arg:
            target, files = arg.split("=", 1)
            groups.append((target, [p for p in files.split(",") if p]))
        else:
            print(__doc__.strip().splitlines()[0], file=sys.stderr)
            return 2
    passed = failed = 0

    def report(ok, text, detail=""):
        nonlocal passed, failed
        print(("ok - " if ok else "not ok - ") + text + (f"\n{detail}" if detail and not ok else ""))
        passed, failed = passed + ok, failed + (not ok)

    for target, files in groups:
        unity = [p for p in files if p.endswith(".cpp") and os.path.realpath(p) not in solo]
        found = clashes(unity)
        report(not found, f"{target}: {len(unity)} files in its unity build, no function name defined in two of them",
               "\n".join(f"    {name}: " + "; ".join(f"{os.path.relpath(p)}: {h}" for p, h in defs)
                         for name, defs in found))
    # The check itself: a made-up library whose two files both define Half() (other parameters) is caught, and a
    # member function of the same name is not taken for one.
    with tempfile.TemporaryDirectory() as tmp:
        made = {"a.cpp": "namespace bn {\nnamespace {\ndouble Half(double v) { return v / 2; }  // {\n}\n}\n",
                "b.cpp": 'namespace bn {\nstatic float Half(float v) { const char* s = "}"; return v / 2; }\n}\n',
                "c.cpp": "namespace bn {\ndouble Box::Half(double v) const { return v; }\nstruct S { int Half(int v) { return v; } };\n}\n"}
        for name, text in made.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        found = clashes([os.path.join(tmp, n) for n in sorted(made)])
        names = [(name, sorted(os.path.basename(p) for p, _ in defs)) for name, defs in found]
        report(names == [("Half", ["a.cpp", "b.cpp"])], "the check finds Half() defined in two files of a made-up library "
               "(and not the member functions of that name)", f"    found {names}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
