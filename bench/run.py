"""shellcount's benchmarks: ratios against baselines measured in the same run.

    .venv/bin/python bench/run.py            # measure, print the table
    .venv/bin/python bench/run.py --write    # and rewrite the generated part of BENCHMARKS.md
    .venv/bin/python bench/run.py --quick    # fewer rounds, small files: a smoke test
    .venv/bin/python bench/run.py --write --plot-venv .venv-plot   # also with numpy

Every command runs as a fresh process (``subprocess``, timed with ``time.perf_counter``),
the commands of a table interleaved round by round (the order rotating), and each time
is the median of its rounds, after warm-up rounds that are not counted. Only ratios are
compared with targets: these machines are noisy, and a ratio of two commands measured
side by side is steadier than either time. Standard library only; claims files are
generated (``bench/generate.py``) into a temporary directory and deleted afterwards.

The shellcount command is the console script beside the Python running this file (as a
user runs it), else ``python -m shellcount``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import dense  # bench/dense.py, beside this file
import generate  # bench/generate.py
import matrix  # bench/matrix.py

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
BEGIN = "<!-- bench/run.py --write: generated from here -->"
END = "<!-- bench/run.py --write: generated up to here -->"

PYTHON = sys.executable
YAML_LOAD = (
    "import sys, yaml; "
    "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)
RANDOM_LIST = "import random; [random.random() for _ in range(10**6)]"
MC_SAMPLES = 1_000_000

# The Monte Carlo core, timed inside one process against the same list of draws as the
# `python -c` baseline: start-up, measured above, stays out of this ratio.
MC_CORE = """
import json, random, sys, time
from shellcount.ledger.loader import load_claims, packaged_claims_path
from shellcount.analysis.pool import Selection, Settings, pool

ledger = load_claims(packaged_claims_path())
selection, settings = Selection("shells"), Settings(samples=int(sys.argv[1]))
times = {"pool": [], "random": []}
for round_ in range(int(sys.argv[2])):
    for name in (("pool", "random") if round_ % 2 else ("random", "pool")):
        start = time.perf_counter()
        if name == "pool":
            pool(ledger, selection, settings)
        else:
            [random.random() for _ in range(10**6)]
        times[name].append(time.perf_counter() - start)
print(json.dumps(times))
"""

# Where compare's time goes on a large file, stage by stage, in one process.
STAGES = """
import json, sys, time
import yaml
from shellcount.formats import OutputFormat, render
from shellcount.ledger.loader import load_claims
from shellcount.views.compare import compare_report

