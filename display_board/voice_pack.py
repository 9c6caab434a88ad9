"""Voice pack: the WAV fragments announcements are assembled from.

A pack is a directory of ``NAME.wav`` files (mono, 22050 Hz, 16-bit) plus a
``manifest.json``::

    {"format": {...}, "engine": "espeak-ng", "fragments":
        {"talon": {"file": "talon.wav", "text": "талон", "source": "espeak"}, ...}}

Fragments are synthesized offline with RHVoice (``RHVoice-test``) when it is
installed, else with ``espeak-ng -v ru``; silence is trimmed and loudness
evened out with sox when available, else in pure Python.  Any fragment can be
replaced by a human recording of the same name: drop ``NAME.wav`` in the
directory (any rate; ``build --only-missing`` keeps it, and the player loads
whatever file the name resolves to).
"""

from __future__ import annotations

import array
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import phrase
from .tools.make_gong import write_gong

SAMPLE_RATE = 22050
MANIFEST = "manifest.json"
ENGINES = ("rhvoice", "espeak")
# espeak-ng words per minute: a touch slower than its default 175, because a
# hall is noisy and many visitors are elderly.
ESPEAK_SPEED = 140
RHVOICE_VOICE = "aleksandr"
# espeak-ng reads a lone vowel as an unstressed particle (a 40 ms «и» is lost
# in a hall), so single-vowel letter names are given as stressed long phonemes.
ESPEAK_PHONEMES = {"а": "[['A:]]", "и": "[['i:]]", "у": "[['u:]]", "о": "[['o:]]", "э": "[['e:]]"}
# Silence kept after each fragment so composed numbers sound like words, not
# a stutter («двадцать | семь»).
TAIL_PAD_S = 0.05
SILENCE_THRESHOLD = 0.01  # of full scale
PEAK_LEVEL = 0.7  # of full scale, same as the gong


class VoicePackError(RuntimeError):
    """A pack cannot be built (no engine, an engine failed)."""


def detect_engine() -> str:
    """The best engine installed here: RHVoice if present, else espeak-ng."""
    if shutil.which("RHVoice-test"):
        return "rhvoice"
    if shutil.which("espeak-ng"):
        return "espeak"
    raise VoicePackError(
        "Не найден синтезатор речи: установите RHVoice или espeak-ng (apt-get install espeak-ng)"
    )


def synthesize(text: str, out_path: Path, engine: str, voice: Optional[str] = None) -> None:
    """Speak ``text`` into the WAV file ``out_path`` with the chosen engine."""
    if engine == "espeak":
        spoken = ESPEAK_PHONEMES.get(text, text)
        command = ["espeak-ng", "-v", voice or "ru", "-s", str(ESPEAK_SPEED), "-w", str(out_path), "--", spoken]
        run_input = None
    elif engine == "rhvoice":
        command = ["RHVoice-test", "-p", voice or RHVOICE_VOICE, "-o", str(out_path)]
        run_input = text
    else:
        raise VoicePackError(f"неизвестный синтезатор: {engine!r}")
    result = subprocess.run(command, input=run_input, capture_output=True, text=True, timeout=60)
    if result.returncode != 0 or not out_path.exists():
        raise VoicePackError(f"{command[0]} не смог озвучить «{text}»: {result.stderr.strip()}")


# --- WAV post-processing -----------------------------------------------------

def read_mono(path: Path) -> tuple[array.array, int]:
    """Read a PCM WAV as mono 16-bit samples; returns (samples, sample rate)."""
    with wave.open(str(path), "rb") as src:
        channels, width, rate = src.getnchannels(), src.getsampwidth(), src.getframerate()
        raw = src.readframes(src.getnframes())
    if width == 1:  # 8-bit WAV is unsigned
        samples = array.array("h", ((b - 128) << 8 for b in raw))
    elif width == 2:
        samples = array.array("h")
        samples.frombytes(raw)
        if sys.byteorder == "big":
            samples.byteswap()
    else:
        raise VoicePackError(f"{path.name}: поддерживаются только 8- и 16-битные WAV")
    if channels > 1:  # average the channels: a hall speaker is mono anyway
        samples = array.array(
            "h", (sum(samples[i:i + channels]) // channels for i in range(0, len(samples), channels))
        )
    return samples, rate


def resample(samples: array.array, rate: int, target: int = SAMPLE_RATE) -> array.array:
    """Linear-interpolation resampling; plenty for speech fragments."""
    if rate == target or not samples:
        return samples
    count = max(1, int(len(samples) * target / rate))
    step = rate / target
    out = array.array("h")
    last = len(samples) - 1
    for i in range(count):
        pos = i * step
        left = int(pos)
        right = min(left + 1, last)
        frac = pos - left
        out.append(int(samples[left] * (1 - frac) + samples[right] * frac))
    return out


def trim_silence(samples: array.array, threshold: float = SILENCE_THRESHOLD) -> array.array:
    """Cut leading and trailing silence (below ``threshold`` of full scale)."""
    limit = int(threshold * 32767)
    loud = [i for i, value in enumerate(samples) if abs(value) > limit]
    if not loud:
        return array.array("h")
    return samples[loud[0]:loud[-1] + 1]


def normalize_peak(samples: array.array, level: float = PEAK_LEVEL) -> array.array:
    """Scale so the loudest sample is ``level`` of full scale (even loudness across fragments)."""
    peak = max((abs(v) for v in samples), default=0)
    if peak == 0:
        return samples
    factor = level * 32767 / peak
    return array.array("h", (max(-32768, min(32767, int(v * factor))) for v in samples))


def write_mono(path: Path, samples: array.array, rate: int = SAMPLE_RATE) -> None:
    """Write mono 16-bit PCM WAV."""
    data = array.array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())


