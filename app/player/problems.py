"""What went wrong with a preview, as data: the UI words it (app/ui/player_messages.py)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class ProblemKind(Enum):
    CLIP_FAILED = "clip-failed"   # the clip couldn't play (URL lookup, HTTP, network, undecodable)
    STALLED = "stalled"           # no progress for the stall timeout while it should have played


class MediaError(Enum):
    """Why QMediaPlayer gave up on a clip (its QMediaPlayer.Error, without Qt's types)."""

    RESOURCE = "resource"           # missing, broke off while downloading, or unreadable
    FORMAT = "format"               # not in a playable format
    NETWORK = "network"             # the connection to the store failed
    ACCESS_DENIED = "access-denied"  # the store refused access
    OTHER = "other"                 # anything else: `PlayerProblem.detail` has the backend's text


@dataclass(frozen=True, slots=True)
class PlayerProblem:
    """One failed or stalled clip, as `PreviewPlayer.problem` reports it."""

    track: Any
    kind: ProblemKind
    # CLIP_FAILED: a MediaError, or the exception the URL lookup raised. STALLED: None.
    cause: MediaError | BaseException | None = None
    seconds: float = 0.0     # STALLED: how long no audio arrived
    skipping: bool = False   # True when the player moves on to the next queued track
    detail: str = ""         # the backend's own (English, untranslated) error text, if any
