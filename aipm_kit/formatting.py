"""Text a reader sees: money that renders as money wherever a notebook is read.

Foundation layer: no import from the rest of the kit, so any module may use it.
"""

from __future__ import annotations

import re

__all__ = ["MONEY_DOLLAR", "escape_dollars", "format_money", "isolate_dollars_html", "sign_before_dollar"]

_SIGN_AFTER_DOLLAR = re.compile(r"\$([+-])")


def format_money(x: float) -> str:
    """Dollars with thousands separators and the sign before the symbol: ``-$1,234``.

    Parameters
    ----------
    x : float
        An amount in dollars; it is rounded to whole dollars.

    Returns
    -------
    str
        The amount as text, such as ``"$1,250"`` or ``"-$1,234"``.

    Examples
    --------
    >>> format_money(-1234.4), format_money(56)
    ('-$1,234', '$56')
    """
    return f"-${abs(x):,.0f}" if x < 0 else f"${x:,.0f}"


def sign_before_dollar(text: str) -> str:
    """Put a sign before the dollar, as money is written: ``"$-7,536"`` becomes ``"-$7,536"``.

    A format such as ``"${:,.0f}"`` puts the sign after the symbol for negative amounts.

    Parameters
    ----------
    text : str
        Any text; every ``$-`` and ``$+`` in it becomes ``-$`` and ``+$``, the rest is left as it is.

    Returns
    -------
    str
        The text with each sign moved before its dollar.

    Examples
    --------
    >>> sign_before_dollar("net $-7,536 to $+2,120 a month")
    'net -$7,536 to +$2,120 a month'
    """
    return _SIGN_AFTER_DOLLAR.sub(r"\1$", text)


#: A dollar sign, escaped or not, that is not already isolated in ``<span>\$</span>``.
_DOLLAR = re.compile(r"(?<!<span>)(?:\\\$|(?<!\\)\$)")
#: What each dollar becomes: escaped for Markdown, and in an element of its own for MathJax.
MONEY_DOLLAR = "<span>\\$</span>"


def escape_dollars(text: str) -> str:
    """Make every ``$`` in Markdown show as money, never as mathematics.

    Two renderers read dollars as maths. Markdown's maths extensions (the
    site's renderer, GitHub) pair ``$...$`` in the source: a backslash
    (``\\$``) stops them. JupyterLab's MathJax then pairs dollars in the
    rendered text of one element, escaped or not: ``\\$5,000 and \\$6,000``
    still typesets "5,000 and" in italics. Putting each escaped dollar in an
    element of its own (``<span>\\$</span>``) stops both, and every renderer
    shows a plain ``$``. Computed prose is prose: a dollar in it is money.

    Parameters
    ----------
    text : str
        Markdown text; a dollar already written as :data:`MONEY_DOLLAR` is left alone, so escaping
        twice changes nothing.

    Returns
    -------
    str
        The text with every other ``$`` or ``\\$`` replaced by :data:`MONEY_DOLLAR`.

    Examples
    --------
    >>> print(escape_dollars("from $5,000 to \\\\$7,500"))
    from <span>\\$</span>5,000 to <span>\\$</span>7,500
    >>> escape_dollars(escape_dollars("$1")) == escape_dollars("$1")
    True
    """
    return _DOLLAR.sub(lambda _: MONEY_DOLLAR, text)


_HTML_TEXT = re.compile(r"(?<=>)[^<]+|^[^<]+")


def isolate_dollars_html(html: str) -> str:
    """Put each ``$`` of an HTML fragment's text in an element of its own.

    JupyterLab typesets HTML outputs with MathJax too, so ``$5 fee ... $5`` in
    one table cell becomes a formula. Tags and attributes are left alone.

    Parameters
    ----------
    html : str
        An HTML fragment (a table, a cell, a paragraph).

    Returns
    -------
    str
        The fragment with each ``$`` of its text written ``<span>$</span>``.

    Examples
    --------
    >>> isolate_dollars_html("<td title='x'>$5, a $5 fee</td>")
    "<td title='x'><span>$</span>5, a <span>$</span>5 fee</td>"
    """
    return _HTML_TEXT.sub(lambda m: m.group(0).replace("$", "<span>$</span>"), html)