path = sys.argv[1]
times = {}
start = time.perf_counter()
yaml.load(open(path, encoding="utf-8").read(), Loader=yaml.CSafeLoader)
times["bare yaml.load (CSafeLoader)"] = time.perf_counter() - start
import os, tempfile
os.environ["SHELLCOUNT_CACHE_DIR"] = tempfile.mkdtemp()  # empty: the first read writes
os.environ["SHELLCOUNT_NO_CACHE"] = "1"
from shellcount.ledger.loader import packaged_claims_path
load_claims(packaged_claims_path())  # what any first read pays once, out of the timings
start = time.perf_counter()
ledger = load_claims(path)
times["load_claims (cache off)"] = time.perf_counter() - start
del os.environ["SHELLCOUNT_NO_CACHE"]
start = time.perf_counter()
ledger = load_claims(path)
times["load_claims (first read, kept in the cache)"] = time.perf_counter() - start
start = time.perf_counter()
ledger = load_claims(path)
times["load_claims (from the cache)"] = time.perf_counter() - start
start = time.perf_counter()
report = compare_report(ledger, explain=False)
times["compare_report"] = time.perf_counter() - start
start = time.perf_counter()
render(report, OutputFormat.CSV)
times["render csv"] = time.perf_counter() - start
print(json.dumps(times))
"""


def shellcount_command() -> list[str]:
    script = Path(PYTHON).parent / "shellcount"
    return [str(script)] if script.exists() else [PYTHON, "-m", "shellcount"]


# The run's own ledger cache, empty at the start and deleted at the end: a user's entries
# neither help nor hinder it.
CACHE = tempfile.TemporaryDirectory(prefix="shellcount-bench-cache-")


def environment() -> dict[str, str]:
    """The caller's environment without what would change shellcount's work."""
    env = {k: v for k, v in os.environ.items() if k not in ("SHELLCOUNT_CLAIMS", "PYTHONPATH")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SHELLCOUNT_NO_CACHE", None)
    env["SHELLCOUNT_CACHE_DIR"] = CACHE.name
    env["NO_COLOR"] = "1"
    return env


def without_cache(command: list[str]) -> list[str]:
    """``command`` with the ledger cache off: every run reads its file as the first does."""
    return ["env", "SHELLCOUNT_NO_CACHE=1", *command]


def run_once(command: Sequence[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV
    )
    return time.perf_counter() - start


ENV = environment()


def measure(commands: dict[str, list[str]], rounds: int, warmup: int) -> dict[str, float]:
    """The median time of each command over ``rounds``, the commands interleaved."""
    names = list(commands)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(warmup + rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed = run_once(commands[name])
            if round_ >= warmup:
                times[name].append(elapsed)
        print(f"  round {round_ + 1}/{warmup + rounds}", end="\r", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return {name: statistics.median(values) for name, values in times.items()}


@dataclass(frozen=True)
class Ratio:
    what: str
    numerator: str
    denominator: str
    value: float
    target: float | None  # the ratio must be at most this

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "(context)"
        if self.value <= self.target:
            return "met"
        return f"not met ({self.value / self.target - 1:.0%} over)"


@dataclass
class Results:
    when: str
    machine: list[str]
    times: dict[str, float]
    ratios: list[Ratio]
    imports: dict[str, list[tuple[str, float]]]
    loaded: dict[str, dict[str, bool]]
    files: list[str]
    stages: dict[str, dict[str, float]]
    commands: dict[str, str]
    runs: list[matrix.Run]


def machine() -> list[str]:
    versions = []
    for package in ("typer", "pydantic", "rich", "pint", "pyyaml"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    cpu = platform.processor() or platform.machine()
    model = _cpu_model()
    return [
        f"{platform.system()} {platform.release()} ({platform.machine()})",
        f"CPU: {model or cpu}, {os.cpu_count()} logical CPUs",
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{Path(PYTHON).parent.parent.name}",
        ", ".join(versions),
        f"load average at the start: {_load()}",
    ]


def _cpu_model() -> str | None:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return None
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else None


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


# Runs a command (the console script's main, or a script) and writes the modules it
# loaded to the file named first, for `python -X importtime`.
PROFILE = """
import atexit, json, runpy, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w", encoding="utf-8").write(json.dumps(sorted(sys.modules))))
del sys.argv[0]
if sys.argv[0] == "shellcount":
    from shellcount.cli import main
    main()
else:
    runpy.run_path(sys.argv[0], run_name="__main__")
