"""STUB (writer branch only; the templates helper's real module replaces it at merge).

Only the agreed signature, so the writer's hook can be wired and tested.
"""

from __future__ import annotations


def typeset(text: str) -> tuple[str, frozenset[int]]:
    """Swedish typography: ``(text with U+00A0 where a space must not break,
    indices of the '-' that must become non-breaking hyphens)``."""
    return text, frozenset()
