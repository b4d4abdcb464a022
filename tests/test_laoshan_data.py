"""The real Laoshan dataset keeps its promises: sources, presence, the README's counts, the fact sheet's rankings.

Staff edit the CSV files by hand (scripts/build_laoshan_data.py is provenance only), so these checks are what
catches a firm without a source, a presence outside the documented set, a partner counted as a working unit,
or a README whose numbers no longer match the files.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "laoshan"
SHARED = ROOT.parent / "shared" / "laoshan"  # the fact sheet and the additions, beside the worktree

PRESENCE = ("registered", "branch", "rnd", "office", "agreement", "planned", "none")
WORKING_UNIT = {"registered", "branch", "rnd"}
# Partners the issue (10) names: their own sources show no working unit in Laoshan.
PARTNERS = {"firm_huawei": "华为", "firm_dixintong": "迪信通", "firm_ubtech": "优必选", "firm_bocom_qd": "交通银行"}
# The one archived source without a URL; it may support a firm but never be its only source.
ARCHIVED_WITHOUT_URL = {"S2018_0327"}


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def ids(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


@pytest.fixture(scope="module")
def firms():
    return rows("firms")


@pytest.fixture(scope="module")
def sources():
    return {s["id"]: s for s in rows("sources")}


def has_url(source: dict[str, str]) -> bool:
    return source["url"].startswith(("http://", "https://"))


def working_units_on_segments(firms) -> list[dict[str, str]]:
    return [f for f in firms if f["local"] == "true" and f["presence"] in WORKING_UNIT and ids(f["segments"])]


def test_check_command_is_clean():
    done = subprocess.run([sys.executable, "-m", "chainmap.cli", "check", "data/laoshan"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line for line in lines if line.startswith("ERROR")] == []
    assert lines[-1].startswith("data/laoshan: OK"), done.stdout


def test_every_firm_rests_on_sources_with_a_url_or_the_seed_article(firms, sources):
    for f in firms:
        cited = ids(f["sources"])
        assert cited, f"{f['id']}: no source"
        for sid in cited:
            assert sid in sources, f"{f['id']}: unknown source {sid}"
            ok = has_url(sources[sid]) or sid == "SEED2025" or sid in ARCHIVED_WITHOUT_URL
            assert ok, f"{f['id']}: source {sid} has no URL and is not the seed article"
        assert any(has_url(sources[s]) or s == "SEED2025" for s in cited), f"{f['id']}: only URL-less sources"
    for sid in ARCHIVED_WITHOUT_URL:  # the exception stays what it claims to be
        assert sources[sid]["kind"] == "unretrieved" and not sources[sid]["url"]


def test_every_firm_has_a_documented_presence(firms):
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    fmt = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    presence_row = next(line for line in fmt.splitlines() if line.startswith("| `presence` |"))
    for value in PRESENCE:
        assert f"| `{value}` |" in readme, f"data/laoshan/README.md does not document presence '{value}'"
        assert f"`{value}`" in presence_row, f"docs/data-format.md does not document presence '{value}'"
    wrong = {f["id"]: f["presence"] for f in firms if f["presence"] not in PRESENCE}
    assert wrong == {}, wrong


def test_presence_is_stated_by_the_firms_own_sources(firms, sources):
    for f in firms:
        cited = ids(f["presence_sources"])
        if f["presence"] == "none":
            continue
        assert cited, f"{f['id']}: presence '{f['presence']}' without presence_sources"
        for sid in cited:
            assert sid in ids(f["sources"]), f"{f['id']}: presence source {sid} is not among the firm's sources"
            assert has_url(sources[sid]) or sid == "SEED2025", f"{f['id']}: presence source {sid} has no URL"


def test_local_flag_agrees_with_presence(firms):
    outside_working = [f["id"] for f in firms if f["local"] == "false" and f["presence"] in WORKING_UNIT]
    local_none = [f["id"] for f in firms if f["local"] == "true" and f["presence"] == "none"]
    assert outside_working == [] and local_none == []


def test_the_four_partners_are_not_working_units(firms):
    by_id = {f["id"]: f for f in firms}
    for fid, name in PARTNERS.items():
        firm = by_id[fid]
        assert name in firm["name"]
        assert firm["presence"] not in WORKING_UNIT, f"{name} counted as a working unit"
        assert firm["presence_note"], f"{name}: the judgement needs words in presence_note"
    assert not {f["id"] for f in working_units_on_segments(firms)} & set(PARTNERS)


def actual_counts(firms) -> dict[str, int]:
    counts = {name: len(rows(name)) for name in
              ("chains", "segments", "segment_links", "parks", "firms", "firm_links", "projects", "sources")}
    counts["firms_local"] = sum(f["local"] == "true" for f in firms)
    counts["firms_outside"] = sum(f["local"] == "false" for f in firms)
    counts["firms_working_unit_on_segment"] = len(working_units_on_segments(firms))
    presence = Counter(f["presence"] for f in firms)
    counts.update({f"presence={p}": presence[p] for p in PRESENCE})
    return counts


def test_readme_counts_match_the_files(firms):
    text = (DATA / "README.md").read_text(encoding="utf-8")
    stated = {k: int(v) for k, v in re.findall(r"^\| `([a-z_=]+)` \| (\d+) \|", text, flags=re.M)}
    assert stated == actual_counts(firms), "data/laoshan/README.md '数量 / Counts' table is out of date"


def test_top_level_readme_counts_match_the_files(firms):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line.startswith("`data/laoshan/` holds"))
    actual = actual_counts(firms)
    expected = {"chains": "chains", "segments": "segments", "parks": "parks",
                "firms located in Laoshan": "firms_local", "outside firms": "firms_outside",
                "firm-to-firm links": "firm_links", "projects": "projects", "sources": "sources",
                "Laoshan firms with a working unit": "firms_working_unit_on_segment"}
    for words, key in expected.items():
        found = re.search(r"(\d+) " + re.escape(words), sentence)
        assert found and int(found.group(1)) == actual[key], f"README.md: '{words}' should be {actual[key]}"


def test_parks_keep_the_fact_sheets_ranking(sources):
    parks = rows("parks")
    ranked = [p["id"] for p in sorted(parks, key=lambda p: int(p["candidate_rank"]))]
    assert sorted(int(p["candidate_rank"]) for p in parks) == list(range(1, len(parks) + 1))
    for p in parks:
        assert p["candidate_reason"] and all(s in sources for s in ids(p["candidate_sources"])), p["id"]
    facts = SHARED / "laoshan_facts.md"
    if not facts.exists():
        pytest.skip("fact sheet not beside the worktree")
    found = re.search(r"best guess for the four = ([\w, ]+); alternatives = ([\w, ]+)\.",
                      facts.read_text(encoding="utf-8"))
    order = [x.strip() for x in (found.group(1) + "," + found.group(2)).split(",")]
    assert ranked[:len(order)] == order


def test_the_seventh_chain_shows_both_candidates(sources):
    chains = {c["id"]: c for c in rows("chains")}
    assert (chains["ic"]["status"], chains["nem"]["status"]) == ("candidate", "candidate")
    assert (chains["ic"]["alternative"], chains["nem"]["alternative"]) == ("nem", "ic")
    for cid in ("ic", "nem"):
        assert chains[cid]["alternative_note"] and ids(chains[cid]["alternative_sources"])
        assert all(s in sources for s in ids(chains[cid]["alternative_sources"]))


def test_meta_keeps_the_seven_chains_total_scale(sources):
    meta = {r["key"]: r["value"] for r in rows("meta")}
    assert "1800" in meta["total_scale"] and meta["total_scale_en"]
    assert meta["total_scale_source"] == "SEED2025" and "SEED2025" in sources


def test_no_note_points_to_a_list_outside_data():
    for path in DATA.glob("*.csv"):
        assert "firms_found_but_not_placed" not in path.read_text(encoding="utf-8"), path.name


def test_every_addition_is_in_the_data_as_stated(firms, sources):
    new = SHARED / "additions-2026-12" / "new_firms.csv"
    if not new.exists():
        pytest.skip("additions file not beside the worktree")
    with open(new, encoding="utf-8", newline="") as fh:
        additions = list(csv.DictReader(fh))
    url_of = {sid: s["url"] for sid, s in sources.items()}

    def same(firm, row):
        named = firm["name"] == row["name"] or (row["name_en"] and firm["name_en"] == row["name_en"])
        cites_url = row["source_url"] in {url_of[s] for s in ids(firm["sources"])}
        return named and firm["quote"] == row["quote"] and cites_url

    for row in additions:
        matches = [f for f in firms if same(f, row)]
        assert len(matches) == 1, f"addition {row['name']!r} found {len(matches)} times in firms.csv"
        firm = matches[0]
        assert firm["local"] == "true" and firm["evidence"] == row["evidence"], firm["id"]
        assert row["note"] in firm["note"], firm["id"]
        assert set(ids(firm["tags"])) == set(ids(row["tags"])), firm["id"]
        if row["segment"].startswith("NEW:"):
            assert firm["segments"] == "" and "No segment" in firm["note"], firm["id"]
        else:
            assert firm["segments"] == row["segment"], firm["id"]
        if "中文名未见" in row["name"]:
            assert "English only" in firm["note"], firm["id"]
    for f in firms:  # a name the page gives in English only stays English: no Chinese name is made up
        if "gives the name in English only" in f["note"]:
            assert not re.search(r"[\u4e00-\u9fff]", f["name"]), f["id"]
    assert sum(bool(f["quote"]) for f in firms) == len(additions)
