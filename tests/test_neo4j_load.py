"""Loading into a real Neo4j (no mocks): atomic replace, clean-up of failed and killed loads,
idempotence, deletion on reload, invalid data writes nothing, readers only ever see whole loads."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench.synthetic import synthetic_load_dataset
from chainmap.cli import main
from graph.neo4j import Neo4jStore
from graph.store import NotFound
from loaders import load_or_raise
from graph.neo4j import InjectedFailure, load_into_neo4j
from loaders.write import write_csv_folder
from tests.toy import toy_dataset

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
LAOSHAN = REPO / "data" / "laoshan"


@pytest.fixture(scope="module")
def laoshan():
    return load_or_raise(LAOSHAN)


@pytest.fixture
def store(neo4j_uri, neo4j_auth):
    s = Neo4jStore(neo4j_uri, *neo4j_auth)
    yield s
    s.close()


@pytest.fixture
def cli_env(neo4j_uri, neo4j_auth, monkeypatch):
    """NEO4J_* variables for `chainmap load` (in-process and in subprocesses)."""
    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_auth[0])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_auth[1])
    return dict(os.environ)


def db_totals(driver) -> dict[str, int]:
    """Everything in the database, whatever its load: nodes and relationships by label / type."""
    nodes = driver.execute_query("MATCH (n) RETURN labels(n)[0] AS k, count(*) AS c").records
    rels = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS c").records
    return {**{f"node:{r['k']}": r["c"] for r in nodes}, **{f"rel:{r['k']}": r["c"] for r in rels}}


def loads_in_db(driver) -> set[str]:
    """Load ids of every data node and registry node (should be just the current one after a load)."""
    records = driver.execute_query(
        "MATCH (n) WHERE n.load IS NOT NULL AND NOT n:Current RETURN DISTINCT n.load AS l "
        "UNION MATCH (l:Load) RETURN l.id AS l"
    ).records
    return {r["l"] for r in records}


def current(driver) -> str | None:
    records = driver.execute_query("MATCH (c:Current {key: 'dataset'}) RETURN c.load AS l").records
    return records[0]["l"] if records else None


def test_loading_twice_changes_nothing_visible(neo4j_driver, store, laoshan):
    first = load_into_neo4j(neo4j_driver, laoshan)
    totals = db_totals(neo4j_driver)
    second = load_into_neo4j(neo4j_driver, laoshan)
    assert second.previous == first.load_id and second.load_id != first.load_id
    assert db_totals(neo4j_driver) == totals
    assert loads_in_db(neo4j_driver) == {second.load_id}
    assert totals["node:Firm"] == len(laoshan.firms) and totals["rel:SUPPLIES_FIRM"] == len(laoshan.firm_links)
    assert (second.rows, second.nodes, second.relationships) == (first.rows, first.nodes, first.relationships)
    assert store.dataset() == laoshan


def test_a_deleted_row_is_gone_after_reload(tmp_path, cli_env, neo4j_driver, store, laoshan, capsys):
    # A firm nothing else refers to (no link, project or chain leadership).
    referenced = {x for l in laoshan.firm_links for x in (l.supplier, l.customer)}
    referenced |= {p.firm for p in laoshan.projects} | {f for c in laoshan.chains for f in c.leaders}
    gone = next(f for f in laoshan.firms if f.id not in referenced)
    assert main(["load", str(LAOSHAN)]) == 0
    assert store.firm_detail(gone.id).firm == gone

    edited = dataclasses.replace(laoshan, firms=tuple(f for f in laoshan.firms if f.id != gone.id))
    folder = write_csv_folder(edited, tmp_path / "edited")
    capsys.readouterr()
    assert main(["load", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "rows/s" in err and "write firms" in err  # progress on stderr
    assert out.strip().splitlines()[-1].startswith(f"loaded {sum(edited.counts().values()):,} rows into ")
    with pytest.raises(NotFound):
        store.firm_detail(gone.id)
    assert gone.id not in {e.id for e in store.search_entries()}
    assert store.dataset() == edited
    assert db_totals(neo4j_driver)["node:Firm"] == len(laoshan.firms) - 1


def test_invalid_data_exits_non_zero_and_writes_nothing(tmp_path, cli_env, neo4j_driver, store, capsys):
    load_into_neo4j(neo4j_driver, toy_dataset())
    before, loads = db_totals(neo4j_driver), loads_in_db(neo4j_driver)
    folder = tmp_path / "broken"
    shutil.copytree(LAOSHAN, folder)
    firms = (folder / "firms.csv").read_text(encoding="utf-8").replace(",vr.software,", ",vr.softwar,", 1)
    (folder / "firms.csv").write_text(firms, encoding="utf-8")

    assert main(["check", str(folder)]) == 1
    check_out = capsys.readouterr().out
    assert main(["load", str(folder)]) == 1
    load_out = capsys.readouterr().out
    assert load_out == check_out  # the same report as `chainmap check`
    assert "unknown segment id" in load_out and "nothing was imported" in load_out
    # A separate process, as a user would run it: same exit code.
    proc = subprocess.run([sys.executable, "-m", "chainmap.cli", "load", str(folder)], cwd=REPO, env=cli_env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert db_totals(neo4j_driver) == before and loads_in_db(neo4j_driver) == loads
    assert store.dataset() == toy_dataset()


def test_load_without_a_uri_says_how_to_give_one(monkeypatch, capsys):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert main(["load", str(LAOSHAN)]) == 2
    assert "NEO4J_URI" in capsys.readouterr().err


def test_a_load_failing_half_way_leaves_the_previous_graph_and_the_next_load_cleans_up(
        neo4j_driver, store, laoshan):
    toy = toy_dataset()
    load_into_neo4j(neo4j_driver, toy)
    before = db_totals(neo4j_driver)
    with pytest.raises(InjectedFailure):
        load_into_neo4j(neo4j_driver, laoshan, batch_size=20, fail_at_batch=12)
    assert store.dataset() == toy
    assert store.info().counts == tuple(toy.counts().items())
    leftovers = loads_in_db(neo4j_driver) - {current(neo4j_driver)}
    assert len(leftovers) == 1, "the failed load's committed batches stay, invisible, until the next load"
    assert db_totals(neo4j_driver) != before

    stats = load_into_neo4j(neo4j_driver, laoshan)
    assert stats.cleaned == tuple(leftovers)
    assert loads_in_db(neo4j_driver) == {stats.load_id}
    assert store.dataset() == laoshan


def _read_stderr_until(proc: subprocess.Popen, marker: str, timeout: float) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return lines
    raise AssertionError(f"no {marker!r} in the loader's output:\n{''.join(lines)}")


def test_a_killed_load_leaves_the_previous_graph_and_the_next_load_cleans_up(
        tmp_path, cli_env, neo4j_driver, store, laoshan):
    load_into_neo4j(neo4j_driver, laoshan)
    before = db_totals(neo4j_driver)
    big = synthetic_load_dataset(firms=20_000, firm_links=40_000)
    folder = write_csv_folder(big, tmp_path / "synthetic")
    proc = subprocess.Popen(
        [sys.executable, "-m", "chainmap.cli", "load", str(folder), "--batch-size", "500"],
        cwd=REPO, env=cli_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        _read_stderr_until(proc, "write firms", timeout=120)  # several batches are committed by now
        assert store.info().counts == tuple(laoshan.counts().items()), "a reader saw the load in progress"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()

    assert store.dataset() == laoshan
    leftovers = loads_in_db(neo4j_driver) - {current(neo4j_driver)}
    assert len(leftovers) == 1, "the killed load left committed batches behind"
    assert db_totals(neo4j_driver) != before

    stats = load_into_neo4j(neo4j_driver, laoshan)
    assert stats.cleaned == tuple(leftovers)
    assert db_totals(neo4j_driver) == before
    assert loads_in_db(neo4j_driver) == {stats.load_id}


def test_readers_only_ever_see_whole_loads(neo4j_driver, store, laoshan):
    toy = toy_dataset()
    whole = {tuple(toy.counts().items()), tuple(laoshan.counts().items())}
    load_into_neo4j(neo4j_driver, toy)
    seen: list[tuple] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                seen.append(store.info().counts)
                data = store.dataset()
                assert data == toy or data == laoshan, "a reader saw a mixed or partial dataset"
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for data in (laoshan, toy, laoshan):
            load_into_neo4j(neo4j_driver, data, batch_size=25)
    finally:
        stop.set()
        reader.join(timeout=60)
    assert not errors, errors
    assert set(seen) <= whole and len(set(seen)) == 2, set(seen)


def test_a_load_written_by_an_older_chainmap_asks_to_be_loaded_again(neo4j_driver, store):
    """A dataset loaded before the derived counts and search keys existed is not read half-right."""
    from graph.store import StoreUnavailable

    load_into_neo4j(neo4j_driver, toy_dataset())
    assert store.chains()
    neo4j_driver.execute_query("MATCH (c:Current {key: 'dataset'}) REMOVE c.layout")
    with pytest.raises(StoreUnavailable, match="load it again"):
        store.chains()
    load_into_neo4j(neo4j_driver, toy_dataset())
    assert [c.chain.id for c in store.chains()] == ["other", "toy"]
