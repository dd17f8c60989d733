#!/usr/bin/python3
# run_notebooks.py NOTEBOOK...: executes every exported notebook top to bottom with Debian's nbclient and
# ipykernel, in ONE kernel (starting Python and importing torch once takes seconds; each notebook starts with
# %reset -f, so it sees none of the previous one's names). Prints "ok - NAME (K cells, T s)" or
# "not ok - NAME: the failing cell and its error" per notebook and "N passed, N failed" last; exit 1 if any failed.
import os
import sys
import time

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

files = sys.argv[1:]
passed = failed = 0
start = time.time()
client = NotebookClient(nbformat.v4.new_notebook(), timeout=120, kernel_name="python3")
with client.setup_kernel():
    for path in files:
        name = os.path.basename(path)
        t0 = time.time()
        try:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            cells = len(nb.cells)
            codes = sum(c.cell_type == "code" for c in nb.cells)
            asserts = sum(c.source.count("assert_allclose") for c in nb.cells if c.cell_type == "code")
            # A fresh namespace first (the kernel is shared), as its own cell so that the notebook's stay as they are.
            nb.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
            client.nb = nb
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
            if asserts == 0:
                raise AssertionError("no assertion in the notebook")
            print(f"ok - {name} ({cells} cells, {codes} code cells, {asserts} assertions, "
                  f"{time.time() - t0:.2f} s)")
            passed += 1
        except (CellExecutionError, Exception) as e:  # noqa: BLE001 - every failure is a failed notebook
            text = str(e).strip().splitlines()
            print(f"not ok - {name}: " + "\n    ".join(text[-12:]))
            failed += 1
print(f"# {len(files)} notebooks in one kernel, {time.time() - start:.1f} s")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
