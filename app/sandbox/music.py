"""A short generated piece of music per track id: chords, bass line, melody and drums, encoded to MP3.

Everything is seeded by the track id, so the same track always sounds the same and neighbouring
tracks sound different (tempo, key, mode, progression, groove, instruments).

Making music settles the C allocator's process-wide thresholds (app/allocator.py says why).
"""
from __future__ import annotations

import random

import lameenc

from app.allocator import settle as settle_allocator


class _Numpy:
    """numpy, imported at its first use: the store imports this module as it starts (clip and file
    sizes are known without a sample), but numpy (~7 MB, ~0.2 s) is needed only once one is made."""

    def __getattr__(self, name: str):
        import numpy

        globals()["np"] = numpy         # later calls reach numpy directly
        return getattr(numpy, name)


np = _Numpy()

RATE = 44_100
BITRATE = 128
_MAJOR = (0, 2, 4, 5, 7, 9, 11)
_MINOR = (0, 2, 3, 5, 7, 8, 10)
_DORIAN = (0, 2, 3, 5, 7, 9, 10)
_MIXOLYDIAN = (0, 2, 4, 5, 7, 9, 10)
_PROGRESSIONS = {
    _MAJOR: ((0, 4, 5, 3), (0, 3, 4, 3), (0, 5, 3, 4), (1, 4, 0, 0), (0, 5, 1, 4), (3, 0, 4, 5)),
    _MINOR: ((0, 5, 2, 6), (0, 3, 4, 0), (0, 6, 5, 6), (0, 3, 6, 2), (5, 6, 0, 0)),
    _DORIAN: ((0, 3, 0, 3), (0, 6, 3, 0)),
    _MIXOLYDIAN: ((0, 6, 3, 0), (0, 3, 6, 3)),
}
# Drum grooves on a 16-step bar: (kick steps, snare steps, hat steps).
_GROOVES = (
    ((0, 8), (4, 12), tuple(range(0, 16, 2))),                    # backbeat
    ((0, 4, 8, 12), (4, 12), tuple(range(2, 16, 4))),              # four on the floor, off-beat hats
    ((0, 10), (8,), tuple(range(0, 16, 2))),                       # half time
    ((0, 3, 8, 11), (4, 12), tuple(range(16))),                    # busy sixteenths
    ((0, 6, 8, 14), (3, 7, 10, 13), tuple(range(0, 16, 2))),       # bossa-ish
)


def _hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _env(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n, dtype=np.float32) / RATE
    env = np.exp(-t / decay) if decay > 0 else np.ones(n, dtype=np.float32)
    a = max(1, int(attack * RATE))
    env[:a] *= np.linspace(0, 1, min(a, n), dtype=np.float32)[: min(a, n)] if a <= n else 1
    release = min(n, int(0.02 * RATE))
    env[n - release:] *= np.linspace(1, 0, release, dtype=np.float32)
    return env


def _tone(freq: float, n: int, harmonics=(1.0,), detune: float = 0.0) -> np.ndarray:
    phase = np.arange(n, dtype=np.float32) * np.float32(2 * np.pi * freq * (1 + detune) / RATE)
    out = np.zeros(n, dtype=np.float32)
    for k, amp in enumerate(harmonics, start=1):
        out += np.float32(amp) * np.sin(k * phase)
    return out


def _lead(freq: float, n: int, harmonics) -> np.ndarray:
    """A lead voice with a gentle vibrato."""
    wobble = 1 + 0.003 * np.sin(np.arange(n, dtype=np.float32) * np.float32(2 * np.pi * 5.5 / RATE))
    phase = np.cumsum(wobble) * np.float32(2 * np.pi * freq / RATE)
    return sum(np.float32(a) * np.sin(k * phase) for k, a in enumerate(harmonics, start=1))


