"""The layering rule: tui -> commands -> lessons -> engine -> numpy, never the other way.

The engine imports neither Textual, plotext, rich, lessons, commands nor tui; lessons never
import Textual, commands or tui; the commands never import Textual, plotext, rich or tui. Checked on the source with ``ast`` (so an import hidden inside a function is
caught too), for the engine by importing it in a fresh interpreter, and by import-linter's
contracts in pyproject.toml ([tool.importlinter]), which also see indirect imports. The
contracts are run on the project and on small synthetic packages that break them, so a
contract that could not fail would be noticed.
"""

import ast
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "engine": {"textual", "textual_plotext", "plotext", "rich", "lessons", "commands", "tui"},
    "lessons": {"textual", "textual_plotext", "commands", "tui"},
    "commands": {"textual", "textual_plotext", "plotext", "rich", "tui"},
}

# Every module of the engine, as a learner reads it beside the lessons (the command line, the
# script export and the benchmark live in commands/).
ENGINE_MODULES = ["__init__.py", "activations.py", "data.py", "features.py", "generators.py",
                  "gradcheck.py", "initializers.py", "losses.py", "metrics.py", "network.py",
                  "probes.py", "training.py"]


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
    assert [path.name for path in python_files("engine")] == ENGINE_MODULES


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
        "import sys, engine, engine.data, engine.generators, engine.probes\n"
        "bad = [m for m in ('textual', 'textual_plotext', 'plotext', 'rich', 'tui', 'lessons',"
        " 'commands') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_importing_the_commands_loads_no_ui():
    code = (
        "import sys, commands.train, commands.export, commands.playground, commands.bench\n"
        "bad = [m for m in ('textual', 'textual_plotext', 'plotext', 'rich', 'tui')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# -- import-linter's contracts (pyproject.toml [tool.importlinter]) -----------------------------
def lint_imports(cwd: Path, config: Path, pythonpath: Path | None = None):
    script = Path(sys.executable).with_name("lint-imports")
    if not script.exists():
        pytest.fail("lint-imports not found next to the interpreter: install the test extra "
                    "(pip install -e '.[test]')")
    env = dict(os.environ)
    if pythonpath is not None:  # put the synthetic packages before the installed ones
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    return subprocess.run([str(script), "--no-cache", "--no-logo", str(config)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def importlinter_config() -> str:
    """The [tool.importlinter] tables of the project's pyproject.toml, as they are written."""
    kept, keep = [], False
    for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        header = re.match(r"\s*\[\[?([^\]]+)\]", line)
        if header:
            keep = header.group(1).strip().startswith("tool.importlinter")
        if keep:
            kept.append(line)
    assert kept, "pyproject.toml has no [tool.importlinter] section"
    return "\n".join(kept) + "\n"


def test_the_import_contracts_hold():
    result = lint_imports(ROOT, ROOT / "pyproject.toml")
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "2 kept, 0 broken" in report, report


CLEAN = {
    "engine/__init__.py": "import numpy\nfrom . import network\n",
    "engine/network.py": "import math\n",
    "lessons/__init__.py": "import engine\nfrom engine import network\n",
    "commands/__init__.py": "import argparse\nimport lessons\nimport engine.network\n",
    "tui/__init__.py": "import textual\nimport plotext\nimport rich\nimport commands\n"
                       "import lessons\nimport engine.network\n",
}

VIOLATIONS = {
    "engine imports lessons": ("engine/network.py", "def f():\n    import lessons\n", "layers"),
    "engine imports tui": ("engine/network.py", "from tui import app\n", "layers"),
    "lessons imports tui": ("lessons/__init__.py", "import tui\n", "layers"),
    "engine imports commands": ("engine/network.py", "import commands\n", "layers"),
    "lessons imports commands": ("lessons/__init__.py", "def f():\n    import commands\n",
                                 "layers"),
    "commands imports tui": ("commands/__init__.py", "from tui import app\n", "layers"),
    "commands imports rich": ("commands/__init__.py", "import rich.cells\n", "forbidden"),
    "engine imports textual": ("engine/network.py", "from textual.app import App\n", "forbidden"),
    "engine imports plotext": ("engine/network.py", "import plotext\n", "forbidden"),
    "lessons imports rich": ("lessons/__init__.py", "import rich.console\n", "forbidden"),
    "lessons imports textual_plotext": ("lessons/__init__.py", "import textual_plotext\n",
                                        "forbidden"),
}


def synthetic_project(tmp_path: Path, extra: tuple[str, str] | None = None) -> Path:
    for name, code in CLEAN.items():
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code)
    if extra:
        name, code = extra
        path = tmp_path / "src" / name
        path.write_text(path.read_text() + code)
    # External packages (textual, plotext, rich, ...) need not exist: grimp records them by
    # name without importing them.
    (tmp_path / "pyproject.toml").write_text(importlinter_config())
    return tmp_path / "pyproject.toml"


def test_the_import_contracts_pass_a_clean_synthetic_project(tmp_path):
    config = synthetic_project(tmp_path)
    result = lint_imports(tmp_path, config, tmp_path / "src")
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "2 kept, 0 broken" in report, report


@pytest.mark.parametrize("violation", sorted(VIOLATIONS))
def test_the_import_contracts_catch_a_violation(tmp_path, violation):
    module, code, contract = VIOLATIONS[violation]
    config = synthetic_project(tmp_path, (module, code))
    result = lint_imports(tmp_path, config, tmp_path / "src")
    report = result.stdout + result.stderr
    assert result.returncode != 0, report
    # (an import of tui from below breaks both: tui itself imports textual)
    assert re.search(r"Contracts: [01] kept, [12] broken", report), report
    broken = {"layers": "tui -> commands -> lessons -> engine, never the other way BROKEN",
              "forbidden": "engine, lessons and commands never import a UI library BROKEN"
              }[contract]
    assert broken in report, textwrap.shorten(report, 2000)
