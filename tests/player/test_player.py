"""Real playback of the store's clips on loopback: progress, queue, pause, seek, failures, stalls."""
import dataclasses

from app.api import NetworkError
from app.player.player import PlayerState, PreviewPlayer
from app.player.problems import MediaError, PlayerProblem, ProblemKind
from app.ui.errors import describe_error
from app.ui.player_messages import player_problem_text
from tests.player.conftest import CLIP_SECONDS, NO_QT_LOG
from tests.player.playback import shut_down_player

pytestmark = NO_QT_LOG   # see tests/player/conftest.py


def recorder(signal):
    seen = []
    signal.connect(lambda *args: seen.append(args if len(args) != 1 else args[0]))
    return seen


def test_a_preview_reaches_playing_state_and_its_position_advances(qtbot, player, tracks):
    playing_ids = recorder(player.playing_track_changed)
    player.play(tracks[0])
    assert player.state == PlayerState.LOADING          # the URL is being signed off the GUI thread
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING, timeout=5000)
    qtbot.waitUntil(lambda: player.position() >= 500, timeout=5000)
    assert player.current_track == tracks[0]
    assert abs(player.duration() - CLIP_SECONDS * 1000) < 300
    assert playing_ids[0] == tracks[0].id


def test_the_next_queued_clip_starts_when_the_first_ends(qtbot, player, tracks):
    started = recorder(player.track_changed)
    player.play_all(tracks[:2])
    qtbot.waitUntil(lambda: player.position() > 1000, timeout=5000)
    qtbot.waitUntil(lambda: player.current_index == 1 and player.position() > 0,
                    timeout=CLIP_SECONDS * 1000 + 3000)
    assert started == [tracks[0], tracks[1]]
    qtbot.waitUntil(lambda: player.state == PlayerState.STOPPED, timeout=CLIP_SECONDS * 1000 + 3000)
    assert player.current_track == tracks[1]            # the end of the queue: stopped on the last


def test_pause_holds_the_position_and_resume_carries_on(qtbot, player, tracks):
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.position() >= 300, timeout=5000)
    player.pause()
    qtbot.waitUntil(lambda: player.state == PlayerState.PAUSED)
    held = player.position()
    qtbot.wait(400)      # a window in which a playing clip would move on by 400 ms
    assert player.position() - held < 100
    player.resume()
    qtbot.waitUntil(lambda: player.position() >= held + 300, timeout=3000)
    assert player.state == PlayerState.PLAYING


def test_clicking_the_playing_track_again_pauses_and_a_third_click_resumes(qtbot, player, tracks):
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)
    player.play(tracks[0])
    assert player.state == PlayerState.PAUSED
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.state == PlayerState.PLAYING)
    assert len(player.queue) == 1


def test_seek_jumps_within_the_clip(qtbot, player, tracks):
    seeks = recorder(player.seeked)
    player.play(tracks[0])
    qtbot.waitUntil(lambda: player.position() > 0 and player.is_seekable(), timeout=5000)
    player.seek(1500)
    qtbot.waitUntil(lambda: player.position() >= 1500, timeout=2000)
    assert seeks == [1500]


def test_previewing_a_track_during_a_queue_inserts_it_next(qtbot, player, tracks):
    player.play_all(tracks[:3])
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)
    player.play(tracks[4])
    assert player.queue == (tracks[0], tracks[4], tracks[1], tracks[2])
    qtbot.waitUntil(lambda: player.current_track == tracks[4] and player.position() > 0, timeout=5000)


def test_next_previous_remove_and_clear_edit_the_queue(qtbot, player, tracks):
    player.play_all(tracks[:3])
    assert player.next() and player.current_track == tracks[1]
    player.previous()
    assert player.current_track == tracks[0]
    player.remove(0)                         # the playing one: its successor plays instead
    assert player.queue == tuple(tracks[1:3]) and player.current_track == tracks[1]
    qtbot.waitUntil(lambda: player.position() > 0, timeout=5000)
    player.clear()
    assert player.queue == () and player.state == PlayerState.STOPPED and player.current_track is None


