"""Polyglot's `#!connect jupyter` against the installed ruchy kernelspec, driven headlessly.

dotnet-interactive (a local tool, .config/dotnet-tools.json) runs in stdio mode; we send JSON command
envelopes, read event envelopes, and check that a C# kernel can add our Jupyter kernel and that Ruchy
cells run through it: a value, stdout, state across cells, an error. Needs JUPYTER_PATH to find the
ruchy kernelspec (run-kernel-tests.sh sets it). Prints "connect jupyter: N passed, N failed".
"""
import json
import os
import signal
import subprocess
import sys
import threading
import queue

TIMEOUT = 90


def main():
    # Its own process group: `dotnet tool run` starts the host as a child, and both (with the Jupyter
    # kernel the host launched) must go when the checks end.
    proc = subprocess.Popen(["dotnet", "tool", "run", "dotnet-interactive", "--", "stdio"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    events = queue.Queue()

    def reader():
        for line in proc.stdout:
            line = line.strip()
            if line.startswith("{"):
                try:
                    events.put(json.loads(line))
                except json.JSONDecodeError:
                    pass
        events.put(None)

    threading.Thread(target=reader, daemon=True).start()

    def submit(token, code, kernel):
        envelope = {"commandType": "SubmitCode", "command": {"code": code, "targetKernelName": kernel}, "token": token}
        proc.stdin.write(json.dumps(envelope) + "\n")
        proc.stdin.flush()
        seen = []
        while True:
            try:
                e = events.get(timeout=TIMEOUT)
            except queue.Empty:
                return seen, "timeout"
            if e is None:
                return seen, "dotnet-interactive exited"
            command = e.get("command") or {}
            if command.get("token") != token:
                continue
            seen.append(e)
            if e.get("eventType") in ("CommandSucceeded", "CommandFailed"):
                return seen, e["eventType"]

    def values(seen, event_type):
        out = []
        for e in seen:
            if e.get("eventType") == event_type:
                for fv in e["event"].get("formattedValues", []):
                    out.append(fv.get("value", ""))
        return out

    checks = []
    seen, end = submit("c1", "#!connect jupyter --kernel-name rj --kernel-spec ruchy", "csharp")
    checks.append(("#!connect jupyter adds the kernel", end == "CommandSucceeded", end))
    seen, end = submit("c2", "let x = 20;\nx * 2 + 2", "rj")
    checks.append(("value of the last expression", end == "CommandSucceeded" and "42" in values(seen, "ReturnValueProduced"), values(seen, "ReturnValueProduced")))
    seen, end = submit("c3", 'println("hello, {}", x)', "rj")
    out = "".join(values(seen, "StandardOutputValueProduced"))
    checks.append(("stdout and state across cells", end == "CommandSucceeded" and "hello, 20" in out, out))
    seen, end = submit("c4", "undefined_thing + 1", "rj")
    checks.append(("an error fails the cell", end == "CommandFailed", end))

    try:
        proc.stdin.write(json.dumps({"commandType": "Quit", "command": {}, "token": "quit"}) + "\n")
        proc.stdin.flush()
        proc.stdin.close()
        proc.wait(timeout=20)
    except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
        pass
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    passed = sum(1 for _, ok, _ in checks if ok)
    for name, ok, detail in checks:
        print(f"connect jupyter: {'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f" ({detail})"))
    print(f"connect jupyter: {passed} passed, {len(checks) - passed} failed")
    return 0 if passed == len(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
