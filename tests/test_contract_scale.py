# ruff: noqa: F811  (pytest fixtures imported from the contract suite are parameters here)
"""The contract at scale: what the pages of a big chain ask instead of the whole chain — the gap aggregates,
the analyses built from them, a capped neighbourhood — equal on both backends to the full answers of the
reference (``tests/reference.py``). Same datasets and stores as ``test_contract.py``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.analysis.gaps import Rules, analyse_chain, analyse_chain_in
from graph.analysis.neighbourhood import BESIDE, neighbourhood
from graph.analysis.targets import Weights
from graph.analysis.whatif import what_if, what_if_in
from graph.export.gaps_json import gaps_json
from graph.model import PRESENCES
from graph.store import LocalRule, NotFound
from tests.test_contract import data, name, reference, store  # noqa: F401  (the contract suite's fixtures)


def test_a_neighbourhood_shows_the_first_local_firms_of_a_segment_and_counts_the_rest(store, reference, data, name):
    """Beside each reached segment the picture order's first BESIDE local firms, the rest counted — every local
    firm of the segment shown or counted (the synthetic set has ~24 local firms a segment: the cut happens)."""
    cut = 0
    for firm in data.firms[:10]:
        hood = neighbourhood(store, firm.id, hops=1)
        for sid in (i for i in hood.ids("segment") if i not in firm.segments):
            local = reference.segment_firms(sid, 0, 10_000, local=True)[1]
            assert {f.id for f in local[:BESIDE]} <= set(hood.ids("firm")), (firm.id, sid)
            assert hood.more_on(sid) == max(0, len(local) - BESIDE), (firm.id, sid)
            cut += hood.more_on(sid) > 0
    assert cut > 0 or name != "synthetic"


# Which firms count as local: the default (a working unit), stricter (registered only, no uncertain
# evidence), looser (any presence): each gives other candidates, link counts and sole suppliers.
LOCAL_RULES = (LocalRule(), LocalRule(("registered",), False), LocalRule(PRESENCES, True))


def test_the_gap_aggregates_are_the_reference_answers(store, reference, data):
    """What a big chain's gap page asks instead of its firm links: a view without them, each candidate's link
    counts and partner parks, the sole local suppliers — equal to the reference's under several rules."""
    for chain in data.chains:
        full = reference.chain_view(chain.id)
        assert store.chain_view(chain.id, firm_links=False) == replace(full, firm_links=(), linked_firms=()), chain.id
        for rule in LOCAL_RULES:
            assert store.candidate_facts(chain.id, rule) == reference.candidate_facts(chain.id, rule), (chain.id, rule)
            assert store.sole_suppliers(chain.id, rule) == reference.sole_suppliers(chain.id, rule), (chain.id, rule)
    with pytest.raises(NotFound):
        store.candidate_facts("no-such-id")


def test_a_big_chain_is_analysed_from_aggregates_with_the_full_analysis_answers(store, reference, data, name):
    """``analyse_chain_in`` (the gap and target pages) reads no chain's firm links in full, and still gives
    the statuses, targets (the best ``top``, with every part of their scores and reasons), candidate counts
    and single points that the full analysis of the reference's view gives."""
    rules_list = (Rules(), Rules(local_presences=("registered",), count_uncertain=False, min_quality=2))
    for chain in data.chains:
        for rules, weights, top in zip(rules_list, (Weights(), Weights(park=2.5, unconfirmed_link=0.3)), (3, 20)):
            ours = analyse_chain_in(store, chain.id, rules, weights, top=top)
            theirs = analyse_chain(reference.chain_view(chain.id), rules, weights, top=top)
            assert gaps_json([ours], rules, weights) == gaps_json([theirs], rules, weights), chain.id
            assert [g.targets for g in ours.segments] == [g.targets for g in theirs.segments], chain.id
            assert ours.points == theirs.points, chain.id
    if name == "synthetic":  # ~16 candidates a segment: the best 3 are kept and the rest counted
        cut = [g for c in data.chains for g in analyse_chain_in(store, c.id, top=3).segments if g.candidates > 3]
        assert cut and all(len(g.targets) == 3 for g in cut)


def test_a_what_if_on_a_big_chain_is_the_full_what_if(store, reference, data):
    """``what_if_in`` (the what-if page) re-counts only what a move touches, and still gives the full what-if's
    changes, stage deltas, single points and both analyses — a local firm leaving, an outside firm landing in a park."""
    for chain in data.chains:
        view = reference.chain_view(chain.id)
        leaving = next((f.id for f in view.local_firms), None)
        landing = next((f.id for f in view.firms if not f.counts_as_local()), None)
        park = next((p.id for p in view.parks if chain.id in p.focus), None)
        for kind, firm in (("leaves", leaving), ("lands", landing)):
            if firm is None:
                continue
            ours = what_if_in(store, chain.id, **{kind: firm}, park=park if kind == "lands" else None, top=5)
            theirs = what_if(view, **{kind: firm}, park=park if kind == "lands" else None, top=5)
            assert (ours.changes, ours.stages) == (theirs.changes, theirs.stages), (chain.id, kind)
            assert (ours.single_points_before, ours.single_points_after) == (
                theirs.single_points_before, theirs.single_points_after), (chain.id, kind)
            assert gaps_json([ours.before, ours.after]) == gaps_json([theirs.before, theirs.after]), (chain.id, kind)
