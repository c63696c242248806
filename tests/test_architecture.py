"""The package's shape, checked: no module reaches into another's private names, files and
functions stay small enough to read, and the import graph between modules has no cycle."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
MAX_FILE_LINES = 600
MAX_FUNCTION_CODE_LINES = 80


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names."""
    if not node.level:
        return node.module or ""
    package = _name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _code_lines(source: str, node: ast.AST) -> int:
    """Lines of a function holding code: no blank lines, comments or docstrings."""
    doc_lines: set[int] = set()
    for sub in ast.walk(node):
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and sub.body:
            first = sub.body[0]
            if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
                    and isinstance(first.value.value, str):
                doc_lines.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for tok in tokens:
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                        tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        for line in range(tok.start[0], tok.end[0] + 1):
            if node.lineno <= line <= node.end_lineno and line not in doc_lines:
                lines.add(line)
    return len(lines)


def test_no_module_imports_another_modules_private_names():
    bad = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module is not None or \
                    isinstance(node, ast.ImportFrom) and node.level:
                target = _resolve(path, node)
                if not target.startswith("analysis"):
                    continue
                if any(part.startswith("_") and not part.startswith("__") for part in target.split(".")):
                    continue  # a shared private package (analysis._core) is meant to be imported
                names = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if names and target != _name(path):
                    bad.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {target}.{names[0]}")
    assert bad == []


def test_no_file_over_the_limit():
    long = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert long == {}


def test_no_function_over_the_limit():
    long = {}
    for path, tree in _modules():
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = _code_lines(source, node)
                if n > MAX_FUNCTION_CODE_LINES:
                    long[f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"] = n
    assert long == {}


def _graph() -> dict[str, set[str]]:
    """Module → modules of the package it imports (at top level or inside functions)."""
    names = {_name(p) for p, _ in _modules()}
    graph: dict[str, set[str]] = {}
    for path, tree in _modules():
        me = _name(path)
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _resolve(path, node)
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    deps.add(full if full in names else target)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        # a package's __init__ re-exports its children; a child importing its parent package
        # therefore depends on the children, not on the package as such
        graph[me] = {d for d in deps if d in names and d != me and not me.startswith(d + ".")}
    return graph


def test_import_layers_are_acyclic():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(" -> ".join(stack[stack.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep, stack + [dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state and node != "analysis":
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("source, expected", [
    ('def f():\n    """Doc\n    string."""\n    # comment\n\n    x = 1\n    return x\n', 3),
])
def test_code_lines_counts_what_it_says(source, expected):
    node = ast.parse(source).body[0]
    assert _code_lines(source, node) == expected
