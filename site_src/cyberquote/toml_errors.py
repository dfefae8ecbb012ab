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

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")
_COMMA_NUMBER = re.compile(r"=\s*[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+")
_YEN_MARK = re.compile(r"=\s*[¥￥]?\s*[0-9０-９][0-9０-９_,，]*\s*(?:円|[¥￥])|=\s*[¥￥]")
_WIDE = re.compile(r"[０-９，．＝｛｝［］“”＂]")

# (parser message start, ja, en): what is wrong, and how to fix it.
_MESSAGES: tuple[tuple[str, str, str], ...] = (
    (
        "Unterminated string",
        '文字列を閉じる「"」がありません。行の終わりまでに " を書いてください。',
        'a text has no closing ": end it with " on the same line.',
    ),
    (
        "Unclosed inline table",
        "「{」で始めた表を閉じる「}」がありません。値の書き方（数字は半角のみ）と「}」を確認してください。",
        "an inline table { ... } is not closed: check the values (numbers in half-width digits only) and the closing }.",
    ),
    (
        "Unclosed array",
        "「[」で始めた配列を閉じる「]」がありません。値の区切りの「,」と「]」を確認してください。",
        "a list [ ... ] is not closed: check the commas between values and the closing ].",
    ),
    (
        "Expected ']' at the end of a table",
        "表の見出しを閉じる「]」がありません。[midterm] のように書いてください。",
        "a table header has no closing ]: write it like [midterm].",
    ),
    (
        "Expected ']]' at the end of an array",
        "表の見出しを閉じる「]]」がありません。[[plans]] のように書いてください。",
        "a table header has no closing ]]: write it like [[plans]].",
    ),
    (
        "Cannot overwrite a value",
        "同じキーが二度書かれています。片方を消してください。",
        "the same key is written twice: delete one of them.",
    ),
    (
        "Cannot declare",
        "同じ表が二度書かれています。片方を消してください。",
        "the same table is written twice: delete one of them.",
    ),
    (
        "Duplicate inline table key",
        "{ } の中に同じキーが二度書かれています。片方を消してください。",
        "a key is written twice inside { }: delete one of them.",
    ),
    (
        "Cannot mutate",
        "既に書かれた表に後から値を足すことはできません。表の中にまとめて書いてください。",
        "a table already written cannot be extended later: put the values inside it.",
    ),
    (
        "Cannot redefine",
        "既に値のあるキーを表として書き直すことはできません。",
        "a key that holds a value cannot become a table.",
    ),
    (
        "Expected '='",
        "「キー = 値」の形になっていません。キーは半角英数字と _ だけで書き、「=」を忘れないでください。",
        "this is not key = value: keys are half-width letters, digits and _, followed by =.",
    ),
    (
        "Invalid initial character for a key",
        "キーの書き出しが正しくありません。キーは半角英数字と _ だけで書いてください。",
        "a key starts with a character keys cannot hold: use half-width letters, digits and _.",
    ),
    (
        "Invalid date or datetime",
        "日付が正しくありません。2024-12-13 や 2025-01-01T16:00:00+09:00 のように書いてください。",
        "a date is wrong: write it like 2024-12-13 or 2025-01-01T16:00:00+09:00.",
    ),
    (
        "Invalid value",
        '値として読めません。数字は半角で、文字は "..." で囲んで書いてください。',
        'this value cannot be read: numbers in half-width digits, texts in "...".',
    ),
    (
        "Illegal character",
        "文字列に使えない制御文字があります。消してください。",
        "a text holds a control character: delete it.",
    ),
    (
        "Unescaped '\\'",
        "文字列の中の「\\」は「\\\\」と書いてください。",
        "a \\ inside a text must be written \\\\.",
    ),
    (
        "Found invalid character",
        "ここに書けない文字があります。",
        "a character that cannot stand here.",
    ),
    (
        "Expected newline or end of document",
        "一つの行に書けるのは「キー = 値」一つだけです。値の後ろに余分な文字がないか確認してください。",
        "one key = value per line: something follows the value.",
    ),
)
_GENERIC = ("TOMLの書き方が正しくありません。", "the TOML is not written correctly.")


def _hint(line: str) -> tuple[str, str] | None:
    """The mistake people make, when the offending line shows one."""
    if _YEN_MARK.search(line):
        return (
            "金額に「円」や「¥」は書けません。17240 のように数字だけを書いてください。",
            "an amount takes no 円 or ¥: write only the number, like 17240.",
        )
    if _COMMA_NUMBER.search(line):
        plain = unicodedata.normalize("NFKC", _COMMA_NUMBER.search(line)[0].split("=")[1]).strip()
        digits = plain.replace(",", "")
        grouped = f"{int(digits):_}"
        return (
            f"数字にカンマ（,）は使えません。{digits} または {grouped} と書いてください。",
            f"a number takes no comma: write {digits} or {grouped}.",
        )
    if _WIDE.search(line):
        return (
            "全角の数字や記号は使えません。半角で書いてください（１７２４０ → 17240）。",
            "full-width digits and signs cannot be used: type them half-width (１７２４０ → 17240).",
        )
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
    what = next((m[1:] for m in _MESSAGES if parser_message.startswith(m[0])), _GENERIC)
    ja_what, en_what = _hint(line) or what
    en_what = en_what[0].upper() + en_what[1:]
    tail_ja = f"（その行: {_shown(line)}）" if line.strip() else ""
    tail_en = f" (the line: {_shown(line)})" if line.strip() else ""
    return (
        f"{number}行目: TOMLとして読めません。{ja_what}{tail_ja}",
        f"line {number}: not valid TOML. {en_what}{tail_en}",
    )
