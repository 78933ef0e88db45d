"""Plain-text tables for the terminal that line up with Korean characters.

A Korean syllable (삼성전자) takes two columns on a terminal, a Latin letter one. ``len()`` counts
characters, not columns, so ``str.ljust`` puts Korean tables out of line. :func:`text_width` counts
columns with :func:`unicodedata.east_asian_width` (``W``/``F`` = two columns), and :func:`render`
pads every cell by that width::

    print(render(["종목명", "보유수량"], [["삼성전자", "47"], ["NAVER", "6"]], right=[1]))
    종목명    보유수량
    --------  --------
    삼성전자        47
    NAVER            6
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence


def text_width(text: str) -> int:
    """How many terminal columns ``text`` takes: 2 for wide (Korean, CJK) characters, 0 for combining
    marks, 1 for everything else."""
    width = 0
    for char in str(text):
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right`` is True)."""
    text = str(text)
    spaces = " " * max(0, width - text_width(text))
    return spaces + text if right else text + spaces


def render(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Iterable[int] = (), gap: str = "  ") -> str:
    """A table as one string: a header line, a rule line and one line per row.

    ``rows`` hold strings (format the numbers first); columns whose index is in ``right`` are
    right-aligned (numbers), the others left-aligned. Trailing spaces are removed from every line.
    """
    rows = [[str(cell) for cell in row] for row in rows]
    right = set(right)
    widths = [text_width(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], text_width(cell))

    def line(cells: Sequence[str]) -> str:
        return gap.join(pad(cell, widths[i], i in right) for i, cell in enumerate(cells)).rstrip()

    lines = [line(headers), gap.join("-" * width for width in widths)]
    lines += [line(row) for row in rows]
    return "\n".join(lines)