def tidy_wav_python(src: Path, dst: Path) -> None:
    """Pure-Python pipeline: mono, 22050 Hz, trimmed, normalized, short tail."""
    samples, rate = read_mono(src)
    samples = normalize_peak(trim_silence(resample(samples, rate)))
    samples.extend([0] * int(TAIL_PAD_S * SAMPLE_RATE))
    write_mono(dst, samples)


def tidy_wav_sox(src: Path, dst: Path) -> None:
    """sox pipeline (better resampling); same result format as the Python one."""
    command = [
        "sox", str(src), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(dst),
        # trim leading silence, reverse, trim the (former) trailing one, reverse back
        "silence", "1", "0.005", f"{SILENCE_THRESHOLD * 100:g}%",
        "reverse", "silence", "1", "0.005", f"{SILENCE_THRESHOLD * 100:g}%", "reverse",
        "norm", "-3", "pad", "0", f"{TAIL_PAD_S:g}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise VoicePackError(f"sox: {result.stderr.strip()}")


def tidy_wav(src: Path, dst: Path, use_sox: Optional[bool] = None) -> None:
    """Bring a synthesized or recorded WAV to the pack format."""
    if use_sox is None:
        use_sox = shutil.which("sox") is not None
    (tidy_wav_sox if use_sox else tidy_wav_python)(src, dst)


# --- packs and manifests -----------------------------------------------------

def build_pack(
    directory: Path,
    engine: Optional[str] = None,
    names: Optional[Iterable[str]] = None,
    only_missing: bool = False,
    voice: Optional[str] = None,
    progress: Callable[[str], None] = lambda line: None,
) -> dict:
    """Generate the fragments (all, or just ``names``) into ``directory``.

    Writes ``manifest.json`` merged with any existing one, so a partial rebuild
    or a human recording keeps its entry.  Returns the manifest.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    engine = engine or detect_engine()
    wanted = phrase.fragment_texts()
    selected = list(names) if names is not None else [phrase.GONG, *wanted]
    unknown = [name for name in selected if name != phrase.GONG and name not in wanted]
    if unknown:
        raise VoicePackError("неизвестные фрагменты: " + ", ".join(unknown))
    manifest = load_manifest(directory)
    fragments = manifest.setdefault("fragments", {})
    with tempfile.TemporaryDirectory() as scratch:
        for name in selected:
            target = directory / f"{name}.wav"
            if only_missing and target.exists():
                continue
            if name == phrase.GONG:
                write_gong(target, SAMPLE_RATE)
                fragments[name] = {"file": target.name, "text": "", "source": "make_gong"}
            else:
                raw = Path(scratch) / f"{name}.raw.wav"
                synthesize(wanted[name], raw, engine, voice)
                tidy_wav(raw, target)
                fragments[name] = {"file": target.name, "text": wanted[name], "source": engine}
            progress(f"{name}: {fragments[name]['text'] or 'гонг'}")
    manifest.update(
        format={"rate": SAMPLE_RATE, "channels": 1, "sample_width": 2},
        engine=engine,
        built_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    )
    manifest["fragments"] = dict(sorted(fragments.items()))
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def load_manifest(directory: Path) -> dict:
    """The pack's manifest, or an empty one when the directory has none."""
    path = Path(directory) / MANIFEST
    if not path.exists():
        return {"fragments": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def clip_paths(directory: Path) -> dict[str, Path]:
    """Clip name → WAV path: manifest entries plus any loose ``NAME.wav`` (recordings)."""
    directory = Path(directory)
    paths = {path.stem: path for path in directory.glob("*.wav")}
    for name, entry in load_manifest(directory).get("fragments", {}).items():
        path = directory / entry.get("file", f"{name}.wav")
        if path.exists():
            paths[name] = path
    return paths


def missing_fragments(directory: Path) -> list[str]:
    """Fragments a complete pack needs that ``directory`` lacks."""
    present = clip_paths(directory)
    return [name for name in [phrase.GONG, *phrase.fragment_texts()] if name not in present]


def wav_duration(path: Path) -> float:
    """Length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as src:
        return src.getnframes() / float(src.getframerate())


def main_build(argv: list[str]) -> int:
    """``voice-pack build DIR [--engine rhvoice|espeak]`` entry (called from __main__)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m display_board voice-pack build",
                                     description="Сборка голосового пакета табло.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--engine", choices=ENGINES, help="синтезатор (по умолчанию RHVoice, если установлен)")
    parser.add_argument("--voice", help="голос синтезатора (espeak: ru; RHVoice: aleksandr, anna, elena, irina)")
    parser.add_argument("--only-missing", action="store_true",
                        help="не трогать существующие файлы (например, записи живого голоса)")
    parser.add_argument("--fragment", action="append", dest="names", metavar="NAME",
                        help="собрать только этот фрагмент (можно несколько раз)")
    args = parser.parse_args(argv)
    try:
        manifest = build_pack(args.directory, args.engine, args.names, args.only_missing, args.voice,
                              progress=lambda line: print(line, flush=True))
    except VoicePackError as error:
        print(f"Ошибка: {error}", file=sys.stderr)
        return 1
    print(f"Готово: {len(manifest['fragments'])} фрагментов в {args.directory}")
    return 0
