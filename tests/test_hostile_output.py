"""Where output goes, whatever the user points it at: each case is the report written,
or one line saying why not, and nothing the target was replaced or destroyed.

Devices are never the machine's own: a null or full device is made in the test's
directory (as root), so a return of the bug that replaced ``/dev/null`` with a file
cannot touch the real one.
"""

from __future__ import annotations

import io
import os
import signal
import stat
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Shell
from shellcount.cli.output import write_output
from shellcount.cli.running import console_script
from shellcount.errors import OutputError
from shellcount.ledger.loader import packaged_claims_path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "shellcount"

MiB = 2**20


def _chunks(count: int, size: int) -> Iterator[str]:
    for index in range(count):
        yield chr(ord("a") + index % 26) * (size - 1) + "\n"


def test_chunks_are_written_whole_to_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_output(iter(["a,b\n", "é,1\n", "", "z,2\n"]), target)
    assert target.read_bytes() == "a,b\né,1\nz,2\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_bytes_are_written_as_they_are(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    write_output(b"\x89PNG\r\n\x1a\n\x00\xff", target)
    assert target.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\xff"


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


# -- targets that are not plain files ------------------------------------------------------

ROOT = os.geteuid() == 0


def _device(tmp_path: Path, name: str, kind: int, major: int, minor: int) -> Path:
    """A device node made here, never the machine's own (root only)."""
    if not ROOT:
        pytest.skip("making a device node needs root")
    path = tmp_path / name
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except OSError as error:
        pytest.skip(f"cannot make a device node here: {error.strerror}")
    return path


def _csv(shellcount: Shell) -> str:
    return shellcount("sources", "-f", "csv").stdout


def test_a_null_device_is_written_to_not_replaced(shellcount: Shell, tmp_path: Path) -> None:
    null = _device(tmp_path, "null", stat.S_IFCHR, 1, 3)
    result = shellcount("sources", "-f", "csv", "-o", str(null))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), result.output
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert os.listdir(tmp_path) == ["null"]


def test_a_full_device_is_one_line_and_stays_a_device(shellcount: Shell, tmp_path: Path) -> None:
    full = _device(tmp_path, "full", stat.S_IFCHR, 1, 7)
    result = shellcount("sources", "-f", "csv", "-o", str(full))
    assert (result.exit_code, result.stderr) == (1, f"error: {full}: no space left on device\n")
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert os.listdir(tmp_path) == ["full"]


def test_a_block_device_is_refused_and_left_alone(shellcount: Shell, tmp_path: Path) -> None:
    block = _device(tmp_path, "disk", stat.S_IFBLK, 7, 0)
    result = shellcount("sources", "-f", "csv", "-o", str(block))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {block}: is not a regular file, a character device or a FIFO; "
        "refusing to replace it\n",
    )
    assert stat.S_ISBLK(block.lstat().st_mode)


