"""Abstract models and field helpers an app's models build on."""

from .closed_loop import FINISHED_STATUSES, RESPONDED_IN_TIME, ClosedLoopItem, ClosedLoopQuerySet
from .tracked import HISTORY_REASON_MAX_LENGTH, TrackedModel

__all__ = [
    "FINISHED_STATUSES",
    "HISTORY_REASON_MAX_LENGTH",
    "RESPONDED_IN_TIME",
    "ClosedLoopItem",
    "ClosedLoopQuerySet",
    "TrackedModel",
]