def test_a_missing_clip_is_reported_and_the_queue_moves_on(qtbot, player, tracks):
    missing = dataclasses.replace(tracks[0], id=987654321)
    problems = recorder(player.problem)
    player.play_all([missing, tracks[1]])
    qtbot.waitUntil(lambda: player.current_track == tracks[1] and player.position() > 0, timeout=5000)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.track, problem.kind, problem.skipping) == (missing, ProblemKind.CLIP_FAILED, True)
    assert isinstance(problem.cause, MediaError)
    assert player_problem_text(problem).startswith(f"Couldn't play the preview of “{missing.title}”:")
    assert player_problem_text(problem).endswith(". Skipping it.")


def test_an_undecodable_clip_is_reported_and_skipped(qtbot, clip_store, player, tracks):
    clip_store.faults.malformed(path=f"clip/{tracks[0].id}")
    problems = recorder(player.problem)
    player.play_all(tracks[:2])
    qtbot.waitUntil(lambda: player.current_track == tracks[1] and player.position() > 0, timeout=5000)
    assert [(p.track, p.kind) for p in problems] == [(tracks[0], ProblemKind.CLIP_FAILED)]


def test_a_failed_url_lookup_is_reported_with_its_exception_and_worded_by_the_ui(qtbot, runner):
    error = NetworkError("The store did not answer")

    def resolve_url(track):
        raise error

    player = PreviewPlayer(runner, resolve_url)
    try:
        problems = recorder(player.problem)
        song = type("T", (), {"id": 1, "title": "Song"})()
        player.play(song)
        qtbot.waitUntil(lambda: len(problems) == 1, timeout=3000)
        assert problems[0] == PlayerProblem(song, ProblemKind.CLIP_FAILED, error, skipping=False)
        assert player_problem_text(problems[0]) == \
            f"Couldn't play the preview of “Song”: {describe_error(error)}."
        qtbot.waitUntil(lambda: player.state == PlayerState.STOPPED)
    finally:
        shut_down_player(qtbot, player)


def test_a_stalled_stream_is_reported_and_skipped(qtbot, clip_store, player, tracks):
    clip_store.faults.drip(200, path=f"clip/{tracks[0].id}")     # far below the clip's 16 kB/s
    problems = recorder(player.problem)
    player.play_all(tracks[:2])
    qtbot.waitUntil(lambda: len(problems) == 1, timeout=5000)
    stall = problems[0]
    assert (stall.track, stall.kind, stall.seconds, stall.skipping) == \
        (tracks[0], ProblemKind.STALLED, 1.5, True)
    assert player_problem_text(stall) == (f"The preview of “{tracks[0].title}” stalled: "
                                          "no audio arrived for 1.5 s. Skipping it.")
    qtbot.waitUntil(lambda: player.current_track == tracks[1] and player.position() > 0, timeout=5000)


def test_a_stream_dropped_mid_clip_does_not_hang(qtbot, clip_store, player, tracks):
    clip_store.faults.drop(path=f"clip/{tracks[0].id}")
    problems = recorder(player.problem)
    player.play_all(tracks[:2])
    qtbot.waitUntil(lambda: player.current_track == tracks[1] and player.position() > 0, timeout=6000)
    # The backend reports half a clip as a read error (or, were it to wait, the watchdog would).
    assert [problem.track for problem in problems] == [tracks[0]]


def test_volume_and_mute(qtbot, player):
    volumes, mutes = recorder(player.volume_changed), recorder(player.muted_changed)
    player.set_volume(30)
    player.set_muted(True)
    assert player.volume() == 30 and player.is_muted()
    assert volumes == [30] and mutes == [True]
    # The backend gets it from the event loop; a perceptual slider's 30 % is quieter than linear.
    qtbot.waitUntil(lambda: player.applied_volume()[1] and 0 < player.applied_volume()[0] < 0.3)
