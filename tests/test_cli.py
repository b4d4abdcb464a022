"""The installed `chainmap` console script: help lists every subcommand, and read commands need data."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from chainmap.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent


def chainmap(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("chainmap", path=str(Path(sys.executable).parent)) or shutil.which("chainmap")
    assert exe, "the chainmap console script is not installed (pip install -e .)"
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_help_lists_every_subcommand():
    out = chainmap("--help")
    assert out.returncode == 0
    for name in ("check", "neo4j", "load", "gaps", "export"):
        assert name in COMMANDS and name in out.stdout


def test_gaps_without_data_or_neo4j_says_what_to_give():
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    out = chainmap("gaps", env=env)
    assert out.returncode == 1 and "NEO4J_URI" in out.stderr


def test_check_starts_without_pictures_pinyin_neo4j_or_networkx():
    """`chainmap check` pays for the loader only: the other commands' heavy imports stay out (cold start)."""
    code = ("import sys; from chainmap.cli import main; rc = main(['check', 'data/laoshan']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyvis', 'pypinyin', 'networkx', 'neo4j', "
            "'streamlit', 'jinja2', 'rapidfuzz'}), rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[] 0", out.stdout + out.stderr


def test_check_says_when_the_data_is_past_the_embedded_store_and_points_to_neo4j(monkeypatch, capsys):
    from chainmap.cmd_check import check
    from graph.embedded import limits

    monkeypatch.setattr(limits, "EMBEDDED_FIRM_LIMIT", 100)  # Laoshan's 165 firms stand in for a province
    assert check("data/laoshan") is not None
    out = capsys.readouterr().out
    assert "165 firms" in out and "Neo4j" in out and "chainmap load" in out and "100,000 firms" in out
    monkeypatch.setattr(limits, "EMBEDDED_FIRM_LIMIT", 1000)
    check("data/laoshan")
    assert "Neo4j" not in capsys.readouterr().out
