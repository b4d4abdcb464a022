"""In CI (CI=true) a skipped `neo4j` or `browser` test fails the run (tests/conftest.py); elsewhere it skips."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SAMPLE = '''
import pytest

@pytest.mark.neo4j
def test_needs_neo4j():
    pytest.skip("no server here")

@pytest.mark.browser
def test_needs_a_browser():
    pytest.skip("no browser here")

def test_ordinary_skip():
    pytest.skip("fine anywhere")
'''


def run(tmp_path: Path, ci: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rf", "-p", "tests.conftest", "-p", "no:cacheprovider",
                           str(tmp_path / "test_sample.py")], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def test_skips_of_neo4j_and_browser_tests_fail_in_ci(tmp_path):
    proc = run(tmp_path, "true")
    assert proc.returncode == 1, proc.stdout
    assert "2 failed, 1 skipped" in proc.stdout
    assert "a skipped 'neo4j' test is a failure" in proc.stdout
    assert "a skipped 'browser' test is a failure" in proc.stdout


def test_they_only_skip_outside_ci(tmp_path):
    proc = run(tmp_path, "")
    assert proc.returncode == 0, proc.stdout
    assert "3 skipped" in proc.stdout
