"""
Named points in a send where the chaos scenarios inject faults (a killed worker, a racing withdrawal).

``checkpoint`` is a no-op unless a hook was installed; production code never installs one.
"""

from collections.abc import Callable

_hook: Callable[[str, int], None] | None = None


def install(hook: Callable[[str, int], None] | None) -> None:
    """Call ``hook(step, message_id)`` at every checkpoint (``None`` removes it)."""
    global _hook
    _hook = hook


def checkpoint(step: str, message_id: int) -> None:
    if _hook is not None:
        _hook(step, message_id)
