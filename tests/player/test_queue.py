"""PlayQueue's rules: cursor movement and edits that keep the cursor on the right track."""
from types import SimpleNamespace

import pytest

from app.player.queue import PlayQueue


def tracks(*ids):
    return [SimpleNamespace(id=i) for i in ids]


def ids(queue):
    return [t.id for t in queue.tracks]


def test_replace_makes_the_first_track_current_and_advance_walks_to_the_end():
    q = PlayQueue()
    q.replace(tracks(1, 2, 3))
    assert q.current.id == 1 and not q.has_previous
    assert q.advance().id == 2 and q.advance().id == 3
    assert q.advance() is None and q.current.id == 3 and not q.has_next
    assert q.back().id == 2


def test_an_empty_queue_has_no_current_track():
    q = PlayQueue()
    q.replace([])
    assert q.current is None and q.current_index == -1 and q.advance() is None and q.back() is None


def test_insert_next_puts_a_track_after_the_current_one():
    q = PlayQueue()
    q.replace(tracks(1, 2, 3))
    q.advance()
    assert q.insert_next(SimpleNamespace(id=9)) == 2
    assert ids(q) == [1, 2, 9, 3] and q.current.id == 2


def test_insert_next_without_a_current_track_appends():
    q = PlayQueue()
    assert q.insert_next(SimpleNamespace(id=5)) == 0
    assert q.current is None and ids(q) == [5]


def test_index_of_matches_ids_whatever_their_type():
    q = PlayQueue()
    q.replace(tracks(10, 20))
    assert q.index_of("20") == 1 and q.index_of(20) == 1 and q.index_of(30) == -1


@pytest.mark.parametrize("removed, expected_ids, expected_current, was_current", [
    (0, [2, 3, 4], 2, False),      # before the cursor: the cursor shifts with its track
    (2, [1, 2, 4], 2, False),      # after the cursor: no change
    (1, [1, 3, 4], 3, True),       # the current one: the next track takes its place
])
def test_remove_keeps_the_cursor_on_the_right_track(removed, expected_ids, expected_current, was_current):
    q = PlayQueue()
    q.replace(tracks(1, 2, 3, 4))
    q.set_current(1)
    assert q.remove(removed) is was_current
    assert ids(q) == expected_ids and q.current.id == expected_current


def test_removing_the_last_current_track_moves_the_cursor_back_and_then_empties():
    q = PlayQueue()
    q.replace(tracks(1, 2))
    q.set_current(1)
    assert q.remove(1) is True and q.current.id == 1
    assert q.remove(0) is True and q.current is None and len(q) == 0


def test_move_keeps_the_cursor_on_its_track():
    q = PlayQueue()
    q.replace(tracks(1, 2, 3, 4))
    q.set_current(1)
    q.move(3, 0)
    assert ids(q) == [4, 1, 2, 3] and q.current.id == 2
    q.move(2, 3)
    assert ids(q) == [4, 1, 3, 2] and q.current.id == 2 and q.current_index == 3


def test_bad_indices_raise_instead_of_corrupting_the_queue():
    q = PlayQueue()
    q.replace(tracks(1))
    with pytest.raises(IndexError):
        q.set_current(1)
    with pytest.raises(IndexError):
        q.remove(-1)
    with pytest.raises(IndexError):
        q.move(0, 5)
    assert ids(q) == [1] and q.current.id == 1


def test_clear_empties_and_forgets_the_cursor():
    q = PlayQueue()
    q.replace(tracks(1, 2))
    q.clear()
    assert len(q) == 0 and q.current is None
