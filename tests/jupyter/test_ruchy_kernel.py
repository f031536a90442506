"""jupyter_kernel_test conformance for the Ruchy and MeTTa kernels.

Run through run-kernel-tests.sh, which installs the kernelspecs into a temporary JUPYTER_PATH.
Use Debian's /usr/bin/python3 (python3-jupyter-kernel-test); a pyenv python cannot import it.
"""
import unittest

import jupyter_kernel_test


class RuchyKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "ruchy"
    language_name = "ruchy"
    file_extension = ".ruchy"

    code_hello_world = 'println("hello, world")'
    code_stderr = 'eprintln("error")'

    # TODO(NotebookSession.Complete): the session returns no completions yet; add samples such as
    # {"text": "prin", "matches": {"println", "print"}} once it does.
    completion_samples = []

    # TODO(NotebookSession.IsComplete): still a stub answering "complete" for everything; add e.g.
    # complete ["1 + 1"], incomplete ["fun f() {"], invalid ["1 +)"] once it parses.
    complete_code_samples = []
    incomplete_code_samples = []
    invalid_code_samples = []

    code_generate_error = "undefined_thing + 1"

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "6 * 7", "result": "42"},
    ]

    # Glob over this kernel's own history: matches "1 + 1" executed by test_execute_result/test_history.
    code_history_pattern = "1 ?*"
    supported_history_operations = ("tail", "range", "search")

    # TODO(NotebookSession.Inspect): returns NotFound for now; set e.g. "println" once it knows builtins.
    code_inspect_sample = ""

    # No Ruchy builtin makes a display (plots, tables) yet, so code_display_data stays unset.


class MettaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "metta"
    language_name = "metta"
    file_extension = ".metta"

    code_hello_world = '!(println! "hello, world")'

    # MeTTa has no stderr output of its own: asserts fail as errors, and the session does not
    # forward the runtime's stderr; code_stderr stays unset.

    # TODO(NotebookSession.Complete / IsComplete / Inspect): same stubs as for Ruchy.
    completion_samples = []
    complete_code_samples = []
    incomplete_code_samples = []
    invalid_code_samples = []
    code_inspect_sample = ""

    code_generate_error = "(foo"

    code_execute_result = [
        {"code": "!(+ 1 1)", "result": "[2]"},
    ]

    code_history_pattern = "!(+*"
    supported_history_operations = ("tail", "range", "search")


if __name__ == "__main__":
    unittest.main()
