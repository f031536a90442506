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

    completion_samples = [
        {"text": "prin", "matches": {"print", "println"}},
        {"text": "%time", "matches": {"timeit"}},
    ]

    complete_code_samples = ["1 + 1", "fn f() { 1 }", "%engine register"]
    incomplete_code_samples = ["fn f() {", "let v = [1,", "let s = \"abc"]
    invalid_code_samples = ["1 +)", "let x = 1; )"]

    code_generate_error = "undefined_thing + 1"

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "6 * 7", "result": "42"},
    ]

    # Glob over this kernel's own history: matches "1 + 1" executed by test_execute_result/test_history.
    code_history_pattern = "1 ?*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "println"

    # %display shows a value as display_data in the middle of a cell (vectors of structs also as HTML).
    code_display_data = [
        {"code": "%display [1, 2, 3]", "mime": "text/plain"},
        {"code": "%display [[1, 2], [3, 4]]", "mime": "text/html"},
    ]


class MettaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "metta"
    language_name = "metta"
    file_extension = ".metta"

    code_hello_world = '!(println! "hello, world")'

    # trace! writes its message to stderr and returns its second argument.
    code_stderr = '!(trace! "error" 1)'

    completion_samples = [{"text": "!(superp", "matches": {"superpose"}}]
    complete_code_samples = ["!(+ 1 1)", "(= (f) 1)"]
    incomplete_code_samples = ["!(+ 1", "(= (f)\n"]
    invalid_code_samples = ["!(+ 1 1))"]
    code_inspect_sample = "superpose"

    code_generate_error = "(foo"

    code_execute_result = [
        {"code": "!(+ 1 1)", "result": "[2]"},
    ]

    code_display_data = [{"code": "%display !(+ 2 3)", "mime": "text/plain"}]

    code_history_pattern = "!(+*"
    supported_history_operations = ("tail", "range", "search")


if __name__ == "__main__":
    unittest.main()
