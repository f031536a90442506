"""Executes the notebooks under notebooks/ with nbclient, each on the kernel named in its metadata.

Run by run-kernel-tests.sh with the kernelspecs on a temporary JUPYTER_PATH; by hand:

    JUPYTER_PATH=DIR/share/jupyter /usr/bin/python3 tests/jupyter/run-notebooks.py [--out DIR] [NOTEBOOK ...]

A notebook fails when a cell produces an error output (cells tagged "raises-exception" must produce
one instead), when a code cell was not executed, when the kernel cannot start or a cell times out, or
when the stored notebook carries outputs (notebooks are committed without outputs; CI executes them).
Each cell runs with the notebook's directory as the kernel's working directory, as in Jupyter.
Executed copies go to --out (default artifacts/notebooks at the repository root, not committed).
Last line: "notebooks: N passed, N failed"; exit 1 on any failure.
"""
import argparse
import glob
import os
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

try:
    import nbclient
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
except ImportError as e:  # Debian: apt-get install python3-nbclient; run with /usr/bin/python3
    print(f"notebooks: skipped: {sys.executable} cannot import nbclient/nbformat ({e})")
    sys.exit(0)


def stored_outputs(nb):
    """Code cells of the committed notebook that carry outputs or an execution count."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def first_line(text, limit=200):
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[:limit] + "…"


def check(nb):
    """Problems in an executed notebook: error outputs, unexpected successes, cells that did not run."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        expects_error = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        where = f"cell {i} ({first_line(cell.source, 60)!r})"
        if cell.get("execution_count") is None:
            problems.append(f"{where} was not executed")
        elif errors and not expects_error:
            for e in errors:
                problems.append(f"{where}: {e.get('ename')}: {first_line(e.get('evalue', ''))}")
        elif expects_error and not errors:
            problems.append(f"{where} is tagged raises-exception but produced no error")
    return problems


def run(path, out_dir, timeout, startup_timeout):
    nb = nbformat.read(path, as_version=4)
    name = os.path.basename(path)
    problems = []
    dirty = stored_outputs(nb)
    if dirty:
        problems.append(f"stored with outputs in cells {dirty}: clear them before committing "
                        "(jupyter nbconvert --clear-output --inplace)")
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if not kernel:
        return problems + ["no kernelspec in the notebook metadata"], 0.0, 0
    client = nbclient.NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        startup_timeout=startup_timeout,
        allow_errors=True,  # run every cell and report every error, then fail below
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    start = time.monotonic()
    try:
        client.execute()
    except CellTimeoutError as e:
        problems.append(f"a cell timed out after {timeout} s: {first_line(str(e))}")
    except DeadKernelError as e:
        problems.append(f"the {kernel} kernel died: {first_line(str(e))}")
    except Exception as e:  # NoSuchKernel, startup timeout, …
        problems.append(f"could not execute on kernel {kernel!r}: {type(e).__name__}: {first_line(str(e))}")
    elapsed = time.monotonic() - start
    problems += check(nb)
    os.makedirs(out_dir, exist_ok=True)
    nbformat.write(nb, os.path.join(out_dir, name))
    return problems, elapsed, len(nb.cells)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--out", default=os.path.join(ROOT, "artifacts", "notebooks"),
                        help="directory for the executed copies (default: artifacts/notebooks)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--startup-timeout", type=int, default=120, help="seconds for a kernel to start (default 120)")
    args = parser.parse_args()

    paths = args.notebooks or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if not paths:
        print("notebooks: no notebooks found")
        print("notebooks: 0 passed, 0 failed")
        return 1
    passed = failed = 0
    for path in paths:
        problems, elapsed, cells = run(path, args.out, args.timeout, args.startup_timeout)
        name = os.path.relpath(os.path.abspath(path), ROOT)
        if problems:
            failed += 1
            print(f"notebooks: FAIL {name} ({cells} cells, {elapsed:.1f} s)")
            for p in problems:
                print(f"notebooks:   {p}")
        else:
            passed += 1
            print(f"notebooks: ok {name} ({cells} cells, {elapsed:.1f} s)")
        sys.stdout.flush()
    print(f"notebooks: executed copies in {args.out}")
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
