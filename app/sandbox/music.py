"""A short generated piece of music per track id: chords, bass line, melody and drums, encoded to MP3.

Everything is seeded by the track id, so the same track always sounds the same and neighbouring
tracks sound different (tempo, key, mode, progression, groove, instruments).
"""
from __future__ import annotations

import random
from functools import lru_cache

import lameenc
import numpy as np

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


@lru_cache(maxsize=64)
def _env(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n, dtype=np.float32) / RATE
    env = np.exp(-t / decay) if decay > 0 else np.ones(n, dtype=np.float32)
    a = max(1, int(attack * RATE))
    env[:a] *= np.linspace(0, 1, min(a, n), dtype=np.float32)[: min(a, n)] if a <= n else 1
    release = min(n, int(0.02 * RATE))
    env[n - release:] *= np.linspace(1, 0, release, dtype=np.float32)
    return env


@lru_cache(maxsize=64)
def _tone(freq: float, n: int, harmonics=(1.0,), detune: float = 0.0) -> np.ndarray:
    phase = np.arange(n, dtype=np.float32) * np.float32(2 * np.pi * freq * (1 + detune) / RATE)
    out = np.zeros(n, dtype=np.float32)
    for k, amp in enumerate(harmonics, start=1):
        out += np.float32(amp) * np.sin(k * phase)
    return out


@lru_cache(maxsize=64)
def _lead(freq: float, n: int, harmonics) -> np.ndarray:
    """A lead voice with a gentle vibrato."""
    wobble = 1 + 0.003 * np.sin(np.arange(n, dtype=np.float32) * np.float32(2 * np.pi * 5.5 / RATE))
    phase = np.cumsum(wobble) * np.float32(2 * np.pi * freq / RATE)
    return sum(np.float32(a) * np.sin(k * phase) for k, a in enumerate(harmonics, start=1))


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


def compose(track_id: int, seconds: float = 30.0) -> np.ndarray:
    """Stereo float samples in [-1, 1], shape (n, 2)."""
    pick = random.Random(track_id * 7919 + 17)
    rng = np.random.default_rng(track_id)
    n = int(seconds * RATE)
    buf = np.zeros((2, n), dtype=np.float32)   # channel-major: each voice adds to contiguous memory
    bpm = pick.randint(78, 136)
    beat = 60.0 / bpm
    step = beat / 4
    bar = 4 * beat
    scale = pick.choice((_MAJOR, _MAJOR, _MINOR, _MINOR, _DORIAN, _MIXOLYDIAN))
    progression = pick.choice(_PROGRESSIONS[scale])
    root = pick.randint(40, 51)                    # bass register, E2..D#3
    groove = pick.choice(_GROOVES)
    with_drums = pick.random() < 0.85
    with_arp = pick.random() < 0.5
    lead_harmonics = pick.choice(((1, 0.5, 0.25, 0.12), (1, 0.1, 0.3, 0.05, 0.1), (1, 0.7, 0.1, 0.3)))
    lead_decay = pick.uniform(0.25, 0.8)
    kit = _drum_kit(rng)

    def degree(d: int, octave: int = 0) -> int:
        return root + scale[d % 7] + 12 * (d // 7 + octave)

    # A two-bar melodic motif, varied on repeats: rhythm in 16th steps and scale-degree moves.
    motif = []
    pos = 0
    while pos < 32:
        length = pick.choice((2, 2, 4, 4, 6, 8))
        motif.append((pos, min(length, 32 - pos), pick.choice((-2, -1, -1, 0, 1, 1, 2, 3))))
        pos += length

    bars = int(seconds / bar) + 1
    melody_degree = 7 + 2
    for b in range(bars):
        start = int(b * bar * RATE)
        chord = progression[b % len(progression)]
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
            continue     # a one-bar intro of pad and bass
        if with_drums:
            for name, steps, gains in (("kick", groove[0], (0.5, 0.5)), ("snare", groove[1], (0.28, 0.32)),
                                       ("hat", groove[2], (0.12, 0.2))):
                for s in steps:
                    _add(buf, start + int(s * step * RATE), kit[name], gains)
        if with_arp:
            for s in range(16):
                d = (chord, chord + 2, chord + 4, chord + 7)[s % 4]
                m = int(step * RATE)
                _add(buf, start + int(s * step * RATE),
                     _tone(_hz(degree(d, 2)), m, (1, 0.2)) * _env(m, 0.003, 0.08) * 0.05, (0.3, 0.7))
        # Melody: the motif over bars 2-3, 4-5…; every other phrase moves, and it lands on chord tones.
        half = (b - 1) % 2
        for pos_, length, move in motif:
            if pos_ // 16 != half:
                continue
            chord_tones = [chord + 7, chord + 9, chord + 11, chord + 14]
            melody_degree += move if (b // 4) % 2 == 0 else -move
            melody_degree = min(max(melody_degree, 5), 16)
            if pos_ % 8 == 0:   # strong beats snap to the nearest chord tone
                melody_degree = min(chord_tones, key=lambda c: abs(c - melody_degree))
            m = int(length * step * RATE)
            t0 = start + int((pos_ % 16) * step * RATE)
            note = _lead(_hz(degree(melody_degree, 1)), m, lead_harmonics)
            _add(buf, t0, note * _env(m, 0.01, lead_decay) * 0.11, (0.65, 0.5))

    fade_in, fade_out = int(0.3 * RATE), int(min(2.0, seconds / 4) * RATE)
    buf[:, :fade_in] *= np.linspace(0, 1, fade_in, dtype=np.float32)
    buf[:, n - fade_out:] *= np.linspace(1, 0, fade_out, dtype=np.float32)
    buf *= np.float32(1.4)
    np.tanh(buf, out=buf)   # soft clip
    peak = float(np.abs(buf).max()) or 1.0
    buf *= np.float32(0.89 / peak)
    return np.ascontiguousarray(buf.T)


def _encoder(quality: int, channels: int) -> lameenc.Encoder:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATE)
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


def encode_chunks(samples: np.ndarray, quality: int = 7, seconds_per_chunk: float = 1.0):
    """The same bytes as `encode_mp3`, a second of audio at a time (for streaming)."""
    encoder = _encoder(quality, samples.shape[1])
    pcm = _pcm(samples)
    step = int(seconds_per_chunk * RATE)
    for start in range(0, len(pcm), step):
        part = bytes(encoder.encode(pcm[start: start + step].tobytes()))
        if part:
            yield part
    yield bytes(encoder.flush())


def preview_mp3(track_id: int, seconds: float = 30.0) -> bytes:
    return encode_mp3(compose(track_id, seconds), quality=7)