class _Sounds:
    """The notes of one piece, each made once: a bar's pad and bass notes come back every few bars
    (~35 different ones in ~400 uses), while another track (another tempo and key) seldom shares one.

    Kept with the piece, not in a process-wide cache: lru_caches of whole-bar arrays outlived the
    tracks (~40 MB for good), and arrays left alive by one encoding thread kept its malloc arena from
    shrinking. One piece holds 10-15 MB here while it is made."""

    def __init__(self):
        self._made: dict[tuple, np.ndarray] = {}

    def _get(self, make, *key) -> np.ndarray:
        sound = self._made.get((make, *key))
        if sound is None:
            sound = self._made[(make, *key)] = make(*key)
        return sound

    def env(self, n: int, attack: float, decay: float) -> np.ndarray:
        return self._get(_env, n, attack, decay)

    def tone(self, freq: float, n: int, harmonics=(1.0,), detune: float = 0.0) -> np.ndarray:
        return self._get(_tone, freq, n, harmonics, detune)

    def lead(self, freq: float, n: int, harmonics) -> np.ndarray:
        return self._get(_lead, freq, n, harmonics)


def _add(buf: np.ndarray, start: int, sound: np.ndarray, gains=(1.0, 1.0)) -> None:
    if start >= buf.shape[1]:
        return
    end = min(buf.shape[1], start + len(sound))
    part = sound[: end - start]
    buf[0, start:end] += part * np.float32(gains[0])
    buf[1, start:end] += part * np.float32(gains[1])


