"""The ledger cache: a hit is exactly what a fresh read gives, and nothing stale is served.

Each test has a cache folder of its own. Whether an entry was used is told by the
builder: a hit never builds, so a builder that fails on call proves one.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import Shell
from shellcount import cache_folder
from shellcount.errors import ClaimsFileError, ShellcountError
from shellcount.ledger import cache, loader
from shellcount.ledger.loader import load_claims, packaged_claims_path
from shellcount.ledger.model import Ledger

FILE = textwrap.dedent(
    """\
    format: 1
    units: [silo]
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
    claims:
      - id: silos
        source: gazette
        measure: silos
        figure: about 30
        unit: silos
        quote: about thirty silos
      - id: shells
        source: gazette
        measure: shells
        figure: 9,000
        unit: shell
        basis: capacity
        converts: silos
        quote: they hold 9,000 shells
    """
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own."""
    chosen = tmp_path / "cache"
    monkeypatch.setenv("SHELLCOUNT_CACHE_DIR", str(chosen))
    monkeypatch.delenv("SHELLCOUNT_NO_CACHE", raising=False)
    return chosen


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(FILE, encoding="utf-8")
    return path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the loader built a ledger for (a cache hit adds none)."""
    built: list[str] = []
    build = loader._LedgerBuilder.build

    def counted(self: loader._LedgerBuilder, document: object) -> Ledger | None:
        built.append(self.shown)
        return build(self, document)  # type: ignore[arg-type]

    monkeypatch.setattr(loader._LedgerBuilder, "build", counted)
    return built


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("claims-*.pickle"))


def summary(ledger: Ledger) -> list[tuple[str, str, float | None, float, float]]:
    """Each claim's id, unit and interval: what a stale entry would get wrong."""
    return [
        (
            claim.id,
            str(claim.unit),
            claim.amount.nominal,
            claim.amount.interval.low,
            claim.amount.interval.high,
        )
        for claim in ledger.claims
    ]


def picture(ledger: Ledger) -> str:
    """Everything the ledger holds, written out (claims compare by identity, not value)."""
    marks = [sorted(claim.field_marks.items()) for claim in ledger.claims]
    statements = [ledger.statement(claim).id for claim in ledger.claims]
    return repr((ledger, marks, statements))


def test_a_second_read_is_a_hit_and_the_same_ledger(
    folder: Path, claims: Path, builds: list[str]
) -> None:
    first = load_claims(claims)
    assert len(entries(folder)) == 1
    second = load_claims(claims)
    assert builds == [str(claims)], "the second read built the ledger again"
    assert summary(second) == summary(first)
    assert picture(second) == picture(first)


