"""The import fuzzer in CI: seeded mutations of data/laoshan, and every input an earlier campaign found failing.

Each case must get an answer from ``loaders.load`` — no exception escapes; either (None, a report with
errors) or (a Dataset, a report without errors) — and an accepted Dataset holds only text that is a cell of
its source, decoded with the codec the case really used, after the documented normalisation (strip): an
accept is never mojibake. Harmless variants (a BOM, GB18030, padding, column order, a workbook copy) must
load equal to the original. A case running longer than CASE_SECONDS fails as a hang (a fail-safe, not a
speed test). The generator and the oracle are in tests/import_mutations.py; the workers and bigger campaigns
(``python -m tests.import_campaign``) in tests/import_campaign.py.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from graph.model import Dataset
from loaders import Report, load
from tests.import_campaign import run_seeds

FUZZ_CASES = int(os.environ.get("CHAINMAP_FUZZ_CASES", "500"))  # the CI budget
FIRST_SEED = 1
CASE_SECONDS = 10.0
CASES = Path(__file__).resolve().parent / "fuzz_cases"


def _findings(seeds, base: Path) -> list[str]:
    jobs = min(2, os.cpu_count() or 1)
    return [f"seed {seed}: {outcome} ({seconds:.1f} s): {detail}"
            for seed, outcome, seconds, detail in run_seeds(seeds, base, jobs, timeout=CASE_SECONDS)
            if outcome != "ok"]


def test_seeded_mutations_all_get_a_sound_answer(tmp_path):
    assert _findings(range(FIRST_SEED, FIRST_SEED + FUZZ_CASES), tmp_path) == []


def test_every_failure_an_earlier_campaign_found_now_gets_a_sound_answer(tmp_path):
    record = json.loads((CASES / "campaign.json").read_text(encoding="utf-8"))
    seeds = sorted({s for found in record["findings"].values() for s in found})
    assert seeds, "the campaign record lists the seeds it found failing"
    assert _findings(seeds, tmp_path) == []


def _materialize(case: Path, root: Path) -> Path:
    """Copy a kept case (gzipped files unpacked; folders, FIFOs and links made from case.json)."""
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    for src in case.rglob("*"):
        if src.is_file() and src.name != "case.json":
            dst = root / src.relative_to(case)
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.suffix == ".gz":
                dst.with_suffix("").write_bytes(gzip.decompress(src.read_bytes()))
            else:
                shutil.copy(src, dst)
    for name, how in spec.get("special", {}).items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        {"dir": path.mkdir, "fifo": lambda: os.mkfifo(path), "loop": lambda: os.symlink(path.name, path),
         "dev": lambda: os.symlink("/dev/zero", path), "dangling": lambda: os.symlink("nowhere.csv", path)}[how]()
    return root / spec["load"]


KEPT = sorted(p for p in CASES.iterdir() if (p / "case.json").is_file()) if CASES.is_dir() else []


@pytest.mark.parametrize("case", KEPT, ids=[p.name for p in KEPT])
def test_a_kept_crashing_input_gets_the_answer_it_deserves(case, tmp_path):
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    data, report = load(_materialize(case, tmp_path))
    assert isinstance(report, Report) and all(e.file and e.message for e in report.problems)
    if spec["expect"] == "refused":  # damaged input: nothing imported, and the report names the damaged file
        assert data is None
        assert spec["error_in"] in {e.file.split("[")[0] for e in report.errors if "is missing" not in e.message}
    else:  # e.g. a workbook with a far-away stray cell: read, with a warning
        assert isinstance(data, Dataset) and report.errors == [] and report.warnings


def test_cases_were_kept():
    assert len(KEPT) >= 3, "tests/fuzz_cases/ holds the shrunk crashing inputs of the campaign"
