"""The layering rule: tui -> lessons -> engine -> numpy, never the other way.

The engine imports neither Textual, plotext, rich, lessons nor tui; lessons never import
Textual or tui. Checked on the source with ``ast`` (so an import hidden inside a function is
caught too) and, for the engine, by importing it in a fresh interpreter.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "engine": {"textual", "textual_plotext", "plotext", "rich", "lessons", "tui"},
    "lessons": {"textual", "textual_plotext", "tui"},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.add(node.args[0].value.split(".")[0])
    return names


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_the_engine_exists_and_is_checked():
    assert len(python_files("engine")) >= 5


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_against_the_arrows(package):
    files = python_files(package)
    if not files:
        pytest.skip(f"{package}/ has no Python files yet")
    offenders = []
    for path in files:
        bad = imported_packages(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert not offenders, "\n".join(offenders)


def test_the_detector_sees_hidden_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import numpy as np\n"
        "from . import data\n"
        "def later():\n"
        "    from textual.app import App\n"
        "    import plotext as plt\n"
        "    import importlib; importlib.import_module('tui.cli')\n"
    )
    assert imported_packages(sample) == {"numpy", "textual", "plotext", "importlib", "tui"}


def test_importing_the_engine_loads_no_ui():
    code = (
        "import sys, engine, engine.cli, engine.data, engine.probes, engine.bench\n"
        "bad = [m for m in ('textual', 'textual_plotext', 'plotext', 'rich', 'tui', 'lessons')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