def test_a_socket_is_refused_and_left_alone(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as listening:
        try:
            listening.bind(str(path))
        except OSError as error:
            pytest.skip(f"cannot bind a socket here: {error.strerror}")
        with pytest.raises(OutputError) as refused:
            write_output("text\n", path)
    assert str(refused.value) == (
        f"{path}: is not a regular file, a character device or a FIFO; refusing to replace it"
    )
    assert stat.S_ISSOCK(path.lstat().st_mode)


def test_a_fifo_is_written_to_its_reader(shellcount: Shell, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = shellcount("sources", "-f", "csv", "-o", str(fifo))
    reader.join(timeout=30)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]
    plain = tmp_path / "plain.csv"
    shellcount("sources", "-o", str(plain))
    assert received == [plain.read_bytes()]


def test_a_symlink_is_followed_and_its_target_replaced(shellcount: Shell, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "sources.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = shellcount("sources", "-o", str(link))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == _csv(shellcount)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert (sorted(os.listdir(tmp_path)), os.listdir(elsewhere)) == (
        ["elsewhere", "link.csv"],
        ["sources.csv"],
    )


def test_a_dangling_symlink_creates_its_target(shellcount: Shell, tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    result = shellcount("sources", "-o", str(link))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert (link.is_symlink(), (tmp_path / "made.csv").read_text(encoding="utf-8")) == (
        True,
        _csv(shellcount),
    )


def test_a_chain_of_links_to_the_claims_file_is_refused(shellcount: Shell, tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    original = packaged_claims_path().read_text(encoding="utf-8")
    claims.write_text(original, encoding="utf-8")
    (tmp_path / "first.csv").symlink_to(claims)
    (tmp_path / "second.csv").symlink_to(tmp_path / "first.csv")
    result = shellcount("sources", "--claims", str(claims), "-o", str(tmp_path / "second.csv"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {tmp_path / 'second.csv'}: refusing to overwrite the claims file being read\n",
    )
    assert claims.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("how", ["itself", "symlink"])
def test_the_reference_file_is_never_overwritten(
    shellcount: Shell, tmp_path: Path, how: str
) -> None:
    reference = tmp_path / "reference.yaml"
    original = (PACKAGE / "data" / "reference.yaml").read_text(encoding="utf-8")
    reference.write_text(original, encoding="utf-8")
    target = reference
    if how == "symlink":
        target = tmp_path / "report.csv"
        target.symlink_to(reference)
    result = shellcount(
        "derive", "-c", "152", "--reference", str(reference), "-f", "csv", "-o", str(target)
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {target}: refusing to overwrite the reference file being read\n",
    )
    assert reference.read_text(encoding="utf-8") == original


def test_a_read_only_file_is_refused_not_replaced(shellcount: Shell, tmp_path: Path) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("kept\n", encoding="utf-8")
    target.chmod(0o444)
    result = shellcount("sources", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {target}: is read-only; refusing to replace it\n",
    )
    assert (target.read_text(encoding="utf-8"), os.listdir(tmp_path)) == ("kept\n", ["kept.csv"])


def test_a_parent_that_is_a_file_is_one_line(shellcount: Shell, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    target = tmp_path / "afile" / "deeper" / "out.csv"
    result = shellcount("sources", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {target}: {str(tmp_path / 'afile')!r} is a file, not a directory\n",
    )


def test_a_name_too_long_is_one_line(shellcount: Shell, tmp_path: Path) -> None:
    target = tmp_path / ("n" * 300 + ".csv")
    result = shellcount("sources", "-o", str(target))
    assert (result.exit_code, result.stderr) == (1, f"error: {target}: file name too long\n")
    assert os.listdir(tmp_path) == []


def test_a_name_near_the_limit_still_gets_its_temporary_file(
    shellcount: Shell, tmp_path: Path
) -> None:
    target = tmp_path / ("n" * 251 + ".csv")  # 255 bytes, the usual limit
    result = shellcount("sources", "-o", str(target))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert target.read_text(encoding="utf-8") == _csv(shellcount)


def test_a_name_that_is_not_utf8_is_written(shellcount: Shell, tmp_path: Path) -> None:
    # What Python makes of the argument b"\xff.csv": the bad byte as a lone surrogate.
    name = os.fsdecode(b"\xff.csv")
    result = shellcount("sources", "-o", str(tmp_path / name))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert os.listdir(os.fsencode(tmp_path)) == [b"\xff.csv"]
    assert (tmp_path / name).read_text(encoding="utf-8") == _csv(shellcount)


def test_a_name_that_is_not_utf8_is_shown_escaped_in_a_message(
    shellcount: Shell, tmp_path: Path
) -> None:
    missing = tmp_path / os.fsdecode(b"\xff") / "out.csv"
    result = shellcount("sources", "-o", str(missing))
    shown = f"{tmp_path}/\\udcff"
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {shown}/out.csv: no such directory {shown!r}\n".replace("\\\\", "\\"),
    )


# -- signals -------------------------------------------------------------------------------


@pytest.fixture
def restored_signals() -> Iterator[None]:
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGHUP, signal.SIGTERM)}
    # As a run from a terminal has them, whatever the test runner was started under:
    # under nohup (or a CI runner that ignores hang-ups) SIGHUP arrives ignored, and
    # console_script rightly leaves an ignored hang-up ignored.
    for signum in saved:
        signal.signal(signum, signal.SIG_DFL)
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


@pytest.mark.usefixtures("restored_signals")
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
@pytest.mark.parametrize("existing", [True, False], ids=["over-a-file", "new-file"])
def test_a_hang_up_mid_write_leaves_no_temporary_file(
    tmp_path: Path, signum: int, existing: bool
) -> None:
    target = tmp_path / "out.csv"
    if existing:
        target.write_text("the previous run's output\n", encoding="utf-8")

    def rows() -> Iterator[str]:
        yield "half of the new\n"
        # The terminal closes while the rows are written to the temporary file.
        os.kill(os.getpid(), signum)
        yield "never written\n"

    with pytest.raises(SystemExit) as ended:
        console_script(lambda: write_output(rows(), target))
    assert ended.value.code == 128 + signum
    if existing:
        assert target.read_text(encoding="utf-8") == "the previous run's output\n"
    assert os.listdir(tmp_path) == (["out.csv"] if existing else [])


@pytest.mark.usefixtures("restored_signals")
def test_a_hang_up_ignored_by_nohup_stays_ignored() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    console_script(lambda: None)
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN


# -- stdout that cannot be written (a real process: the interpreter's own streams) ---------


def test_a_closed_stdout_is_one_line() -> None:
    done = subprocess.run(
        ["sh", "-c", '"$0" -m shellcount sources -f csv >&-', sys.executable],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "error: stdout is closed: nothing can be written there (give -o FILE)\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sources", "-f", "csv"], "error: stdout: no space left on device\n"),
        (["check", "nothing.yaml"], "error: stdout: no space left on device\n"),
        (["--help"], "error: cannot write the output: no space left on device\n"),
    ],
    ids=["report", "check", "help"],
)
def test_a_full_disk_on_stdout_is_one_line(args: list[str], message: str) -> None:
    # Opened for writing as a shell's '>' would: a full device cannot be harmed so.
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "shellcount", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert (done.returncode, done.stderr) == (1, message)


