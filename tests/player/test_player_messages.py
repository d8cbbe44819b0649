"""The UI's words for the player's problems (app/ui/player_messages.py); no playback here."""
from types import SimpleNamespace

from app.api import NetworkError
from app.player.backend import BackendStatus, MissingBackend
from app.player.problems import MediaError, PlayerProblem, ProblemKind
from app.ui.errors import describe_error
from app.ui.player_messages import backend_problem_text, player_problem_text, track_title

SONG = SimpleNamespace(id=7, title="Song")


def test_media_errors_are_worded_and_skipping_is_said_only_when_it_happens(qapp):
    failed = PlayerProblem(SONG, ProblemKind.CLIP_FAILED, MediaError.FORMAT)
    assert player_problem_text(failed) == \
        "Couldn't play the preview of “Song”: the clip is not in a format that can be played."
    skipped = PlayerProblem(SONG, ProblemKind.CLIP_FAILED, MediaError.NETWORK, skipping=True)
    assert player_problem_text(skipped) == \
        "Couldn't play the preview of “Song”: the connection to the store failed. Skipping it."


def test_other_media_errors_use_the_backend_s_text_or_a_fallback(qapp):
    with_text = PlayerProblem(SONG, ProblemKind.CLIP_FAILED, MediaError.OTHER, detail="odd")
    assert player_problem_text(with_text) == "Couldn't play the preview of “Song”: odd."
    bare = PlayerProblem(SONG, ProblemKind.CLIP_FAILED, MediaError.OTHER)
    assert player_problem_text(bare) == "Couldn't play the preview of “Song”: the player failed."


def test_a_lookup_exception_is_worded_by_describe_error(qapp):
    error = NetworkError("no answer")
    problem = PlayerProblem(SONG, ProblemKind.CLIP_FAILED, error)
    assert player_problem_text(problem) == f"Couldn't play the preview of “Song”: {describe_error(error)}."


def test_a_stall_says_how_long_and_an_untitled_track_is_named_by_id(qapp):
    untitled = SimpleNamespace(id=42, title="")
    stall = PlayerProblem(untitled, ProblemKind.STALLED, seconds=8.0)
    assert track_title(untitled) == "track 42" and track_title(None) == ""
    assert player_problem_text(stall) == "The preview of “track 42” stalled: no audio arrived for 8 s."


def test_a_missing_backend_is_explained(qapp):
    no_module = BackendStatus(False, MissingBackend.NO_MULTIMEDIA_MODULE, "libpulse.so.0: cannot open")
    assert backend_problem_text(no_module) == ("Previews are off: Qt Multimedia could not be loaded "
                                               "(libpulse.so.0: cannot open). On Debian/Ubuntu install libpulse0.")
    assert "ffmpeg plugin is missing" in backend_problem_text(BackendStatus(False, MissingBackend.NO_FFMPEG))
    assert backend_problem_text(BackendStatus(True, audio_outputs=1)) == ""
