"""YAML from an untrusted folder, read safely: the one YAML reader of the package's inputs.

A corpus folder's ``cleaning.yaml`` (and a user's lexicon) comes from anyone. ``yaml.safe_load``
constructs no arbitrary objects, but it still accepts what can hang or exhaust a process:

* an **alias bomb** ("billion laughs"): nine anchors of nine aliases each describe 9⁹ nodes
  in a few hundred bytes; any code that walks the result without a visited set (or prints
  it) never returns;
* a recursive alias (``&a [*a]``), a huge file, nesting deep enough to exhaust the stack;
* a key repeated in one mapping, which YAML silently resolves by keeping the last one.

:func:`load_yaml` (a file) and :func:`parse_yaml` (bytes or text already read) reject each of
these before any Python object is built, with a :class:`YAMLInputError` naming the file and
the line: the file's size is checked before it is read (``max_bytes``); aliases are counted
while the document is composed (``max_aliases``); the number of nodes the document *expands
to* — every alias counted as the whole subtree it stands for — is computed on the composed
node graph in linear time (``max_nodes``), recursive aliases are refused; duplicate keys are
an error (``unique_keys``). Only then is the document constructed, by PyYAML's ``SafeLoader``
(no tags beyond the YAML core schema). Text must be UTF-8 (a byte-order mark is allowed).

Examples
--------
>>> parse_yaml(b"rules: [{name: a, pattern: x}]", source="cleaning.yaml")
{'rules': [{'name': 'a', 'pattern': 'x'}]}
>>> parse_yaml(b"a: 1\\na: 2\\n", source="x.yaml")
Traceback (most recent call last):
...
analysis.safe_yaml.YAMLInputError: x.yaml, line 2: duplicate key 'a' (first on line 1); YAML would keep only the last one
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["YAMLInputError", "load_yaml", "parse_yaml", "MAX_BYTES", "MAX_ALIASES", "MAX_NODES"]

#: Default size limit of a YAML input file (the bundled lexicons are ~35 kB).
MAX_BYTES = 5 * 2**20
#: Default limit of alias uses (``*name``) in one document.
MAX_ALIASES = 1_000
#: Default limit of the nodes a document expands to, each alias counted as its whole subtree.
MAX_NODES = 1_000_000

_MERGE = "tag:yaml.org,2002:merge"


class YAMLInputError(ValueError):
    """A YAML input that is refused: unreadable, invalid, too large, an alias bomb, a
    duplicate key. The message names the file (and the line where there is one);
    ``problems`` lists every problem found (several duplicate keys, say)."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


def load_yaml(path: str | Path, *, max_bytes: int = MAX_BYTES, max_aliases: int = MAX_ALIASES,
              max_nodes: int = MAX_NODES, unique_keys: bool = True):
    """Read and parse one YAML file safely (see the module docstring).

    Parameters
    ----------
    path : path
        The file.
    max_bytes : int, default :data:`MAX_BYTES`
        A larger file is refused before it is read.
    max_aliases : int, default :data:`MAX_ALIASES`
        More alias uses than this are refused (0: no aliases at all).
    max_nodes : int, default :data:`MAX_NODES`
        A document that expands to more nodes than this (each alias counted as the subtree
        it stands for) is refused: the alias bomb.
    unique_keys : bool, default True
        A key repeated in one mapping is an error (YAML would keep the last one).

    Returns
    -------
    object
        The document, as ``yaml.safe_load`` would build it (``None`` for an empty file).

    Raises
    ------
    YAMLInputError
        Naming the file and the line: missing or unreadable, larger than ``max_bytes``, not
        UTF-8 (with the byte offset), invalid YAML or more than one document, too many
        aliases or nodes, a recursive alias, nesting too deep for the parser, a duplicate key.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YAMLInputError(f"{path}: {size:,} bytes, more than the {max_bytes:,} allowed for a YAML file")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise YAMLInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_yaml(data, source=str(path), max_bytes=max_bytes, max_aliases=max_aliases, max_nodes=max_nodes,
                      unique_keys=unique_keys)


def parse_yaml(data: bytes | str, *, source: str, max_bytes: int = MAX_BYTES, max_aliases: int = MAX_ALIASES,
               max_nodes: int = MAX_NODES, unique_keys: bool = True):
    """Parse one YAML document safely; ``source`` names it in messages (a path).

    As :func:`load_yaml`, for bytes (UTF-8) or text the caller has already read (to hash the
    same bytes it parses, say).
    """
    if len(data) > max_bytes:
        raise YAMLInputError(f"{source}: {len(data):,} bytes, more than the {max_bytes:,} allowed for a YAML file")
    text = _decode(data, source)
    loader = _LimitedLoader(text, source=source, max_aliases=max_aliases)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problems = _check_graph(node, source, max_nodes=max_nodes, unique_keys=unique_keys)
        if problems:
            raise YAMLInputError(problems)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YAMLInputError(f"{source}: invalid YAML: {exc}") from None
    except RecursionError:
        raise YAMLInputError(f"{source}: nested too deeply to parse") from None
    finally:
        loader.dispose()


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YAMLInputError(f"{source}, line {line}: not UTF-8 (byte offset {exc.start}, byte 0x{data[exc.start]:02x}); "
                             "save the file as UTF-8") from None


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader, counting alias uses while it composes the node graph."""

    def __init__(self, text: str, *, source: str, max_aliases: int):
        super().__init__(text)
        self._source = source
        self._max_aliases = max_aliases
        self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self._max_aliases:
                line = self.peek_event().start_mark.line + 1
                raise YAMLInputError(f"{self._source}, line {line}: more than {self._max_aliases} aliases "
                                     "(an alias bomb?)")
        return super().compose_node(parent, index)


def _check_graph(root, source: str, *, max_nodes: int, unique_keys: bool) -> list[str]:
    """Expanded size (each node once, memoised: linear in the distinct nodes), recursive
    aliases and duplicate keys of a composed node graph; the problems found."""
    size: dict[int, int] = {}
    problems: list[str] = []
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            if size[key] > max_nodes:
                line = node.start_mark.line + 1
                return [f"{source}, line {line}: the document expands to more than {max_nodes:,} nodes "
                        "through its aliases (an alias bomb?)"]
            continue
        if key in size:
            continue
        if key in open_:
            return [f"{source}, line {node.start_mark.line + 1}: a recursive alias (a node that contains itself)"]
        open_.add(key)
        if unique_keys and isinstance(node, yaml.MappingNode):
            problems += _duplicates(node, source)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_:
                return [f"{source}, line {child.start_mark.line + 1}: a recursive alias (a node that contains itself)"]
            if id(child) not in size:
                stack.append((child, False))
    return problems


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _duplicates(node, source: str) -> list[str]:
    seen: dict[tuple[str, str], int] = {}
    out = []
    for k, _ in node.value:
        if not isinstance(k, yaml.ScalarNode) or k.tag == _MERGE:
            continue
        line = k.start_mark.line + 1
        if (k.tag, k.value) in seen:
            out.append(f"{source}, line {line}: duplicate key {k.value!r} (first on line {seen[k.tag, k.value]}); "
                       "YAML would keep only the last one")
        else:
            seen[k.tag, k.value] = line
    return out
