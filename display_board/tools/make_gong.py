"""Synthesize the board's two-tone chime (``display_board/voice/gong.wav``).

A soft "ding-dong" (E5 then C5, a major third down) with a few bell-like
partials and an exponential decay.  Pure Python (math + wave) so the pack can
be rebuilt anywhere without numpy; the result is deterministic, which keeps the
committed file stable across rebuilds.

    python -m display_board.tools.make_gong display_board/voice/gong.wav
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from pathlib import Path

SAMPLE_RATE = 22050
# (frequency Hz, start s) of the two strikes.
STRIKES = ((659.26, 0.0), (523.25, 0.36))
# (frequency ratio, relative amplitude, decay time constant s): a fundamental
# with a soft octave and a faint inharmonic "bell" partial.
PARTIALS = ((1.0, 1.0, 0.55), (2.0, 0.28, 0.30), (2.76, 0.10, 0.18))
DURATION_S = 1.2
ATTACK_S = 0.006
PEAK = 0.7  # of full scale: loud enough over hall noise, with headroom.


def strike_sample(t: float, frequency: float) -> float:
    """One struck note at ``t`` seconds after the strike (unscaled)."""
    if t < 0:
        return 0.0
    attack = min(1.0, t / ATTACK_S)  # a few ms of attack avoids a click
    value = 0.0
    for ratio, amplitude, decay in PARTIALS:
        value += amplitude * math.exp(-t / decay) * math.sin(2 * math.pi * frequency * ratio * t)
    return attack * value


def gong_samples(sample_rate: int = SAMPLE_RATE) -> list[int]:
    """The chime as 16-bit signed samples, normalized to ``PEAK``."""
    count = int(DURATION_S * sample_rate)
    raw = []
    for i in range(count):
        t = i / sample_rate
        raw.append(sum(strike_sample(t - start, freq) for freq, start in STRIKES))
    fade = int(0.05 * sample_rate)  # the tail fades to exact silence
    for i in range(fade):
        raw[count - fade + i] *= 1 - i / fade
    peak = max(abs(v) for v in raw) or 1.0
    scale = PEAK * 32767 / peak
    return [int(round(v * scale)) for v in raw]


def write_gong(path: Path, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write the chime as mono 16-bit WAV at ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    samples = gong_samples(sample_rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


def main(argv=None) -> int:
    """CLI entry: write the gong to the given path."""
    parser = argparse.ArgumentParser(description="Синтез двухтонального гонга для табло.")
    parser.add_argument("path", nargs="?", default=str(Path(__file__).resolve().parents[1] / "voice" / "gong.wav"))
    args = parser.parse_args(argv)
    print(write_gong(Path(args.path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
