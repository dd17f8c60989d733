#!/usr/bin/env python3
"""layers.py [--root REPO] [--self-test]: bnlab's layering rule, checked over REPO/src (REPO: this script's repository).

The rule (README "Layout of the code", DEVELOPERS.md "Layers above the core"):
  app -> ui -> state -> core, with gfx (GL helpers) below ui; tools use the core only. A folder may use any folder
  below it, never one above or beside it.
  Inside the core, a folder uses only the core folders its CMake library links: bnlab_core_library(core_NAME NAME
  DEPS...) in REPO/CMakeLists.txt, followed through the DEPS' own DEPS (PUBLIC links); core/base is under all of them.
  core/* and state include no ImGui, GL, GLFW or Emscripten header.
Folders are src/core/NAME and src/NAME. An include is found relative to its file's folder, then to src/; headers
from elsewhere (the standard library, Eigen, generated headers) are not folders of src/ and are not looked at.

Prints the folder graph, then "ok - ..." / "not ok - ..." per folder (with each include that breaks the rule, as
FILE:LINE) and for loops between folders, then "N passed, N failed"; exits 1 if anything failed.
--self-test: writes small trees that break the rule into a temporary folder and checks that each is caught (and that
a clean one passes). ctest runs both: `layers` and `layers-self-test` (tests/CMakeLists.txt).
"""
import os
import re
import subprocess
import sys
import tempfile

# What each folder above the core may use ("core": any core folder).
RULE = {
    "app": {"ui", "gfx", "state", "core"},
    "ui": {"gfx", "state", "core"},
    "gfx": {"core"},
    "state": {"core"},
    "tools": {"core"},
}
PURE = re.compile(r"^(imgui|GLFW/|GL/|GLES\d?/|emscripten)")  # headers core/* and state never include
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')
SOURCE = (".cpp", ".hpp", ".h", ".cc", ".inc")


def core_rule(cmake_text):
    """{"core/NAME": set of core folders it may use} from the bnlab_core_library(...) calls, transitively."""
    names = {"core_base": "core/base"}
    direct = {"core/base": set()}
    for name, folder, deps in re.findall(r"bnlab_core_library\(\s*(\w+)\s+(\w+)([^)]*)\)", cmake_text):
        names[name] = "core/" + folder
        direct["core/" + folder] = {"core_base"} | set(deps.split())
    for folder in direct:
        direct[folder] = {names[d] for d in direct[folder] if d in names}
    allowed = {}
    for folder in direct:
        seen, todo = set(), list(direct[folder])
        while todo:
            f = todo.pop()
            if f not in seen:
                seen.add(f)
                todo.extend(direct.get(f, ()))
        allowed[folder] = seen - {folder}
    return allowed


def folder_of(src, path):
    parts = os.path.relpath(path, src).split(os.sep)[:-1]
    if not parts:
        return "."
    return "/".join(parts[:2]) if parts[0] == "core" else parts[0]


def check(repo):
    """Runs the check over repo; returns (lines to print, passed, failed)."""
    src = os.path.realpath(os.path.join(repo, "src"))
    cmake = os.path.join(repo, "CMakeLists.txt")
    core_allowed = core_rule(open(cmake, encoding="utf-8").read()) if os.path.exists(cmake) else {}
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith(SOURCE))
    folders = sorted({folder_of(src, f) for f in files})
    edges, breaks = {}, {u: [] for u in folders}
    for path in files:
        here = folder_of(src, path)
        for number, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            header, where = m.group(1), f"{os.path.relpath(path, os.path.dirname(src))}:{number}"
            if (here.startswith("core/") or here == "state") and PURE.match(header):
                breaks[here].append(f"{where} includes <{header}> (no ImGui, GL, GLFW or Emscripten in {here})")
            target = next((t for t in (os.path.join(os.path.dirname(path), header), os.path.join(src, header))
                           if os.path.isfile(t)), None)
            if target is None or not os.path.realpath(target).startswith(src + os.sep):
                continue
            there = folder_of(src, os.path.realpath(target))
            if there == here:
                continue
            edges.setdefault(here, set()).add(there)
            if here.startswith("core/"):
                ok = there in core_allowed.get(here, set())
            elif here in RULE:
                ok = there in RULE[here] or (there.startswith("core/") and "core" in RULE[here])
            else:
                ok = True  # the folder itself is reported below
            if not ok:
                breaks[here].append(f"{where} includes {header} ({here} -> {there} is not a downward arrow)")

    out = [f"{u:16} -> {', '.join(sorted(edges.get(u, ()))) or '(nothing)'}" for u in folders]
    passed = failed = 0

    def report(ok, text, details=()):
        nonlocal passed, failed
        out.append(("ok - " if ok else "not ok - ") + text)
        out.extend("    " + d for d in details)
        passed, failed = passed + ok, failed + (not ok)

    for u in folders:
        if u.startswith("core/"):
            if u not in core_allowed:
                report(False, f"{u}: no bnlab_core_library(core_... {u[5:]} ...) in CMakeLists.txt declares what it uses")
                continue
            rule = ", ".join(sorted(core_allowed[u])) or "nothing"
        elif u in RULE:
            rule = ", ".join(sorted(RULE[u]))
        else:
            report(False, f"src/{u}: a folder the layering rule does not place (scripts/layers.py RULE)")
            continue
        report(not breaks[u], f"{u} includes only what it may use ({rule})", breaks[u])

    loops, colour = [], {}

    def visit(u, stack):
        colour[u] = 1
        stack.append(u)
        for v in sorted(edges.get(u, ())):
            if colour.get(v) == 1:
                loops.append(" -> ".join(stack[stack.index(v):] + [v]))
            elif not colour.get(v):
                visit(v, stack)
        stack.pop()
        colour[u] = 2

    for u in folders:
        if not colour.get(u):
            visit(u, [])
    report(not loops, "no loop between folders", [f"loop: {c}" for c in loops])
    return out, passed, failed


