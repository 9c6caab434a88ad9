"""Voice-pack generation: gong synthesis, WAV clean-up, engine run, manifest, CLI."""

import array
import json
import math
import shutil
import wave

import pytest

from display_board import VOICE_DIR
from display_board.__main__ import main
from display_board.tools.make_gong import write_gong
from display_board.voice_pack import (
    build_pack, clip_paths, load_manifest, read_mono, tidy_wav_python, trim_silence, write_mono,
)

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng не установлен")


def wav_format(path):
    with wave.open(str(path), "rb") as clip:
        return clip.getnchannels(), clip.getframerate(), clip.getsampwidth(), clip.getnframes()


def test_gong_is_a_short_mono_chime_and_the_committed_one_is_current(tmp_path):
    path = write_gong(tmp_path / "gong.wav")
    channels, rate, width, frames = wav_format(path)
    assert (channels, rate, width) == (1, 22050, 2)
    assert 1.0 < frames / rate < 2.0
    samples, _ = read_mono(path)
    assert 0.6 * 32767 < max(abs(v) for v in samples) <= 0.7 * 32767 + 1
    assert abs(samples[-1]) < 50  # fades out, no click
    assert path.read_bytes() == (VOICE_DIR / "gong.wav").read_bytes()  # deterministic


def test_python_cleanup_trims_resamples_and_downmixes(tmp_path):
    rate = 44100
    silence = [0] * (rate // 2)
    voice = [int(10000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(rate // 4)]
    stereo = array.array("h")
    for value in silence + voice + silence:
        stereo.extend((value, value))
    source = tmp_path / "raw.wav"
    with wave.open(str(source), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(stereo.tobytes())
    tidy_wav_python(source, tmp_path / "clean.wav")
    channels, out_rate, width, frames = wav_format(tmp_path / "clean.wav")
    assert (channels, out_rate, width) == (1, 22050, 2)
    assert 0.25 <= frames / out_rate <= 0.32  # 0.25 s of voice + 0.05 s tail, the silences gone


def test_trim_of_pure_silence_is_empty():
    assert len(trim_silence(array.array("h", [0] * 100))) == 0


@needs_espeak
def test_build_generates_fragments_and_manifest(tmp_path):
    manifest = build_pack(tmp_path, "espeak", ["talon", "num_20", "gong"])
    assert set(manifest["fragments"]) == {"talon", "num_20", "gong"}
    assert manifest["fragments"]["talon"] == {"file": "talon.wav", "text": "талон", "source": "espeak"}
    assert load_manifest(tmp_path)["format"] == {"rate": 22050, "channels": 1, "sample_width": 2}
    channels, rate, width, frames = wav_format(tmp_path / "talon.wav")
    assert (channels, rate, width) == (1, 22050, 2) and 0.2 < frames / rate < 1.5


@needs_espeak
def test_only_missing_keeps_a_human_recording(tmp_path):
    recording = [int(5000 * math.sin(i / 5)) for i in range(8000)]
    write_mono(tmp_path / "okno.wav", recording, rate=16000)  # any rate is fine for a recording
    before = (tmp_path / "okno.wav").read_bytes()
    build_pack(tmp_path, "espeak", ["okno", "talon"], only_missing=True)
    assert (tmp_path / "okno.wav").read_bytes() == before
    assert set(clip_paths(tmp_path)) == {"okno", "talon"}


@needs_espeak
def test_cli_builds_a_pack(tmp_path, capsys):
    code = main(["voice-pack", "build", str(tmp_path), "--engine", "espeak", "--fragment", "letter_b"])
    assert code == 0
    assert "Готово" in capsys.readouterr().out
    assert json.loads((tmp_path / "manifest.json").read_text())["fragments"]["letter_b"]["text"] == "бэ"


def test_cli_rejects_an_unknown_fragment(tmp_path, capsys):
    assert main(["voice-pack", "build", str(tmp_path), "--engine", "espeak", "--fragment", "num_1000"]) == 1
    assert "неизвестные фрагменты" in capsys.readouterr().err


def test_cli_explains_its_usage():
    assert main(["voice-pack"]) == 2
