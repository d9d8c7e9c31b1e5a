"""Every command in every format on generated files of several sizes: time, output size,
peak memory and the growth exponent between sizes (used by ``run.py``).

Each run is a fresh process started by ``launch.py``, which reads its resources with
``os.wait4``: the command's own CPU time and peak resident memory, not the bench's. The
growth exponent between two sizes is ``log(cost2 / cost1) / log(size2 / size1)`` of the
CPU time (user + system), steadier than wall time on a shared machine: 1 is linear, 2
quadratic. A run past its
time limit is stopped and shown as such; the larger sizes of that command and format
are then skipped, since they would only take longer.
"""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("table", "csv", "json", "markdown")
CHECK_FORMATS = ("text", "json")


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]  # after the command name, before --format
    formats: tuple[str, ...] = FORMATS
    claims_option: bool = True  # --claims FILE (check takes the file as an argument)


COMMANDS = (
    Command("compare", ()),
    Command("derive", ("--calibre", "152")),
    Command("claims", ()),
    Command("sources", ()),
    Command("timeline", ()),
    Command("reconcile", ()),
    Command("mix", ("--calibre", "152", "--calibre", "122")),
    Command("pool", ("--measure", "shells", "--samples", "20000")),
    Command("check", (), CHECK_FORMATS, claims_option=False),
)


@dataclass(frozen=True)
class Run:
    generator: str
    size: int
    command: str
    output_format: str
    seconds: float  # wall
    cpu: float  # user + system of the child
    peak_mb: float  # the child's peak resident memory
    output_bytes: int
    status: str  # "ok", "exit N", "stopped after S s"


def run_one(
    argv: Sequence[str], out: Path, env: dict[str, str], limit: float
) -> tuple[float, float, float, int, str]:
    """Run ``argv`` with stdout to ``out``: wall and CPU seconds, peak MB, bytes, status."""
    report = out.with_suffix(".usage")
    report.unlink(missing_ok=True)
    launcher = [sys.executable, str(Path(__file__).with_name("launch.py")), str(report)]
    start = time.perf_counter()
    status = "ok"
    with out.open("wb") as sink:
        child = subprocess.Popen(
            [*launcher, *argv], stdout=sink, stderr=subprocess.DEVNULL, env=env
        )
        try:
            child.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            child.terminate()
            child.wait()
            status = f"stopped after {limit:.0f} s"
    seconds = time.perf_counter() - start
    code, cpu, peak_kib = report.read_text(encoding="ascii").split()
    report.unlink()
    if status == "ok" and int(code) != 0:
        status = f"exit {code}"
    size = out.stat().st_size
    out.unlink()
    return seconds, float(cpu), _peak_mb(int(peak_kib)), size, status


def _peak_mb(maxrss: int) -> float:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    return maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def measure(
    shellcount: Sequence[str],
    files: dict[tuple[str, int], Path],
    scratch: Path,
    env: dict[str, str],
    *,
    limit: Callable[[int], float],
    commands: Sequence[Command] = COMMANDS,
    formats: Sequence[str] | None = None,
) -> list[Run]:
    """Every command and format on every file, smaller files first."""
    runs: list[Run] = []
    stopped: set[tuple[str, str, str]] = set()
    for (generator, size), path in sorted(files.items(), key=lambda item: item[0][1]):
        for command in commands:
            for output_format in command.formats:
                if formats is not None and output_format not in formats:
                    continue
                key = (generator, command.name, output_format)
                if key in stopped:
                    runs.append(Run(generator, size, command.name, output_format, *_SKIPPED))
                    continue
                argv = [*shellcount, command.name, *command.args, "--format", output_format]
                argv += ["--claims", str(path)] if command.claims_option else [str(path)]
                print(
                    f"  {generator} {size:,}: {command.name} --format {output_format}",
                    file=sys.stderr,
                    flush=True,
                )
                result = run_one(argv, scratch / "out", env, limit(size))
                run = Run(generator, size, command.name, output_format, *result)
                if run.status.startswith("stopped"):
                    stopped.add(key)
                runs.append(run)
    return runs


_SKIPPED = (math.nan, math.nan, math.nan, 0, "skipped (a smaller file was stopped)")


def exponent(small: Run, large: Run, cost: Callable[[Run], float]) -> float | None:
    """The growth exponent of ``cost`` from the smaller file to the larger."""
    a, b = cost(small), cost(large)
    if not (small.status == large.status == "ok") or a <= 0 or b <= 0:
        return None
    return math.log(b / a) / math.log(large.size / small.size)


def table(runs: Sequence[Run], generator: str) -> list[str]:
    """A Markdown table of one generator's runs: a row per command and format, with each
    size's CPU time, peak memory and output, and the exponents between sizes."""
    mine = [run for run in runs if run.generator == generator]
    sizes = sorted({run.size for run in mine})
    by_key = {(run.command, run.output_format, run.size): run for run in mine}
    keys = list(dict.fromkeys((run.command, run.output_format) for run in mine))
    header = ["command", "format"]
    for size in sizes:
        header += [f"{_size(size)} CPU", f"{_size(size)} peak", f"{_size(size)} out"]
    pairs = list(itertools.pairwise(sizes))
    header += [f"exp {_size(a)}→{_size(b)} (CPU, out)" for a, b in pairs]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * 2 + "---:|" * (len(header) - 2)]
    for command, output_format in keys:
        cells = [f"`{command}`", output_format]
        for size in sizes:
            run = by_key.get((command, output_format, size))
            if run is None:
                cells += ["", "", ""]
            elif run.status != "ok":
                cells += [run.status, "", ""]
            else:
                cells += [_seconds(run.cpu), f"{run.peak_mb:.0f} MB", _bytes(run.output_bytes)]
        for a, b in pairs:
            small = by_key.get((command, output_format, a))
            large = by_key.get((command, output_format, b))
            if small is None or large is None:
                cells.append("")
                continue
            cpu = exponent(small, large, lambda run: run.cpu)
            out = exponent(small, large, lambda run: float(run.output_bytes))
            cells.append(f"{_exp(cpu)}, {_exp(out)}")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def worst(runs: Sequence[Run], large: int, small: int) -> list[tuple[str, float]]:
    """The CPU exponents from ``small`` to ``large`` above 1.2, worst first, as
    "generator command format" and the exponent."""
    by_key = {(r.generator, r.command, r.output_format, r.size): r for r in runs}
    found = []
    for (generator, command, output_format, size), run in by_key.items():
        if size != large:
            continue
        before = by_key.get((generator, command, output_format, small))
        if before is None:
            continue
        value = exponent(before, run, lambda r: r.cpu)
        if value is not None and value > 1.2:
            found.append((f"{generator} `{command}` {output_format}", value))
    return sorted(found, key=lambda item: -item[1])


def _exp(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _size(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _bytes(count: int) -> str:
    if count < 1_000_000:
        return f"{count / 1000:.0f} kB"
    return f"{count / 1e6:.1f} MB"
