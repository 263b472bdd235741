"""Read one YAML file into plain Python values that remember their line numbers.

Only the safe subset of YAML is accepted: no tags beyond the standard ones, no anchors or
aliases (they can make a small file expand enormously), no duplicate keys, UTF-8 only and a
size limit, so a hand-edited file either loads or gives one clear ``ContentError``.

Files are read with libyaml, which is fast; any file it finds fault with, or that holds
something libyaml reads differently (tabs, tags, anchors), is read again by PyYAML's
pure-Python parser, whose messages name the problem and its line.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import ContentError

MAX_BYTES = 256 * 1024


class Mapping(dict):
    """A YAML mapping; ``line`` is where it starts and ``lines[key]`` where each key is."""

    line: int = 1
    lines: dict


class Sequence(list):
    """A YAML sequence; ``line`` is where it starts and ``lines[i]`` where each item is."""

    line: int = 1
    lines: list


def line_of(value, key=None, default: int = 1) -> int:
    """The line of ``value`` (or of ``value[key]``) if it was read from YAML."""
    if key is not None:
        lines = getattr(value, "lines", None)
        try:
            return lines[key] if lines is not None else default
        except (KeyError, IndexError, TypeError):
            return getattr(value, "line", default)
    return getattr(value, "line", default)


# path -> ((modification time, size), data). A process that reads the course many times (``make
# watch``, a kernel) parses again only the files that changed; the data is never modified.
_parsed: dict = {}


def read_yaml(path: Path, shown_as: str):
    """Return the file's data, or raise ``YamlProblem`` naming the file and line."""
    status = path.stat()
    stamp = (status.st_mtime_ns, status.st_size)
    if path in _parsed and _parsed[path][0] == stamp:
        return _parsed[path][1]
    data = _parse(path, shown_as)
    _parsed[path] = (stamp, data)
    return data


def _parse(path: Path, shown_as: str):
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise YamlProblem(ContentError(
            shown_as, 1, f"the file is {len(raw) // 1024} KB, over the {MAX_BYTES // 1024} KB limit",
            "split it into smaller items, one scenario or quiz per file"))
    text = _decode(raw, shown_as)
    node = _compose_fast(text)
    if node is _NOT_FAST:  # a problem somewhere: the pure-Python parser words it best
        node = _compose(text, shown_as)
    if node is None:  # nothing but blank lines and comments
        raise YamlProblem(ContentError(shown_as, 1, "the file is empty",
                                       "add the item's fields, or delete the file"))
    return _to_python(node, shown_as)


_NOT_FAST = object()
_FAST = getattr(yaml, "CSafeLoader", None)  # libyaml: about ten times faster than pure Python
FAST_SAFE_LOADER = _FAST or yaml.SafeLoader  # for YAML that needs no line numbers
_ODD_CHARACTERS = re.compile("[\t\ufeff]")


def _compose_fast(text: str):
    """The file's node tree from libyaml, or ``_NOT_FAST`` if it has any problem at all."""
    # libyaml reads some tabs, control characters and byte-order marks differently.
    if _FAST is None or _ODD_CHARACTERS.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return _NOT_FAST
    try:
        # Anchors are refused, and explicit tags resolve differently: both take the careful path.
        if any(isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None) or getattr(e, "tag", None)
               for e in yaml.parse(text, Loader=_FAST)):
            return _NOT_FAST
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        return _NOT_FAST


def _compose(text: str, shown_as: str):
    """The file's node tree from the pure-Python parser, or ``YamlProblem`` saying what is wrong."""
    _refuse_anchors(text, shown_as)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        raise YamlProblem(_syntax_error(err, shown_as)) from None
    except yaml.YAMLError as err:  # unmarked errors are rare; still report, never trace
        raise YamlProblem(ContentError(shown_as, 1, f"this is not valid YAML ({err})",
                                       "check the file's indentation and punctuation")) from None


class YamlProblem(Exception):
    def __init__(self, error: ContentError):
        self.error = error
        super().__init__(str(error))


def _decode(raw: bytes, shown_as: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlProblem(ContentError(
            shown_as, line, "the file is not UTF-8 text",
            "save it as UTF-8 (in most editors: Save As, then choose UTF-8)")) from None


def _refuse_anchors(text: str, shown_as: str) -> None:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem(ContentError(
                    shown_as, event.start_mark.line + 1,
                    "YAML anchors and aliases (&name, *name) are not allowed",
                    "write the text out in full where it is needed"))
    except yaml.MarkedYAMLError as err:
        raise YamlProblem(_syntax_error(err, shown_as)) from None
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        raise YamlProblem(ContentError(
            shown_as, line, f"the file holds an invisible control character (code {err.character:#x})",
            "delete it; retyping the line usually does")) from None


def _syntax_error(err: yaml.MarkedYAMLError, shown_as: str) -> ContentError:
    problem = (err.problem or "").strip()
    # An unclosed quote or bracket is only noticed at the end of the file: point at its start.
    ended = "end of stream" in problem and err.context_mark
    mark = err.context_mark if ended else (err.problem_mark or err.context_mark)
    line = mark.line + 1 if mark else 1
    if "'\\t'" in problem or "\t" in problem:
        return ContentError(shown_as, line, "a tab character is used for indentation",
                            "indent with spaces only (two spaces per level)")
    if "mapping values are not allowed" in problem:
        return ContentError(shown_as, line, "a colon inside a value confuses YAML",
                            "put the whole value in double quotes")
    return ContentError(shown_as, line, f"this is not valid YAML ({problem or err})",
                        "check the indentation and punctuation on this line and the one above")


_scalars = yaml.SafeLoader("")  # only its scalar constructors are used


def _to_python(node, shown_as: str):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = Mapping()
        result.line, result.lines = line, {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, shown_as)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlProblem(ContentError(shown_as, key_node.start_mark.line + 1,
                                               "a key here is not plain text",
                                               "write keys as simple words, like `title:`"))
            key = key if isinstance(key, str) else str(key).lower()
            if key in result:
                raise YamlProblem(ContentError(
                    shown_as, key_node.start_mark.line + 1, f"the key `{key}` appears twice",
                    f"keep one `{key}:` and delete the other"))
            result.lines[key] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, shown_as)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = Sequence(_to_python(item, shown_as) for item in node.value)
        result.line, result.lines = line, [item.start_mark.line + 1 for item in node.value]
        return result
    try:
        value = _scalars.construct_object(node, deep=True)
        _scalars.constructed_objects.clear()  # it caches by node; keep memory flat
        return value
    except yaml.constructor.ConstructorError:
        raise YamlProblem(ContentError(shown_as, line, f"the value tagged `{node.tag}` is not allowed",
                                       "remove the `!` tag and write plain text")) from None