def test_a_hit_prints_what_a_fresh_read_prints(
    folder: Path, shellcount: Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shellcount.arithmetic import units

    # As in a run that read no claims file declaring units (this process has read many).
    monkeypatch.setattr(units, "_DEFINED_BY_FILES", [])
    path = str(packaged_claims_path())
    monkeypatch.setenv("SHELLCOUNT_NO_CACHE", "1")
    fresh = shellcount("compare", "--claims", path, "--format", "csv")
    assert fresh.exit_code == 0, fresh.output
    assert not folder.exists() or entries(folder) == []
    monkeypatch.delenv("SHELLCOUNT_NO_CACHE")
    missed = shellcount("compare", "--claims", path, "--format", "csv")
    assert len(entries(folder)) == 1
    hit = shellcount("compare", "--claims", path, "--format", "csv")
    assert (missed.exit_code, hit.exit_code) == (0, 0), hit.output
    assert missed.stdout == fresh.stdout, missed.stdout
    assert hit.stdout == fresh.stdout, hit.stdout


def test_an_edited_file_is_read_again_and_replaces_its_entry(
    folder: Path, claims: Path, builds: list[str]
) -> None:
    load_claims(claims)
    claims.write_text(FILE.replace("figure: about 30", "figure: about 40"), encoding="utf-8")
    edited = load_claims(claims)
    assert len(builds) == 2
    assert edited.claim("silos").amount.nominal == 40
    assert len(entries(folder)) == 1, "the old text's entry was kept beside the new one"


@pytest.mark.parametrize(
    "settings",
    [
        {"about": 0.25},
        {"reading": "literal"},
        {"label": "another name"},
        {"outside_references": True},
    ],
)
def test_each_setting_has_its_own_entry(
    folder: Path, claims: Path, builds: list[str], settings: dict[str, object]
) -> None:
    plain = load_claims(claims)
    changed = load_claims(claims, **settings)  # type: ignore[arg-type]
    assert len(builds) == 2, f"{settings} was served the entry of the default settings"
    assert len(entries(folder)) == 2
    assert picture(load_claims(claims, **settings)) == picture(changed)  # type: ignore[arg-type]
    assert len(builds) == 2
    if "about" in settings:
        assert (
            changed.claim("silos").amount.interval.high != plain.claim("silos").amount.interval.high
        )
    if "label" in settings:
        assert changed.claim("silos").location.path == "another name"


def test_other_code_is_a_miss(
    folder: Path, claims: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_claims(claims)
    monkeypatch.setattr(cache_folder, "code_fingerprint", lambda: b"another version")
    load_claims(claims)
    assert len(builds) == 2, "an entry written by other code was used"


def test_the_fingerprint_covers_every_file_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(
        Path(cache_folder.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    before = cache_folder.package_fingerprint(package)
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.pyc").write_bytes(b"bytecode")
    assert cache_folder.package_fingerprint(package) == before, "bytecode changed the fingerprint"
    readings = package / "data" / "readings.yaml"
    readings.write_text(readings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache_folder.package_fingerprint(package) != before, "a readings edit went unseen"
    readings.unlink()
    (package / "data" / "other.yaml").write_bytes(b"")
    assert cache_folder.package_fingerprint(package) != before


def test_a_folder_others_can_write_is_not_read(
    folder: Path, claims: Path, builds: list[str]
) -> None:
    load_claims(claims)
    folder.chmod(0o777)
    load_claims(claims)
    assert len(builds) == 2, "an entry in a world-writable folder was read"


def test_an_entry_others_can_write_is_not_read(
    folder: Path, claims: Path, builds: list[str]
) -> None:
    load_claims(claims)
    [entry] = entries(folder)
    entry.chmod(0o662)
    load_claims(claims)
    assert len(builds) == 2, "a group-writable entry was read"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_an_entry_of_another_user_is_not_read(
    folder: Path, claims: Path, builds: list[str]
) -> None:
    load_claims(claims)
    [entry] = entries(folder)
    os.chown(entry, 4321, 4321)
    load_claims(claims)
    assert len(builds) == 2, "another user's entry was read"


def test_a_symlinked_entry_is_not_followed(
    folder: Path, claims: Path, builds: list[str], tmp_path: Path
) -> None:
    load_claims(claims)
    [entry] = entries(folder)
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    load_claims(claims)
    assert len(builds) == 2, "an entry reached through a symlink was read"


@pytest.mark.parametrize("damage", ["truncate", "garble", "edit", "empty", "magic"])
def test_a_damaged_entry_is_a_miss(
    folder: Path, claims: Path, builds: list[str], damage: str
) -> None:
    first = load_claims(claims)
    [entry] = entries(folder)
    data = entry.read_bytes()
    assert data.count(b"Gazette") == 1
    damaged = {
        "truncate": data[: len(data) // 2],
        "garble": data[:-40] + bytes(40),
        # Still a valid pickle, of a wrong ledger: only the body's digest tells.
        "edit": data.replace(b"Gazette", b"Gazetta"),
        "empty": b"",
        "magic": b"x" + data[1:],
    }[damage]
    entry.write_bytes(damaged)
    again = load_claims(claims)
    assert len(builds) == 2
    assert picture(again) == picture(first)
    assert picture(load_claims(claims)) == picture(first)
    assert len(builds) == 2, "the damaged entry was not replaced by a good one"


def test_a_file_with_errors_is_never_cached(folder: Path, claims: Path) -> None:
    claims.write_text(FILE.replace("figure: 9,000", "figure: lots"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ClaimsFileError):
            load_claims(claims)
    assert not folder.exists() or entries(folder) == []


def test_the_cache_can_be_turned_off(
    folder: Path, claims: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_claims(claims)
    monkeypatch.setenv("SHELLCOUNT_NO_CACHE", "1")
    load_claims(claims)
    assert len(builds) == 2, "SHELLCOUNT_NO_CACHE=1 still read the cache"
    claims.write_text(FILE.replace("figure: about 30", "figure: about 31"), encoding="utf-8")
    load_claims(claims)
    assert len(entries(folder)) == 1, "SHELLCOUNT_NO_CACHE=1 still wrote the cache"


@pytest.mark.parametrize("off", ["", "0"])
def test_an_empty_or_zero_switch_leaves_it_on(
    folder: Path, claims: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch, off: str
) -> None:
    monkeypatch.setenv("SHELLCOUNT_NO_CACHE", off)
    load_claims(claims)
    load_claims(claims)
    assert len(builds) == 1


def test_a_folder_that_cannot_be_made_is_passed_over(
    tmp_path: Path, claims: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SHELLCOUNT_CACHE_DIR", str(blocker / "cache"))
    assert summary(load_claims(claims)) == summary(load_claims(claims))


def test_the_folder_is_made_private(folder: Path, claims: Path) -> None:
    load_claims(claims)
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0


def test_old_entries_are_pruned(
    folder: Path, claims: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_MAX_ENTRIES", 3)
    for label in "abcde":
        load_claims(claims, label=label)
    assert len(entries(folder)) == 3


_TWICE = """
import sys
from shellcount.ledger.loader import load_claims
from shellcount.arithmetic import units
ledger = load_claims(sys.argv[1])
claim = ledger.claim("silos")
print(units.format_unit(claim.unit), units.is_carrier_count(claim.unit), claim.amount.interval.high)
"""


def test_a_hit_in_a_fresh_process_knows_the_files_own_units(folder: Path, claims: Path) -> None:
    env = {**os.environ, "SHELLCOUNT_CACHE_DIR": str(folder)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _TWICE, str(claims)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[1].stderr
    assert len(entries(folder)) == 1
    assert runs[1].stdout == runs[0].stdout, runs[1].stdout
    assert runs[0].stdout.startswith("silo True "), runs[0].stdout


# -- the reference and readings files -------------------------------------------------


def test_the_reference_file_is_cached_and_an_edit_is_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shellcount.arithmetic import units
    from shellcount.ledger.reference import load_reference, packaged_reference_path

    # As in a run that read no claims file declaring units (this process has read many).
    monkeypatch.setattr(units, "_DEFINED_BY_FILES", [])

    path = tmp_path / "reference.yaml"
    text = packaged_reference_path().read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_reference(path)
    assert len(list(folder.glob("reference-*.pickle"))) == 1
    assert repr(load_reference(path)) == repr(first)
    broken = text + "\nunknown_field: 1\n"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ShellcountError):
        load_reference(path)
    assert len(list(folder.glob("reference-*.pickle"))) == 1, "a broken file was cached"


_IMPORTS_YAML = """
import sys
from shellcount.cli import main
sys.argv = ["shellcount", "compare", "--format", "csv"]
try:
    main()
except SystemExit:
    pass
print("yaml" in sys.modules, file=sys.stderr)
"""


def test_a_command_whose_files_are_all_cached_never_loads_yaml(folder: Path) -> None:
    env = {**os.environ, "SHELLCOUNT_CACHE_DIR": str(folder)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _IMPORTS_YAML],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        for _ in range(2)
    ]
    assert [run.stderr.strip() for run in runs] == ["True", "False"], runs[1].stderr
    assert runs[1].stdout == runs[0].stdout
    kinds = sorted(path.name.split("-")[0] for path in folder.glob("*.pickle"))
    assert kinds == ["claims", "readings", "reference"]


# -- what the process defined before the file ----------------------------------------

_DECLARES = FILE
_USES_UNDECLARED = (
    FILE.replace("units: [silo]\n", "")
    .replace("id: silos", "id: more_silos")
    .replace("converts: silos", "converts: more_silos")
)

_READ = """
import sys
from shellcount.ledger.loader import load_claims
from shellcount.errors import ShellcountError
try:
    for path in sys.argv[1:]:
        load_claims(path)
except ShellcountError as error:
    print(error)
else:
    print("read")
"""


def test_a_unit_another_file_declared_is_part_of_the_key(folder: Path, tmp_path: Path) -> None:
    """A file may use a count unit an earlier file of the same run declared; alone, it
    cannot, and a cache hit must not let it."""
    declares, uses = tmp_path / "declares.yaml", tmp_path / "uses.yaml"
    declares.write_text(_DECLARES, encoding="utf-8")
    uses.write_text(_USES_UNDECLARED, encoding="utf-8")
    env = {**os.environ, "SHELLCOUNT_CACHE_DIR": str(folder)}

    def read(*paths: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _READ, *map(str, paths)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return done.stdout.strip()

    assert read(declares, uses) == "read"
    alone = read(uses)
    assert "unknown unit 'silos'" in alone, alone
    assert read(uses) == alone
    assert read(declares, uses) == "read"
