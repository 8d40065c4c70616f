"""The contact-sheet command and the speed benchmark, run for real (short settings)."""

from __future__ import annotations

import json
import subprocess

import cv2

from avatar.cli import contact_sheet_main


def test_contact_sheet_command_writes_png_and_mp4(tmp_path):
    png, mp4 = tmp_path / "sheet.png", tmp_path / "talk.mp4"
    assert contact_sheet_main(["--out", str(png), "--mp4", str(mp4), "--size", "256",
                               "--text", "오늘 무엇을 도와드릴까요?"]) == 0
    sheet = cv2.imread(str(png))
    assert sheet is not None and sheet.shape[1] == 4 * 256 and sheet.shape[0] >= 3 * 256
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,width,nb_frames",
                            "-of", "json", str(mp4)], capture_output=True, text=True, check=True)
    streams = {s["codec_type"]: s for s in json.loads(probe.stdout)["streams"]}
    assert streams["video"]["width"] == 256 and "audio" in streams
    assert int(streams["video"]["nb_frames"]) > 25 * 2


def test_contact_sheet_rejects_a_faceless_portrait(tmp_path):
    import numpy as np

    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((200, 200, 3), 128, np.uint8))
    assert contact_sheet_main(["--out", str(tmp_path / "x.png"), "--portrait", str(blank), "--mp4", "none"]) == 2


def test_speed_benchmark_reports_both_sizes(tmp_path):
    from benchmarks.avatar_speed import main

    out = tmp_path / "speed.json"
    assert main(["--json", str(out), "--frames", "40"]) == 0
    data = json.loads(out.read_text())
    sizes = [r["size"] for r in data["results"]]
    assert sizes == [512, 256]
    for r in data["results"]:
        assert 0 < r["speaking"]["mean_ms"] < 40  # real time on one core even on a busy machine
    assert data["results"][1]["speaking"]["mean_ms"] < data["results"][0]["speaking"]["mean_ms"]
    assert out.with_suffix(".png").exists()
