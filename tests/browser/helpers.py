"""Checks shared by the browser tests.

Page predicates are written as arrow functions: Playwright evaluates a bare expression string
with eval(), which the pages' Content-Security-Policy (rightly) forbids.
"""

from __future__ import annotations


def in_view(page, anchor: str) -> bool:
    """True when the element's top is inside the viewport and below the sticky header."""
    return page.evaluate(
        """(id) => {
            const el = document.getElementById(id);
            const header = document.querySelector('.site-header').getBoundingClientRect().bottom;
            const r = el.getBoundingClientRect();
            return r.top >= header - 1 && r.top < window.innerHeight && r.bottom > 0;
        }""",
        anchor,
    )
