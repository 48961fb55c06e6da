"""Layers that hold (STYLE.md "Layers", docs/architecture.md): no `antq` import hidden inside a function, and the
import-linter contracts in pyproject.toml are kept."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, imported module) → why the import may stay inside a function. Everything else goes at the module top;
# an import moved into a function to dodge a cycle is a cycle (break it instead).
ALLOWED: dict[tuple[str, str], str] = {
    # AppConfig.ready(): Django requires models and signal/check registrations to load after the app registry.
    ("antq/accounts/apps.py", "antq.accounts.models"): "AppConfig.ready() registers auditlog",
    ("antq/accounts/apps.py", "antq.accounts"): "AppConfig.ready() lends core and geo its audit trail and write check",
    ("antq/activities/apps.py", "antq.activities"): "AppConfig.ready() registers auditlog",
    ("antq/api/apps.py", "antq.api"): "AppConfig.ready() registers the token revoker with accounts (below api)",
    ("antq/core/apps.py", "antq.core.extensions"): "AppConfig.ready() runs the extension autodiscovery",
    ("antq/documents/apps.py", "antq.documents"): "AppConfig.ready() registers auditlog",
    ("antq/forces/apps.py", "antq.forces"): "AppConfig.ready() registers auditlog",
    ("antq/geo/apps.py", "antq.geo.models"): "AppConfig.ready() registers auditlog",
    ("antq/reporting/apps.py", "antq.reporting"): "AppConfig.ready() registers system checks",
    ("antq/schemes/apps.py", "antq.schemes"): "AppConfig.ready() registers auditlog",
}


def _function_level_antq_imports() -> set[tuple[str, str]]:
    """(file, module) of every `import antq…` / `from antq… import` inside a function body (TYPE_CHECKING blocks
    at module level are not function bodies)."""
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "antq").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("antq"):
                    found.add((path.relative_to(ROOT).as_posix(), node.module or ""))
                elif isinstance(node, ast.ImportFrom) and node.level > 0:
                    found.add((path.relative_to(ROOT).as_posix(), "." * node.level + (node.module or "")))
                elif isinstance(node, ast.Import):
                    found.update(
                        (path.relative_to(ROOT).as_posix(), alias.name)
                        for alias in node.names
                        if alias.name.split(".")[0] == "antq"
                    )
    return found


def test_no_antq_import_is_hidden_inside_a_function_outside_the_allow_list():
    hidden = _function_level_antq_imports() - set(ALLOWED)
    assert not hidden, f"move these imports to the module top (or break the cycle they hide): {sorted(hidden)}"


def test_the_allow_list_has_no_stale_entries():
    stale = set(ALLOWED) - _function_level_antq_imports()
    assert not stale, f"remove from ALLOWED, the import is gone: {sorted(stale)}"


def test_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is not installed (requirements.txt)"
    result = subprocess.run(  # noqa: S603 (our own venv's executable, fixed arguments)
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
