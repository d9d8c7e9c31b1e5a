"""Run one command and report its own CPU time and peak memory (used by ``matrix.py``).

A child forked from a large process starts with that process's high-water mark of
resident memory: Linux carries it over at ``exec`` into ``ru_maxrss``. The bench holds
generated claims files in memory, so a command it forks directly would be reported at
the bench's peak at least. This launcher is a fresh, small interpreter; the command it
forks inherits only the launcher's few megabytes. Usage::

    python launch.py RESULT_FILE COMMAND [ARG...]

stdout goes to the command; RESULT_FILE receives ``exit_code cpu_seconds peak_kib``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def main() -> None:
    result_file, *argv = sys.argv[1:]
    child = subprocess.Popen(argv, stderr=subprocess.DEVNULL)

    def stop(signum: int, frame: object) -> None:
        child.kill()

    # The bench stops a run past its limit by terminating the launcher.
    signal.signal(signal.SIGTERM, stop)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    with open(result_file, "w", encoding="ascii") as out:
        cpu = usage.ru_utime + usage.ru_stime
        out.write(f"{child.returncode} {cpu!r} {usage.ru_maxrss}\n")


if __name__ == "__main__":
    main()
