"""The review's evaluation rule, written once here and once as the form's formula."""

from __future__ import annotations


def suggested_action(personality: int | None, motivation: int | None, ability: int | None,
                     completion: float, time_progress: float) -> str | None:
    """随岗辅导 for low ability, 激励 for low motivation, 调整 when unfit, 进一步观察 when fine but behind."""
    if personality is None or motivation is None or ability is None:
        return None
    if personality <= 2 or (ability <= 2 and motivation <= 2):
        return "reassign"
    if ability <= 2:
        return "coach"
    if motivation <= 2:
        return "motivate"
    if completion < time_progress:
        return "observe"
    return "keep"
