"""PyInstaller runtime hook: the bundle's smoke check (packaging/bundle_smoke.py), inert unless
SEVENDIGITAL_BUNDLE_SMOKE is set.

With it set, the bundled app plays the first preview of the store's track chart through the
window's own preview signal, opens that track's release page (covers decoded), then quits with
status 0, or 3 when a step did not happen within SEVENDIGITAL_BUNDLE_SMOKE_TIMEOUT seconds (60).
SEVENDIGITAL_BUNDLE_SMOKE_MAPS names a file that gets the process's mapped files at the end,
SEVENDIGITAL_BUNDLE_SMOKE_MODULES one that gets the names of the imported modules: what a session
really loads is what the bundle must keep. The check lives here rather than behind an app
flag so that the shipped app code stays as it is; the trimmed bundle itself is what gets checked.
"""
import os


def _smoke(parts) -> None:
    import sys
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.player.player import PlayerState
    from app.services.catalogue import Catalogue

    deadline = time.monotonic() + float(os.environ.get("SEVENDIGITAL_BUNDLE_SMOKE_TIMEOUT", "60"))
    state: dict = {"step": "waiting for the store and the player", "track": None, "since": None}
    timer = QTimer(parts.window, interval=100)

    def say(text: str) -> None:
        print(f"bundle smoke: {text}", file=sys.stderr, flush=True)

    def finish(code: int, text: str) -> None:
        timer.stop()
        maps = os.environ.get("SEVENDIGITAL_BUNDLE_SMOKE_MAPS")
        if maps:
            with open("/proc/self/maps", encoding="utf-8") as source, open(maps, "w", encoding="utf-8") as out:
                out.write(source.read())
        modules = os.environ.get("SEVENDIGITAL_BUNDLE_SMOKE_MODULES")
        if modules:
            with open(modules, "w", encoding="utf-8") as out:
                out.write("\n".join(sorted(sys.modules)) + "\n")
        say(text)
        QApplication.exit(code)

    def got_tracks(page) -> None:
        playable = [track for track in page.items if track.previewable]
        if not playable:
            finish(3, "the track chart has no previewable track")
            return
        state["track"] = playable[0]
        state["step"] = "waiting for the preview to play"
        say(f"playing the preview of track {playable[0].id}")
        parts.window.preview_requested.emit(playable[0])

    def tick() -> None:
        if time.monotonic() > deadline:
            finish(3, f"timed out {state['step']}")
            return
        step = state["step"]
        if step == "waiting for the store and the player":
            if parts.store.ready and parts.player is not None:
                state["step"] = "waiting for the track chart"
                parts.catalogue.run(lambda client: Catalogue.top_tracks()(client, 1, 10), got_tracks,
                                    lambda exc: finish(3, f"the track chart failed: {exc!r}"))
        elif step == "waiting for the preview to play":
            if parts.player.state == PlayerState.PLAYING and parts.player.position() > 0:
                say(f"preview playing at {parts.player.position()} ms")
                release = state["track"].release
                state["step"] = "waiting for the release page's covers"
                state["since"] = time.monotonic()
                if release is not None:
                    parts.window.open_link_text(f"release:{release.id}")
        elif step == "waiting for the release page's covers" and parts.covers.pending == 0 \
                and time.monotonic() - state["since"] > 2.0:
            finish(0, "preview played and release page shown")

    timer.timeout.connect(tick)
    timer.start()


if os.environ.get("SEVENDIGITAL_BUNDLE_SMOKE"):
    import app.composition as _composition

    _build = _composition.build

    def _build_and_smoke(*args, **kwargs):
        parts = _build(*args, **kwargs)
        _smoke(parts)
        return parts

    _composition.build = _build_and_smoke