"""
HEAVY = ("typer", "pydantic", "rich", "markdown_it", "pygments", "pint", "yaml", "numpy")
STDLIB = "(standard library)"


def import_profile(
    command: list[str], repeats: int = 3
) -> tuple[list[tuple[str, float]], dict[str, bool]]:
    """Import time by package (the modules' own times summed, in ms, median of
    ``repeats`` runs), the total first; and which of the heavy libraries were loaded."""
    if command[0] == PYTHON:
        target, args = str(Path(command[1]).resolve()), command[2:]  # a script: floor.py
    else:
        target, args = "shellcount", command[len(SHELLCOUNT) :]
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "modules.json"
        for _ in range(repeats):
            done = subprocess.run(
                [PYTHON, "-X", "importtime", "-c", PROFILE, str(out), target, *args],
                capture_output=True,
                text=True,
                check=True,
                env=ENV,
                cwd=scratch,
            )
            loaded = set(json.loads(out.read_text(encoding="utf-8")))
            packages: dict[str, float] = {}
            for line in done.stderr.splitlines():
                found = re.match(r"import time:\s+(\d+) \|\s+\d+ \| *(\S+)", line)
                if found is None or found.group(2) not in loaded:
                    continue  # the header, or a module looked for and not found
                package = _package(found.group(2))
                packages[package] = packages.get(package, 0.0) + int(found.group(1)) / 1000
            runs.append(packages)
    names = set().union(*runs)
    median = {n: statistics.median(run.get(n, 0.0) for run in runs) for n in names}
    ranked = sorted(median.items(), key=lambda item: -item[1])
    heavy = {h: any(m == h or m.startswith(h + ".") for m in loaded) for h in HEAVY}
    return [("(all imports)", sum(median.values())), *ranked[:8]], heavy


def _package(module: str) -> str:
    top = module.split(".", maxsplit=1)[0]
    if top in sys.stdlib_module_names or top.startswith("_") or top in ("encodings", "site"):
        return STDLIB
    return top


def claims_files(directory: Path, sizes: Sequence[int]) -> tuple[dict[int, Path], list[str]]:
    """The generated files, and a line on each: size, sources, what compare makes of it."""
    paths: dict[int, Path] = {}
    lines = []
    for size in sizes:
        path = directory / f"claims-{size}.yaml"
        path.write_text(generate.generate(size), encoding="utf-8")
        paths[size] = path
        out = directory / f"compare-{size}.csv"
        compare_to_file(path, out)
        lines.append(describe(path, len(generate.flows(size)), out))
        out.unlink()
        print(f"  {lines[-1]}", file=sys.stderr)
    return paths, lines


def compare_to_file(path: Path, out: Path) -> float:
    """``compare --format csv`` of ``path`` written to ``out``: the time it took."""
    start = time.perf_counter()
    with out.open("wb") as sink:
        subprocess.run(
            [*COMPARE_CSV, "--claims", str(path)],
            stdout=sink,
            stderr=subprocess.DEVNULL,
            check=True,
            env=ENV,
        )
    return time.perf_counter() - start


def describe(path: Path, flows: int, compared: Path) -> str:
    """A claims file's size and sources, and the conflicts compare found in it."""
    text = path.read_text(encoding="utf-8")
    sources = text.split("\nclaims:\n", 1)[0].count("\n- id: ")
    claims = flagged = ends = 0
    csv.field_size_limit(sys.maxsize)
    with compared.open(newline="", encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            claims += 1
            flagged += "conflict" in row["flags"].split()
            ends += int(row["conflicts"])
    return (
        f"{claims:,} claims: {len(text.encode()) / 1e6:.1f} MB, {sources:,} sources, "
        f"{flows:,} flows; compare flags {flagged:,} claims ({flagged / claims:.0%}) as "
        f"conflicting, {ends // 2:,} conflicting pairs, {compared.stat().st_size / 1e6:.1f} MB "
        "of CSV"
    )


SHELLCOUNT = shellcount_command()
COMPARE_CSV = [*SHELLCOUNT, "compare", "--format", "csv"]


def run(args: argparse.Namespace) -> Results:
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    results = Results(when, machine(), {}, [], {}, {}, [], {}, {}, [])
    start_up(results, args)
    claims_scale(results, args)
    monte_carlo(results, args)
    if args.matrix_sizes:
        every_command(results, args)
    times = results.times
    results.ratios = [
        Ratio(
            r.what, r.numerator, r.denominator, times[r.numerator] / times[r.denominator], r.target
        )
        for r in results.ratios
    ]
    return results


def start_up(results: Results, args: argparse.Namespace) -> None:
    """Cold start of compare, --help and --version against the floor, and their imports."""
    commands = {
        "floor": [PYTHON, str(BENCH / "floor.py"), "--format", "csv"],
        "compare": [*SHELLCOUNT, "compare", "--format", "csv"],
        "compare (no cache)": without_cache([*SHELLCOUNT, "compare", "--format", "csv"]),
        "help": [*SHELLCOUNT, "--help"],
        "version": [*SHELLCOUNT, "--version"],
    }
    plot = _plot_venv(args)
    if plot is not None:
        python, shellcount = plot
        commands["floor (plot)"] = [python, str(BENCH / "floor.py"), "--format", "csv"]
        commands["compare (plot)"] = [*shellcount, "compare", "--format", "csv"]
    for name, command in commands.items():
        results.commands[name] = " ".join(_short(part) for part in command)
    print("start-up: floor, compare --format csv, --help, --version", file=sys.stderr)
    results.times |= measure(commands, args.rounds, args.warmup)
    if plot is not None:
        results.ratios.append(
            Ratio(
                "cold `compare --format csv` / floor, venv with the plot extra (numpy)",
                "compare (plot)",
                "floor (plot)",
                0,
                1.15,
            )
        )
    results.ratios += [
        Ratio("cold `compare --format csv` / floor", "compare", "floor", 0, 1.15),
        Ratio(
            "cold `compare --format csv` / floor, cache off (`SHELLCOUNT_NO_CACHE=1`)",
            "compare (no cache)",
            "floor",
            0,
            None,
        ),
        Ratio("cold `--help` / floor", "help", "floor", 0, 0.6),
        Ratio("cold `--version` / floor", "version", "floor", 0, 0.6),
    ]
    for name in ("floor", "version", "help", "compare"):
        results.imports[name], results.loaded[name] = import_profile(commands[name])


def claims_scale(results: Results, args: argparse.Namespace) -> None:
    """compare on generated files against a bare yaml.load of the same file."""
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    with tempfile.TemporaryDirectory(prefix="shellcount-bench-") as scratch:
        print("generating claims files", file=sys.stderr)
        paths, results.files = claims_files(Path(scratch), sizes)
        commands: dict[str, list[str]] = {}
        plot = _plot_venv(args)
        for size, path in paths.items():
            commands[f"yaml {size}"] = [PYTHON, "-c", YAML_LOAD, str(path)]
            commands[f"compare {size}"] = [*COMPARE_CSV, "--claims", str(path)]
            if size >= 10_000:
                commands[f"compare {size} (no cache)"] = without_cache(commands[f"compare {size}"])
            if plot is not None and size >= 10_000:
                python, shellcount = plot
                commands[f"yaml {size} (plot)"] = [python, "-c", YAML_LOAD, str(path)]
                commands[f"compare {size} (plot)"] = [
                    *shellcount,
                    *COMPARE_CSV[len(SHELLCOUNT) :],
                    "--claims",
                    str(path),
                ]
        results.commands["yaml N"] = (
            'python -c "yaml.load(text, Loader=yaml.CSafeLoader)" claims-N.yaml'
        )
        results.commands["compare N"] = "shellcount compare --format csv --claims claims-N.yaml"
        # A round of the 100k file takes minutes, and the machine's load moves in that
        # time: the smaller files get a block of their own, so each 10k ratio's two
        # commands run seconds apart, with more rounds since they cost little.
        print("scale: compare --format csv and yaml.load, per file", file=sys.stderr)
        for block, rounds in (
            ([size for size in sizes if size < 100_000], args.file_rounds),
            ([size for size in sizes if size >= 100_000], args.scale_rounds),
        ):
            chosen = {
                name: command for name, command in commands.items() if int(name.split()[1]) in block
            }
            if chosen:
                results.times |= measure(chosen, rounds, 1)
        for size in sizes:
            target = None if size < 10_000 else 1.3
            what = f"`compare` / bare `yaml.load`, {size:,} claims"
            results.ratios.append(Ratio(what, f"compare {size}", f"yaml {size}", 0, target))
            if f"compare {size} (no cache)" in commands:
                results.commands[f"compare {size} (no cache)"] = (
                    f"env SHELLCOUNT_NO_CACHE=1 {results.commands['compare N']}".replace(
                        "claims-N", f"claims-{size}"
                    )
                )
                results.ratios.append(
                    Ratio(
                        f"{what}, cache off (`SHELLCOUNT_NO_CACHE=1`)",
                        f"compare {size} (no cache)",
                        f"yaml {size}",
                        0,
                        None,
                    )
                )
            if f"compare {size} (plot)" in commands:
                results.commands[f"compare {size} (plot)"] = results.commands["compare N"].replace(
                    "claims-N", f"claims-{size}"
                )
                results.ratios.append(
                    Ratio(
                        f"{what}, venv with the plot extra (numpy)",
                        f"compare {size} (plot)",
                        f"yaml {size} (plot)",
                        0,
                        1.3,
                    )
                )
        if 100_000 in paths:
            results.ratios += [
                Ratio("`compare` 100k / `compare` 10k", "compare 100000", "compare 10000", 0, 11),
                Ratio("bare `yaml.load` 100k / 10k", "yaml 100000", "yaml 10000", 0, None),
            ]
        for size in sizes[1:]:
            results.stages[f"{size:,} claims"] = _stages(paths[size])


def every_command(results: Results, args: argparse.Namespace) -> None:
    """Every command in every format on the realistic, the dense (one quantity) and the
    many-quantities files, at each size of ``--matrix-sizes``."""
    sizes = [int(size) for size in args.matrix_sizes.split(",")]
    makers: dict[str, Callable[[int], str]] = {
        "realistic": generate.generate,
        "dense": lambda count: dense.generate_text(count, shape="one-quantity"),
        "many": lambda count: dense.generate_text(count, shape="many-quantities"),
    }
    with tempfile.TemporaryDirectory(prefix="shellcount-matrix-") as scratch:
        directory = Path(scratch)
        files = {}
        for name, make in makers.items():
            for size in sizes:
                path = directory / f"{name}-{size}.yaml"
                path.write_text(make(size), encoding="utf-8")
                files[name, size] = path
        print("every command and format (one run each)", file=sys.stderr)
        results.runs = matrix.measure(
            SHELLCOUNT,
            files,
            directory,
            # Each command runs once: with the cache on, the first command on a file would
            # read it and the rest be served, so the growth measured would be the cache's.
            ENV | {"SHELLCOUNT_NO_CACHE": "1"},
            limit=lambda size: args.limit * max(1.0, size / 10_000),
            formats=args.formats.split(",") if args.formats else None,
        )


def monte_carlo(results: Results, args: argparse.Namespace) -> None:
    """Pooling 1,000,000 samples against drawing a list of 1,000,000 random numbers."""
    print("Monte Carlo: 1,000,000 samples", file=sys.stderr)
    rounds = max(args.rounds // 2, 1)
    samples = ["--samples", str(MC_SAMPLES)]
    commands = {
        "pool 1e6": [*SHELLCOUNT, "pool", "--measure", "shells", "--format", "csv", *samples],
        "random 1e6": [PYTHON, "-c", RANDOM_LIST],
    }
    results.commands["pool 1e6"] = "shellcount pool --measure shells --samples 1000000 --format csv"
    results.commands["random 1e6"] = f'python -c "{RANDOM_LIST}"'
    results.times |= measure(commands, rounds, 1)
    core = _monte_carlo_core(rounds)
    results.times["pool() 1e6"] = core["pool"]
    results.times["random list 1e6"] = core["random"]
    results.commands["pool() 1e6"] = (
        "pool(ledger, Selection('shells'), Settings(samples=1_000_000)), in one process"
    )
    results.commands["random list 1e6"] = "[random.random() for _ in range(10**6)], in one process"
    results.ratios += [
        Ratio(
            "Monte Carlo, 1,000,000 samples: `pool()` / list of `random()`, in one process",
            "pool() 1e6",
            "random list 1e6",
            0,
            3,
        ),
        Ratio(
            "Monte Carlo, 1,000,000 samples: `shellcount pool` / `python -c` list, processes",
            "pool 1e6",
            "random 1e6",
            0,
            None,
        ),
    ]


def _plot_venv(args: argparse.Namespace) -> tuple[str, list[str]] | None:
    """The plot venv's python and shellcount command, if one was given."""
    if args.plot_venv is None:
        return None
    python = args.plot_venv / "bin" / "python"
    script = args.plot_venv / "bin" / "shellcount"
    return str(python), [str(script)] if script.exists() else [str(python), "-m", "shellcount"]


def _short(part: str) -> str:
    return Path(part).name if os.sep in part else part


def _stages(path: Path) -> dict[str, float]:
    done = subprocess.run(
        [PYTHON, "-c", STAGES, str(path)], capture_output=True, text=True, check=True, env=ENV
    )
    return {name: float(value) for name, value in json.loads(done.stdout).items()}


def _monte_carlo_core(rounds: int) -> dict[str, float]:
    done = subprocess.run(
        [PYTHON, "-c", MC_CORE, str(MC_SAMPLES), str(rounds)],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    )
    times = json.loads(done.stdout)
    return {name: statistics.median(values) for name, values in times.items()}


def render(results: Results, args: argparse.Namespace) -> str:
    """The generated part of BENCHMARKS.md (Markdown)."""
    lines = [
        BEGIN,
        "",
        f"Measured {results.when} with `python bench/run.py{_flags(args)}` ({args.rounds} "
        f"rounds for start-up, {max(args.rounds // 2, 1)} for Monte Carlo, "
        f"{args.file_rounds} for the 1k and 10k claims files"
        f"{'' if args.quick else f', {args.scale_rounds} for the 100k ones'}, "
        "each after uncounted warm-up rounds; "
        "medians).",
        "",
        "Machine:",
        "",
        *(f"- {line}" for line in results.machine),
        "",
        "### Ratios",
        "",
        "| ratio | measured | target | |",
        "|---|---:|---:|---|",
    ]
    for ratio in results.ratios:
        target = "" if ratio.target is None else f"≤ {ratio.target:g}"
        lines.append(f"| {ratio.what} | {ratio.value:.2f} | {target} | {ratio.verdict} |")
    lines += [
        "",
        "### Median times (context only: they move with the machine's load)",
        "",
        "| command | median |",
        "|---|---:|",
    ]
    for name, seconds in results.times.items():
        lines.append(f"| {name}: `{_command(results, name)}` | {_seconds(seconds)} |")
    lines += ["", "### Claims files (`bench/generate.py N OUT`, seed 20240227)", ""]
    lines += [f"- {line}" for line in results.files]
    lines += ["", "### Where `compare --format csv` spends its time (one process, one run)", ""]
    for size, stages in results.stages.items():
        parts = ", ".join(f"{name} {_seconds(value)}" for name, value in stages.items())
        lines.append(f"- {size}: {parts}")
    if results.runs:
        lines += _matrix_lines(results)
    lines += [
        "",
        "### Imports by package",
        "",
        "`python -X importtime`: each module's own time summed by top-level package, in ms,",
        "median of 3 runs; and which of the heavy libraries each command loads at all.",
        "",
    ]
    for name, ranked in results.imports.items():
        heavy = results.loaded[name]
        imported = ", ".join(h for h, yes in heavy.items() if yes) or "none"
        absent = ", ".join(h for h, yes in heavy.items() if not yes) or "none"
        lines.append(f"- `{results.commands[name]}`: imports {imported}; not {absent}")
        for module, ms in ranked:
            lines.append(f"  - {module}: {ms:.1f}")
    lines += ["", END]
    return "\n".join(lines)


def _matrix_lines(results: Results) -> list[str]:
    sizes = sorted({run.size for run in results.runs})
    lines = [
        "",
        "### Every command and format (one run each)",
        "",
        "CPU is the command's user + system time and peak its largest resident memory",
        "(`os.wait4` in `launch.py`); out is the bytes written. The exponents are the growth",
        "of CPU time and of output between two sizes (1 linear, 2 quadratic). Generators:",
        "`realistic`",
        "(`generate.py`), `dense` (`dense.py`: one quantity on a few dates, most pairs",
        "disagreeing) and `many` (`dense.py --shape many-quantities`: N/40 quantities of",
        "one measure, which `pool --measure shells` draws from at once).",
    ]
    for generator in dict.fromkeys(run.generator for run in results.runs):
        lines += ["", f"#### {generator}", "", *matrix.table(results.runs, generator)]
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        over = matrix.worst(results.runs, large, small)
        lines += ["", f"CPU exponents above 1.2 from {small:,} to {large:,} claims:", ""]
        lines += [f"- {what}: {value:.2f}" for what, value in over] or ["- none"]
    return lines


def _flags(args: argparse.Namespace) -> str:
    defaults = main_parser().parse_args([])
    flags = [
        f" --{name.replace('_', '-')}" + ("" if value is True else f" {value}")
        for name, value in vars(args).items()
        if name not in ("write", "plot_venv")
        and value != getattr(defaults, name)
        and not args.quick
    ]
    return " --quick" if args.quick else "".join(flags)


def _command(results: Results, name: str) -> str:
    if name in results.commands:
        return results.commands[name]
    kind, size, *_venv = name.split(" ")  # "yaml 10000 (plot)": the same command
    return results.commands[f"{kind} N"].replace("claims-N", f"claims-{size}")


def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def write(generated: str) -> None:
    """Replace the generated part of BENCHMARKS.md, keeping what is written around it."""
    if BENCHMARKS_MD.exists():
        text = BENCHMARKS_MD.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            BENCHMARKS_MD.write_text(head + generated + tail, encoding="utf-8")
            return
    BENCHMARKS_MD.write_text(f"# Benchmarks\n\n{generated}\n", encoding="utf-8")


def main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=21, help="start-up rounds (default 21)")
    parser.add_argument(
        "--scale-rounds", type=int, default=5, help="rounds on the 100k claims files"
    )
    parser.add_argument(
        "--file-rounds", type=int, default=11, help="rounds on the 1k and 10k claims files"
    )
    parser.add_argument("--warmup", type=int, default=2, help="uncounted rounds first")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="5 rounds, 2 on files, no 100k; every command on files of 300 and 1,000 claims, "
        "CSV and table only",
    )
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument(
        "--matrix-sizes",
        default="1000,10000,100000",
        help="claims files for every command and format ('' for none; default 1k,10k,100k)",
    )
    parser.add_argument(
        "--limit", type=float, default=120, help="seconds a run may take per 10k claims"
    )
    parser.add_argument("--formats", default="", help="only these formats (e.g. csv,table)")
    parser.add_argument(
        "--plot-venv",
        type=Path,
        default=None,
        help="a venv with '.[dev,plot]' (numpy): start-up and scale measured with it too",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = main_parser().parse_args(argv)
    if args.quick:
        args.rounds, args.scale_rounds, args.file_rounds, args.warmup = 5, 2, 2, 1
        if args.matrix_sizes == main_parser().get_default("matrix_sizes"):
            args.matrix_sizes, args.limit = "300,1000", 60
            args.formats = args.formats or "csv,table,text"  # check's text stands for table
    results = run(args)
    generated = render(results, args)
    print(generated)
    if args.write:
        write(generated)
        print(f"wrote {BENCHMARKS_MD}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
