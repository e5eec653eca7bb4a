"""The engine stays framework-free: no Django and no Rõ Việc app is imported under roviec.engine."""

from __future__ import annotations

import ast
from pathlib import Path

import roviec.engine

ENGINE = Path(roviec.engine.__file__).parent
FORBIDDEN_TOP = {"django", "rest_framework", "drf_spectacular", "huey", "axes"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_engine_imports_no_framework_and_no_app():
    """The engine can run in a worker or a CLI without Django settings."""
    offenders = []
    for path in sorted(ENGINE.rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in FORBIDDEN_TOP:
                offenders.append(f"{path.relative_to(ENGINE)}: {name}")
            elif top == "roviec" and not (name == "roviec.engine" or name.startswith("roviec.engine.")):
                offenders.append(f"{path.relative_to(ENGINE)}: {name}")
    assert offenders == []
