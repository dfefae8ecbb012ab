"""A TOML syntax error told in words: which line, what is wrong there, how to fix it.

The parser's own message (English, for programmers) is never shown to staff: it is mapped to a
sentence in both languages, and the offending line is looked at for the mistakes people make
typing Japanese (``17,240``, ``１７２４０``, ``17240円``).

>>> ja, en = explain("a = 1\\nA = 17,240\\n", "Expected newline or end of document after a statement (at line 2, column 7)")
>>> ja
'2行目: TOMLとして読めません。数字にカンマ（,）は使えません。17240 または 17_240 と書いてください。（その行: A = 17,240）'
>>> en
'line 2: not valid TOML. A number takes no comma: write 17240 or 17_240. (the line: A = 17,240)'
"""

from __future__ import annotations

import re
import unicodedata

from .words import both

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")
_COMMA_NUMBER = re.compile(r"=\s*[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+")
_YEN_MARK = re.compile(r"=\s*[¥￥]?\s*[0-9０-９][0-9０-９_,，]*\s*(?:円|[¥￥])|=\s*[¥￥]")
_WIDE = re.compile(r"[０-９，．＝｛｝［］“”＂]")

# The parser's message (its start) -> the words that say what is wrong and how to fix it.
_PARSER: tuple[tuple[str, str], ...] = (
    ("Unterminated string", "toml.unterminated_string"),
    ("Unclosed inline table", "toml.unclosed_inline_table"),
    ("Unclosed array", "toml.unclosed_array"),
    ("Expected ']' at the end of a table", "toml.table_header"),
    ("Expected ']]' at the end of an array", "toml.array_header"),
    ("Cannot overwrite a value", "toml.value_twice"),
    ("Cannot declare", "toml.table_twice"),
    ("Duplicate inline table key", "toml.inline_key_twice"),
    ("Cannot mutate", "toml.mutate"),
    ("Cannot redefine", "toml.redefine"),
    ("Expected '='", "toml.expected_equals"),
    ("Invalid initial character for a key", "toml.key_start"),
    ("Invalid date or datetime", "toml.bad_date"),
    ("Invalid value", "toml.bad_value"),
    ("Illegal character", "toml.control_char"),
    ("Unescaped '\\'", "toml.backslash"),
    ("Found invalid character", "toml.invalid_char"),
    ("Expected newline or end of document", "toml.after_value"),
)


def _hint(line: str) -> dict[str, str] | None:
    """The mistake people make, when the offending line shows one (both languages)."""
    if _YEN_MARK.search(line):
        return both("toml.hint_yen")
    comma = _COMMA_NUMBER.search(line)
    if comma:
        digits = unicodedata.normalize("NFKC", comma[0].split("=")[1]).strip().replace(",", "")
        return both("toml.hint_comma", digits=digits, grouped=f"{int(digits):_}")
    if _WIDE.search(line):
        return both("toml.hint_wide")
    return None


def _shown(line: str) -> str:
    line = line.strip()
    return line if len(line) <= 60 else line[:59] + "…"


def explain(text: str, parser_message: str) -> tuple[str, str]:
    """(Japanese, English) sentences for a TOML syntax error in `text`."""
    where = _WHERE.search(parser_message)
    lines = text.splitlines()
    number = int(where[1]) if where and where[1] else len(lines)
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    key = next((k for prefix, k in _PARSER if parser_message.startswith(prefix)), "toml.generic")
    what = _hint(line) or both(key)
    shown = both("toml.the_line", text=_shown(line)) if line.strip() else {"ja": "", "en": ""}
    texts = both("toml.problem", line=number, what=what, shown=shown)
    return texts["ja"], texts["en"]
