"""The repository keeps the shape docs/architecture.md describes: every module it names exists, imports only
point down the layers, no file grows past ~400 lines, the vendored vis-network is the pinned one, and both
language books hold the same words."""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
PACKAGES = ("graph", "loaders", "chainmap", "app_pages", "bench")


def test_every_module_the_architecture_page_names_exists():
    named = set(re.findall(r"`((?:graph|loaders|chainmap|app_pages|bench|data|docs)/[\w./-]+)`", DOC.read_text("utf-8")))
    named |= {"app.py"}
    assert len(named) > 30
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert missing == [], missing


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def _modules(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


# (files, module prefixes they must never import)
RULES = [
    ("graph", ("loaders", "chainmap", "app_pages", "app", "tests", "bench", "streamlit")),
    ("loaders", ("chainmap", "app_pages", "tests", "bench", "streamlit")),
    ("chainmap", ("app_pages", "tests", "bench", "streamlit")),
    ("bench", ("tests", "app_pages")),
    ("graph/model.py", ("graph.",)),
    ("graph/store", ("graph.maintain", "graph.embedded", "graph.neo4j", "graph.analysis", "graph.words", "graph.tables", "graph.picture",
                     "graph.export")),
    ("graph/embedded", ("graph.maintain", "graph.neo4j", "graph.analysis", "graph.words", "graph.tables", "graph.picture", "graph.export")),
    ("graph/neo4j", ("graph.maintain", "graph.embedded", "graph.analysis", "graph.words", "graph.tables", "graph.picture", "graph.export")),
    ("graph/analysis", ("graph.maintain", "graph.embedded", "graph.neo4j", "graph.words", "graph.tables", "graph.picture", "graph.export")),
    ("graph/words", ("graph.maintain", "graph.embedded", "graph.neo4j", "graph.tables", "graph.picture", "graph.export")),
    ("graph/maintain", ("graph.neo4j", "graph.words", "graph.tables", "graph.picture", "graph.export")),
    ("graph/tables", ("graph.embedded", "graph.neo4j", "graph.picture", "graph.export")),
    ("graph/picture", ("graph.embedded", "graph.neo4j", "graph.export")),
    ("graph/export", ("graph.embedded", "graph.neo4j")),
]


@pytest.mark.parametrize("where,forbidden", RULES, ids=[r[0] for r in RULES])
def test_imports_only_point_down(where, forbidden):
    target = ROOT / where
    files = [target] if target.is_file() else _modules(where)
    wrong = [(str(f.relative_to(ROOT)), m) for f in files for m in _imports(f)
             if any(m == p.rstrip(".") or m.startswith(p if p.endswith(".") else p + ".") for p in forbidden)]
    assert wrong == [], wrong


def test_no_source_file_is_longer_than_about_400_lines():
    files = [f for pkg in (*PACKAGES, "scripts", "tests") for f in _modules(pkg)] + [ROOT / "app.py"]
    long = sorted((str(f.relative_to(ROOT)), n) for f in files
                  if (n := len(f.read_text(encoding="utf-8").splitlines())) > 420)
    assert long == [], long


def test_vendored_vis_network_is_the_pinned_version():
    folder = ROOT / "graph" / "assets" / "vis-network"
    pinned = dict(line.split("=", 1) for line in (folder / "VERSION").read_text("utf-8").splitlines()
                  if "=" in line and not line.startswith("#"))
    js = (folder / "vis-network.min.js").read_bytes()
    assert hashlib.sha256(js).hexdigest() == pinned["sha256"]
    assert hashlib.sha256((folder / "vis-network.min.css").read_bytes()).hexdigest() == pinned["css_sha256"]
    assert f"@version {pinned['version']}".encode() in js[:400]
    assert (folder / "LICENSE-MIT").exists() and (folder / "LICENSE-APACHE-2.0").exists()


def test_both_language_books_hold_the_same_words():
    from graph.words import en, zh

    assert set(zh.TEXT) == set(en.TEXT)
    assert {k: set(v) for k, v in zh.ENUMS.items()} == {k: set(v) for k, v in en.ENUMS.items()}
    assert not [k for k, v in en.TEXT.items() if re.search(r"[\u4e00-\u9fff]", v)]
