"""Executes a small generated notebook on each kernel with nbclient (as nbconvert --execute and
papermill do) and checks the outputs. Run by run-kernel-tests.sh with the kernelspecs on JUPYTER_PATH."""
import sys

import nbclient
import nbformat
from nbformat.v4 import new_code_cell, new_notebook

CASES = {
    "ruchy": [
        ('println("hello from nbclient")', "stream", "hello from nbclient\n"),
        ("1 + 1", "execute_result", "2"),
    ],
    "metta": [
        ("!(+ 1 2)", "execute_result", "[3]"),
    ],
}


def check(kernel, cases):
    nb = new_notebook()
    nb.cells = [new_code_cell(code) for code, _, _ in cases]
    nbclient.NotebookClient(nb, kernel_name=kernel, timeout=60, startup_timeout=60).execute()
    problems = []
    for cell, (code, kind, text) in zip(nb.cells, cases):
        outputs = cell.get("outputs", [])
        found = False
        for out in outputs:
            if out["output_type"] != kind:
                continue
            value = out["text"] if kind == "stream" else out["data"].get("text/plain")
            found = found or value == text
        if not found:
            problems.append(f"{kernel}: cell {code!r}: expected {kind} {text!r}, got {outputs!r}")
        if cell.get("execution_count") is None:
            problems.append(f"{kernel}: cell {code!r} has no execution_count")
    return problems


def main():
    problems = []
    cells = 0
    for kernel, cases in CASES.items():
        problems += check(kernel, cases)
        cells += len(cases)
    for p in problems:
        print("nbclient: " + p)
    if problems:
        print(f"nbclient: FAILED ({len(problems)} of {cells} cells)")
    else:
        print(f"nbclient: {cells} cells ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
