"""Small synthesiser for the demo's MP3 and FLAC tracks.

The bundled real music is all Opus, but the catalog must exercise MP3 and FLAC
ingestion too, and we may not ship third-party recordings. So a few tracks are
rendered here: chord pads, arpeggios, bass and (for synthwave) drums, each note
shaped by an envelope so the result sounds like music rather than a test tone.
Rendering is deterministic (seeded per preset) so re-seeding gives the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 44_100
_TABLE_SIZE = 4096


@dataclass(frozen=True)
class Preset:
    style: str  # "synthwave" or "ambient"
    bpm: int
    chords: tuple[tuple[int, ...], ...]  # MIDI notes per chord, one chord per bar
    seconds: float
    seed: int
    fmt: str  # "mp3" or "flac"


PRESETS: dict[str, Preset] = {
    # i-VI-III-VII in A minor: the classic night-drive progression.
    "synthwave_mp3": Preset(
        "synthwave", 100, ((57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62)), 40.0, 29, "mp3"
    ),
    "synthwave_mp3_2": Preset(
        "synthwave", 112, ((52, 55, 59), (48, 52, 55), (50, 54, 57), (47, 50, 54)), 36.0, 77, "mp3"
    ),
    "ambient_flac": Preset(
        "ambient", 60, ((48, 55, 59, 64), (45, 52, 55, 60), (41, 48, 52, 57), (43, 50, 55, 59)), 44.0, 5, "flac"
    ),
    "ambient_flac_2": Preset(
        "ambient", 54, ((50, 57, 61, 66), (47, 54, 57, 62), (43, 50, 54, 59), (45, 52, 57, 61)), 38.0, 11, "flac"
    ),
}


def midi_hz(note: float) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


def adsr(n: int, attack: float, decay: float, sustain: float, release: float) -> np.ndarray:
    """Attack/decay/sustain/release envelope over ``n`` samples (times in seconds)."""
    a, d, r = (max(1, int(x * SAMPLE_RATE)) for x in (attack, decay, release))
    s = max(0, n - a - d - r)
    env = np.concatenate([
        np.linspace(0, 1, a, endpoint=False),
        np.linspace(1, sustain, d, endpoint=False),
        np.full(s, sustain),
        np.linspace(sustain, 0, r),
    ])
    return env[:n] if len(env) >= n else np.pad(env, (0, n - len(env)))


def _tone(freq: float, n: int, harmonics: int, rolloff: float = 1.0, detune: float = 0.0) -> np.ndarray:
    """Additive, band-limited tone: ``harmonics`` partials falling off as 1/k**rolloff.

    One cycle is summed into a small wavetable and read back by phase, which is
    much cheaper than evaluating every partial for every sample.
    """
    f = freq * (1 + detune)
    usable = max(1, min(harmonics, int(SAMPLE_RATE / 2 // f)))
    cycle = np.arange(_TABLE_SIZE) / _TABLE_SIZE
    table = sum(np.sin(2 * np.pi * k * cycle) / k**rolloff for k in range(1, usable + 1))
    phase = (np.arange(n) * (f / SAMPLE_RATE) % 1.0) * _TABLE_SIZE
    return table[phase.astype(np.int64) % _TABLE_SIZE]


def _add(buffer: np.ndarray, start: int, signal: np.ndarray, pan: float = 0.0) -> None:
    """Mix a mono ``signal`` into the stereo ``buffer`` at ``start``, panned -1..1."""
    end = min(len(buffer), start + len(signal))
    if end <= start:
        return
    chunk = signal[: end - start]
    buffer[start:end, 0] += chunk * np.sqrt((1 - pan) / 2)
    buffer[start:end, 1] += chunk * np.sqrt((1 + pan) / 2)


def _echo(buffer: np.ndarray, delay_s: float, feedback: float, taps: int) -> np.ndarray:
    """Ping-pong echo: a cheap sense of space without a convolution reverb."""
    out = buffer.copy()
    step = int(delay_s * SAMPLE_RATE)
    for i in range(1, taps + 1):
        shift = step * i
        if shift >= len(buffer):
            break
        gain = feedback**i
        src = buffer[:-shift] * gain
        out[shift:, 0] += src[:, 1 if i % 2 else 0]
        out[shift:, 1] += src[:, 0 if i % 2 else 1]
    return out


def _drums(buffer: np.ndarray, beat: float, rng: np.random.Generator) -> None:
    kick_n, snare_n, hat_n = int(0.35 * SAMPLE_RATE), int(0.25 * SAMPLE_RATE), int(0.06 * SAMPLE_RATE)
    t = np.arange(kick_n) / SAMPLE_RATE
    kick = np.sin(2 * np.pi * (45 * t + 75 / 28 * (1 - np.exp(-28 * t)))) * np.exp(-9 * t)
    ts = np.arange(snare_n) / SAMPLE_RATE
    snare = (0.6 * rng.normal(0, 1, snare_n) + 0.5 * np.sin(2 * np.pi * 185 * ts)) * np.exp(-18 * ts)
    hat = np.diff(rng.normal(0, 1, hat_n + 1)) * np.exp(-70 * np.arange(hat_n) / SAMPLE_RATE)
    beats = int(len(buffer) / SAMPLE_RATE / beat)
    for b in range(beats):
        start = int(b * beat * SAMPLE_RATE)
        if b >= 4:  # let the intro breathe for one bar
            _add(buffer, start, kick * 0.9)
            if b % 2 == 1:
                _add(buffer, start, snare * 0.35)
        for half in (0, 1):
            _add(buffer, start + int(half * beat / 2 * SAMPLE_RATE), hat * (0.07 if half else 0.04), 0.3)


def _render_synthwave(p: Preset, buffer: np.ndarray, rng: np.random.Generator) -> None:
    beat = 60 / p.bpm
    bar = beat * 4
    bars = int(p.seconds / bar) + 1
    sixteenth = beat / 4
    for b in range(bars):
        chord = p.chords[b % len(p.chords)]
        start = int(b * bar * SAMPLE_RATE)
        n = int(bar * SAMPLE_RATE)
        # Warm pad: two detuned saw-like voices per chord note, slow attack.
        pad = sum(_tone(midi_hz(note + 12), n, 10, 1.2, d) for note in chord for d in (-0.003, 0.003))
        _add(buffer, start, pad * adsr(n, 0.4, 0.6, 0.7, 0.5) * 0.05, pan=-0.2)
        # Bass: root on every eighth note, plucky envelope.
        eighth_n = int(beat / 2 * SAMPLE_RATE)
        bass = _tone(midi_hz(chord[0] - 12), eighth_n, 6, 1.5) * adsr(eighth_n, 0.005, 0.12, 0.4, 0.05)
        for e in range(8):
            _add(buffer, start + e * eighth_n, bass * 0.22)
        # Arpeggio: chord tones up and down over two octaves in sixteenths (from bar 2).
        if b >= 2:
            pattern = list(chord) + [note + 12 for note in chord]
            pattern = pattern + pattern[-2:0:-1]
            step_n = int(sixteenth * SAMPLE_RATE)
            for s in range(16):
                note = pattern[s % len(pattern)] + 12
                tone = _tone(midi_hz(note), int(step_n * 1.6), 5, 1.3)
                _add(buffer, start + s * step_n, tone * adsr(len(tone), 0.004, 0.1, 0.3, 0.08) * 0.07,
                     pan=0.35 if s % 2 else -0.1)
    _drums(buffer, beat, rng)


def _render_ambient(p: Preset, buffer: np.ndarray, rng: np.random.Generator) -> None:
    chord_s = 60 / p.bpm * 4
    chords = int(p.seconds / chord_s) + 1
    for c in range(chords):
        chord = p.chords[c % len(p.chords)]
        start = int(c * chord_s * SAMPLE_RATE)
        n = int(chord_s * 1.5 * SAMPLE_RATE)  # overlap into the next chord
        env = adsr(n, chord_s * 0.4, 0.5, 0.8, chord_s * 0.6)
        for i, note in enumerate(chord):
            for d in (-0.002, 0.0, 0.002):
                _add(buffer, start, _tone(midi_hz(note), n, 3, 2.0, d) * env * 0.045, pan=(i - 1.5) / 3)
        # Bell-like notes drifting over the pad, from a pentatonic-ish set of chord tones.
        bell_notes = [note + 24 for note in chord] + [chord[0] + 26, chord[0] + 31]
        for _ in range(rng.integers(3, 6)):
            offset = int(rng.uniform(0, chord_s) * SAMPLE_RATE)
            note = bell_notes[rng.integers(len(bell_notes))]
            bn = int(2.5 * SAMPLE_RATE)
            t = np.arange(bn) / SAMPLE_RATE
            f = midi_hz(note)
            bell = (np.sin(2 * np.pi * f * t) + 0.3 * np.sin(2 * np.pi * f * 2.76 * t) * np.exp(-3 * t))
            _add(buffer, start + offset, bell * np.exp(-1.6 * t) * 0.06, pan=float(rng.uniform(-0.6, 0.6)))


def render(preset: str | Preset) -> np.ndarray:
    """Render a preset to a float stereo array in [-1, 1], shape (samples, 2)."""
    p = PRESETS[preset] if isinstance(preset, str) else preset
    rng = np.random.default_rng(p.seed)
    total = int(p.seconds * SAMPLE_RATE)
    buffer = np.zeros((total + 3 * SAMPLE_RATE, 2))
    if p.style == "synthwave":
        _render_synthwave(p, buffer, rng)
        buffer = _echo(buffer, 60 / p.bpm * 0.75, 0.3, 3)
    else:
        _render_ambient(p, buffer, rng)
        buffer = _echo(buffer, 0.45, 0.45, 5)
    buffer = buffer[:total]
    fade = int(2.5 * SAMPLE_RATE)
    buffer[:int(0.02 * SAMPLE_RATE)] *= np.linspace(0, 1, int(0.02 * SAMPLE_RATE))[:, None]
    buffer[-fade:] *= np.linspace(1, 0, fade)[:, None]
    buffer = np.tanh(buffer * 1.2)  # gentle saturation glues the mix and tames peaks
    return buffer / max(1e-9, np.abs(buffer).max()) * 0.89  # about -1 dBFS


def write_mp3(samples: np.ndarray, path: Path, bitrate_kbps: int = 192) -> None:
    import lameenc

    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(2)
    encoder.set_quality(2)
    data = encoder.encode(pcm.tobytes()) + encoder.flush()
    Path(path).write_bytes(bytes(data))


def write_flac(samples: np.ndarray, path: Path) -> None:
    import soundfile

    soundfile.write(str(path), samples, SAMPLE_RATE, format="FLAC", subtype="PCM_16")


def render_to_file(preset: str, directory: Path, stem: str) -> Path:
    """Render ``preset`` and write it as its format (``.mp3`` or ``.flac``) in ``directory``."""
    p = PRESETS[preset]
    samples = render(p)
    path = Path(directory) / f"{stem}.{p.fmt}"
    (write_mp3 if p.fmt == "mp3" else write_flac)(samples, path)
    return path