def test_a_reader_gone_away_ends_the_run_quietly() -> None:
    # `shellcount sources | head -0`: the pipe's only reader is closed before the first write.
    process = subprocess.Popen(
        [sys.executable, "-m", "shellcount", "sources", "-f", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert (process.wait(timeout=120), stderr) == (1, b"")


def test_output_to_dev_stdout_goes_where_stdout_goes(tmp_path: Path) -> None:
    redirected = tmp_path / "redirected.csv"
    with open(redirected, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "shellcount", "sources", "-o", "/dev/stdout", "-f", "csv"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    plain = tmp_path / "plain.csv"
    subprocess.run([sys.executable, "-m", "shellcount", "sources", "-o", str(plain)], check=True)
    assert (done.returncode, done.stderr) == (0, b"")
    assert redirected.read_bytes() == plain.read_bytes()


@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"])
def test_standard_input_is_never_written_to(name: str) -> None:
    # Refused before anything is opened: behind it may be the file being read.
    with pytest.raises(OutputError) as refused:
        write_output("text\n", Path(name))
    assert str(refused.value) == f"{name}: is standard input; refusing to write to it"


@pytest.mark.parametrize("name", ["reference.yaml", "readings.yaml", "units.txt"])
def test_the_files_shellcount_ships_are_never_overwritten(
    shellcount: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # A copy stands in for the shipped file, so that a failure cannot touch the real one.
    from shellcount.cli import output

    shipped = tmp_path / "data" / name
    shipped.parent.mkdir()
    shipped.write_text("shipped\n", encoding="utf-8")
    monkeypatch.setattr(output, "packaged_path", lambda wanted: tmp_path / "data" / wanted)
    link = tmp_path / "report.csv"
    link.symlink_to(shipped)
    result = shellcount("sources", "-o", str(link))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {link}: refusing to overwrite shellcount's own {name}\n",
    )
    assert shipped.read_text(encoding="utf-8") == "shipped\n"