def _drum_kit(rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = int(0.35 * RATE)
    t = np.arange(n, dtype=np.float32) / RATE
    sweep = 45 + 90 * np.exp(-t * 30)
    kick = np.sin(2 * np.pi * np.cumsum(sweep) / RATE) * np.exp(-t * 9)
    m = int(0.2 * RATE)
    noise = rng.uniform(-1, 1, m).astype(np.float32)
    snare = (0.6 * noise + 0.5 * np.sin(2 * np.pi * 185 * t[:m])) * np.exp(-t[:m] * 22)
    h = int(0.05 * RATE)
    hat = np.diff(rng.uniform(-1, 1, h + 1)).astype(np.float32) * np.exp(-t[:h] * 80) * 0.5
    return {"kick": kick.astype(np.float32), "snare": snare.astype(np.float32), "hat": hat}


class _Piece:
    """One track's music: its choices (seeded by the track id) and the drawing of each bar.

    `render(b, buf, offset)` adds bar `b` to `buf`, whose first sample is the piece's sample `offset`.
    Bars are drawn in order (the melody carries from one to the next); a bar's notes start at or after
    its first sample and ring on for at most SPILL_BARS bars past its end."""

    SPILL_BARS = 1.5

    def __init__(self, track_id: int, seconds: float):
        settle_allocator()      # before the first bar buffer: see app/allocator.py
        pick = random.Random(track_id * 7919 + 17)
        rng = np.random.default_rng(track_id)
        self.n = int(seconds * RATE)
        self.seconds = seconds
        self.bpm = pick.randint(78, 136)
        self.beat = 60.0 / self.bpm
        self.step = self.beat / 4
        self.bar = 4 * self.beat
        self.scale = pick.choice((_MAJOR, _MAJOR, _MINOR, _MINOR, _DORIAN, _MIXOLYDIAN))
        self.progression = pick.choice(_PROGRESSIONS[self.scale])
        self.root = pick.randint(40, 51)                    # bass register, E2..D#3
        self.groove = pick.choice(_GROOVES)
        self.with_drums = pick.random() < 0.85
        self.with_arp = pick.random() < 0.5
        self.lead_harmonics = pick.choice(((1, 0.5, 0.25, 0.12), (1, 0.1, 0.3, 0.05, 0.1), (1, 0.7, 0.1, 0.3)))
        self.lead_decay = pick.uniform(0.25, 0.8)
        self.kit = _drum_kit(rng)
        self.sounds = _Sounds()
        # A two-bar melodic motif, varied on repeats: rhythm in 16th steps and scale-degree moves.
        self.motif = []
        pos = 0
        while pos < 32:
            length = pick.choice((2, 2, 4, 4, 6, 8))
            self.motif.append((pos, min(length, 32 - pos), pick.choice((-2, -1, -1, 0, 1, 1, 2, 3))))
            pos += length
        self.bars = int(seconds / self.bar) + 1
        self.melody_degree = 7 + 2

    def degree(self, d: int, octave: int = 0) -> int:
        return self.root + self.scale[d % 7] + 12 * (d // 7 + octave)

    def bar_start(self, b: int) -> int:
        return int(b * self.bar * RATE)

    def render(self, b: int, buf: np.ndarray, offset: int = 0) -> None:
        beat, step, bar, degree = self.beat, self.step, self.bar, self.degree
        _env, _tone, _lead = self.sounds.env, self.sounds.tone, self.sounds.lead    # this piece's own notes
        start = self.bar_start(b) - offset
        chord = self.progression[b % len(self.progression)]
        bar_n = int(bar * RATE) + int(0.3 * RATE)
        # Pad: the triad, two slightly detuned voices spread left and right.
        for i, d in enumerate((chord, chord + 2, chord + 4)):
            f = _hz(degree(d, 1))
            env = _env(bar_n, 0.12, 0) * 0.055
            _add(buf, start, _tone(f, bar_n, (1, 0.3, 0.1), -0.003) * env, (0.9, 0.4))
            _add(buf, start, _tone(f, bar_n, (1, 0.3, 0.1), 0.003) * env, (0.4, 0.9))
        # Bass: root on the beat, fifth on the "and" of two, an octave push at the end of the bar.
        for beat_i, d, length in ((0, chord, 1.5), (1.5, chord + 4, 0.5), (2, chord, 1.5), (3.5, chord + 7, 0.5)):
            m = int(length * beat * RATE)
            note = _tone(_hz(degree(d)), m, (1, 0.5, 0.33, 0.25)) * _env(m, 0.005, 0.35) * 0.2
            _add(buf, start + int(beat_i * beat * RATE), note)
        if b < 1:
            return     # a one-bar intro of pad and bass
        if self.with_drums:
            for name, steps, gains in (("kick", self.groove[0], (0.5, 0.5)), ("snare", self.groove[1], (0.28, 0.32)),
                                       ("hat", self.groove[2], (0.12, 0.2))):
                for s in steps:
                    _add(buf, start + int(s * step * RATE), self.kit[name], gains)
        if self.with_arp:
            for s in range(16):
                d = (chord, chord + 2, chord + 4, chord + 7)[s % 4]
                m = int(step * RATE)
                _add(buf, start + int(s * step * RATE),
                     _tone(_hz(degree(d, 2)), m, (1, 0.2)) * _env(m, 0.003, 0.08) * 0.05, (0.3, 0.7))
        # Melody: the motif over bars 2-3, 4-5…; every other phrase moves, and it lands on chord tones.
        half = (b - 1) % 2
        for pos_, length, move in self.motif:
            if pos_ // 16 != half:
                continue
            chord_tones = [chord + 7, chord + 9, chord + 11, chord + 14]
            self.melody_degree += move if (b // 4) % 2 == 0 else -move
            self.melody_degree = min(max(self.melody_degree, 5), 16)
            if pos_ % 8 == 0:   # strong beats snap to the nearest chord tone
                self.melody_degree = min(chord_tones, key=lambda c: abs(c - self.melody_degree))
            m = int(length * step * RATE)
            t0 = start + int((pos_ % 16) * step * RATE)
            note = _lead(_hz(degree(self.melody_degree, 1)), m, self.lead_harmonics)
            _add(buf, t0, note * _env(m, 0.01, self.lead_decay) * 0.11, (0.65, 0.5))

    def fades(self, buf: np.ndarray, offset: int) -> None:
        """Fade in over 0.3 s and out over the last seconds, on the part of the piece `buf` holds."""
        n = self.n
        fade_in, fade_out = int(0.3 * RATE), int(min(2.0, self.seconds / 4) * RATE)
        width = buf.shape[1]
        if offset < fade_in:
            end = min(fade_in, offset + width)
            buf[:, : end - offset] *= np.linspace(0, 1, fade_in, dtype=np.float32)[offset:end]
        if offset + width > n - fade_out:
            first = max(n - fade_out, offset)
            end = min(n, offset + width)
            ramp = np.linspace(1, 0, fade_out, dtype=np.float32)
            buf[:, first - offset: end - offset] *= ramp[first - (n - fade_out): end - (n - fade_out)]


def compose(track_id: int, seconds: float = 30.0) -> np.ndarray:
    """Stereo float samples in [-1, 1], shape (n, 2)."""
    piece = _Piece(track_id, seconds)
    n = piece.n
    buf = np.zeros((2, n), dtype=np.float32)   # channel-major: each voice adds to contiguous memory
    for b in range(piece.bars):
        piece.render(b, buf)
    piece.fades(buf, 0)
    buf *= np.float32(1.4)
    np.tanh(buf, out=buf)   # soft clip
    peak = float(np.abs(buf).max()) or 1.0
    buf *= np.float32(0.89 / peak)
    return np.ascontiguousarray(buf.T)


def compose_stream(track_id: int, seconds: float):
    """The same music as `compose`, a bar at a time: blocks of shape (k, 2) that add up to
    int(seconds * RATE) samples, never more than a few bars in memory (a 9-minute track too).

    Not the same samples: `compose` scales to its peak, which needs the whole piece; a stream scales
    by the soft clip's ceiling instead (a hair quieter)."""
    piece = _Piece(track_id, seconds)
    n = piece.n
    window = int((2 + piece.SPILL_BARS + 0.5) * piece.bar * RATE) + RATE
    buf = np.zeros((2, window), dtype=np.float32)
    offset = 0
    for b in range(piece.bars):
        piece.render(b, buf, offset)
        done = min(n, piece.bar_start(b + 1)) if b + 1 < piece.bars else n
        if done <= offset:
            continue
        block = buf[:, : done - offset].copy()
        piece.fades(block, offset)
        block *= np.float32(1.4)
        np.tanh(block, out=block)
        block *= np.float32(0.89)
        yield np.ascontiguousarray(block.T)
        rest = buf[:, done - offset:].copy()
        buf[:] = 0
        buf[:, : rest.shape[1]] = rest
        offset = done


def _encoder(quality: int, channels: int, bitrate: int = BITRATE) -> lameenc.Encoder:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(RATE)
    encoder.set_channels(channels)
    encoder.set_quality(quality)
    return encoder


def _pcm(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1, 1) * np.float32(32767)).astype("<i2")


def encode_mp3(samples: np.ndarray, quality: int = 7, channels: int = 2) -> bytes:
    """CBR MP3 (128 kbps, 44.1 kHz) with lameenc; `samples` has shape (n, channels)."""
    encoder = _encoder(quality, channels)
    return bytes(encoder.encode(_pcm(samples).tobytes())) + bytes(encoder.flush())


FRAME_SAMPLES = 1152


def mp3_length(samples: int, bitrate: int = BITRATE) -> int:
    """The bytes of lameenc's CBR MP3 (44.1 kHz) of `samples` samples per channel, without encoding it.

    LAME writes ceil(samples / 1152) + 1 frames (an Info frame first), each 144 * bitrate / 44.1k bytes
    with padding spread so that k frames take floor of the first plus the ceiling of the rest
    (checked against lameenc for hundreds of lengths, tests/sandbox/test_downloads.py)."""
    frames = -(-samples // FRAME_SAMPLES) + 1
    per = 144 * bitrate * 1000
    return per // RATE + -(-((frames - 1) * per) // RATE)


def encode_blocks(blocks, bitrate: int = BITRATE, quality: int = 7):
    """MP3 bytes of stereo float blocks (e.g. `compose_stream`'s), chunk by chunk as they are encoded."""
    encoder = _encoder(quality, 2, bitrate)
    for block in blocks:
        part = bytes(encoder.encode(_pcm(block).tobytes()))
        if part:
            yield part
    yield bytes(encoder.flush())
