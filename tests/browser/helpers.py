"""Checks shared by the browser tests.

Page predicates are written as arrow functions: Playwright evaluates a bare expression string
with eval(), which the pages' Content-Security-Policy (rightly) forbids.
"""

from __future__ import annotations

IN_VIEW = """(id) => {
    const el = document.getElementById(id);
    const header = document.querySelector('.site-header').getBoundingClientRect().bottom;
    const r = el.getBoundingClientRect();
    return r.top >= header - 1 && r.top < window.innerHeight && r.bottom > 0;
}"""


def in_view(page, anchor: str) -> bool:
    """True when the element's top is inside the viewport and below the sticky header."""
    return page.evaluate(IN_VIEW, anchor)


def comes_into_view(page, anchor: str, timeout_ms: int = 2000) -> bool:
    """True once the element is in view (as in_view), allowing the browser to finish the jump
    to a fragment: a slow moment (layout, fonts) can delay it past the key press that caused it."""
    try:
        page.wait_for_function(IN_VIEW, arg=anchor, timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the element never came into view
        return False
    return True
