"""Where output goes, whatever the user points it at: each case is the report written,
or one line saying why not, and nothing the target was replaced or destroyed.

Devices are never the machine's own: a null or full device is made in the test's
directory (as root), so a return of the bug that replaced ``/dev/null`` with a file
cannot touch the real one.
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from shellcount.cli.output import write_output

MiB = 2**20


def _chunks(count: int, size: int) -> Iterator[str]:
    for index in range(count):
        yield chr(ord("a") + index % 26) * (size - 1) + "\n"


def test_chunks_are_written_whole_to_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_output(iter(["a,b\n", "é,1\n", "", "z,2\n"]), target)
    assert target.read_bytes() == "a,b\né,1\nz,2\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_chunks_stream_to_the_file_without_being_joined(tmp_path: Path) -> None:
    # 48 chunks of 1 MiB: joined, the text alone would peak past 48 MiB.
    target = tmp_path / "out.csv"
    tracemalloc.start()
    try:
        write_output(_chunks(48, MiB), target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert target.stat().st_size == 48 * MiB
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_chunks_stream_to_stdout_as_they_come(monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = io.StringIO()
    monkeypatch.setattr("sys.stdout", stdout)
    seen_before_second: list[str] = []

    def rows() -> Iterator[str]:
        yield "first\n"
        seen_before_second.append(stdout.getvalue())
        yield "second\n"

    write_output(rows(), None)
    assert (seen_before_second, stdout.getvalue()) == (["first\n"], "first\nsecond\n")


class _Refused(Exception):
    pass


@pytest.mark.parametrize("existing", [True, False], ids=["over-a-file", "new-file"])
def test_chunks_that_fail_half_way_leave_the_old_file(tmp_path: Path, existing: bool) -> None:
    target = tmp_path / "out.csv"
    if existing:
        target.write_text("the previous run's output\n", encoding="utf-8")

    def rows() -> Iterator[str]:
        yield "half of the new\n"
        raise _Refused

    with pytest.raises(_Refused):
        write_output(rows(), target)
    if existing:
        assert target.read_text(encoding="utf-8") == "the previous run's output\n"
    assert [p.name for p in tmp_path.iterdir()] == (["out.csv"] if existing else [])