# ---------------------------------------------------------------------------------------------
# --self-test: trees that break the rule, each checked by running this script on it
# ---------------------------------------------------------------------------------------------
CMAKE = """
bnlab_core_library(core_bn bn)
bnlab_core_library(core_io io core_bn)
bnlab_core_library(core_lab lab core_bn core_io)
"""
CLEAN = {
    "src/core/base/rng.hpp": "#pragma once\n",
    "src/core/bn/bn.hpp": '#include "core/base/rng.hpp"\n',
    "src/core/io/json.hpp": '#include "core/bn/bn.hpp"\n#include <string>\n',
    "src/core/lab/lab.cpp": '#include "core/io/json.hpp"\n#include "core/bn/bn.hpp"\n#include "lab.hpp"\n',
    "src/core/lab/lab.hpp": '#include "core/base/rng.hpp"\n',
    "src/state/state.cpp": '#include "core/lab/lab.hpp"\n',
    "src/gfx/gl.cpp": '#include <GL/gl.h>\n#include "core/io/json.hpp"\n',
    "src/ui/panel.cpp": '#include <imgui.h>\n#include "state/state.cpp"\n#include "gfx/gl.cpp"\n#include "widgets.hpp"\n',
    "src/ui/widgets.hpp": "#pragma once\n",
    "src/app/main.cpp": '#include "ui/widgets.hpp"\n#include "core/bn/bn.hpp"\n',
    "src/tools/tool.cpp": '#include "core/io/json.hpp"\n',
}
# name: (files added to or replacing the clean tree, CMake text or None for CMAKE, text the report must hold)
BAD = {
    "an upward include (core -> state)": ({"src/core/bn/bn.cpp": '#include "state/state.cpp"\n'}, None,
                                          "src/core/bn/bn.cpp:1 includes state/state.cpp"),
    "an upward include (state -> ui)": ({"src/state/more.cpp": '\n#include "ui/widgets.hpp"\n'}, None,
                                        "src/state/more.cpp:2 includes ui/widgets.hpp"),
    "gfx reaching up into state": ({"src/gfx/view.cpp": '#include "state/state.cpp"\n'}, None, "gfx -> state"),
    "a core folder using one its library does not link (bn -> io)":
        ({"src/core/bn/bn.cpp": '#include "core/io/json.hpp"\n'}, None, "core/bn -> core/io"),
    "the same, through a relative path": ({"src/core/bn/bn.cpp": '#include "../lab/lab.hpp"\n'}, None,
                                          "core/bn -> core/lab"),
    "GL in the core": ({"src/core/io/gl.cpp": "#include <GLFW/glfw3.h>\n"}, None, "includes <GLFW/glfw3.h>"),
    "ImGui in the state layer": ({"src/state/draw.cpp": "#include <imgui.h>\n"}, None, "includes <imgui.h>"),
    "a loop the CMake file allows": ({"src/core/bn/bn.cpp": '#include "core/io/json.hpp"\n'},
                                     CMAKE + "bnlab_core_library(core_bn bn core_io)\n",
                                     "loop: core/bn -> core/io -> core/bn"),
    "a folder the rule does not place": ({"src/widgets/w.cpp": "\n"}, None, "src/widgets: a folder"),
    "a core folder without its CMake library": ({"src/core/extra/x.cpp": "\n"}, None, "core/extra: no bnlab_core_library"),
}


def self_test():
    passed = failed = 0

    def run_on(files, cmake):
        with tempfile.TemporaryDirectory(prefix="bnlab-layers-") as repo:
            for name, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(repo, name)), exist_ok=True)
                with open(os.path.join(repo, name), "w", encoding="utf-8") as f:
                    f.write(text)
            with open(os.path.join(repo, "CMakeLists.txt"), "w", encoding="utf-8") as f:
                f.write(cmake)
            r = subprocess.run([sys.executable, os.path.abspath(__file__), "--root", repo], capture_output=True, text=True)
            return r.returncode, r.stdout

    def report(ok, text, output):
        nonlocal passed, failed
        print(("ok - " if ok else "not ok - ") + text)
        if not ok:
            print("\n".join("    " + line for line in output.splitlines()))
        passed, failed = passed + ok, failed + (not ok)

    code, output = run_on(CLEAN, CMAKE)
    last = output.strip().splitlines()[-1] if output.strip() else ""
    report(code == 0 and re.fullmatch(r"\d+ passed, 0 failed", last) is not None,
           "self-test: a tree that keeps the rule passes (exit 0, \"0 failed\" last)", output)
    for name, (files, cmake, want) in BAD.items():
        code, output = run_on({**CLEAN, **files}, cmake or CMAKE)
        last = output.strip().splitlines()[-1] if output.strip() else ""
        report(code == 1 and want in output and re.fullmatch(r"\d+ passed, [1-9]\d* failed", last) is not None,
               f"self-test: {name} fails the check and is named ({want!r})", output)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = list(argv)
    if "--self-test" in args:
        return self_test()
    if args[:1] == ["--root"] and len(args) == 2:
        repo = args[1]
    elif args:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    if not os.path.isdir(os.path.join(repo, "src")):
        print(f"not ok - {repo}/src is a folder to check\n0 passed, 1 failed")
        return 1
    out, passed, failed = check(repo)
    print("\n".join(out))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
