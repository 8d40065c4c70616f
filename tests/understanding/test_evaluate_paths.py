"""``eval-understanding --blind``: a new set is answered and reported next to itself, never over the first."""

from __future__ import annotations

from pathlib import Path

from models.understanding.evaluate import main, paths_for


def test_paths_next_to_the_blind_set() -> None:
    d = Path("/x/eval")
    assert paths_for(d / "blind.tsv") == (d / "answers.tsv", d / "judgements.tsv")
    assert paths_for(d / "blind2.tsv") == (d / "answers2.tsv", d / "judgements2.tsv")
    assert paths_for(d / "other.tsv") == (d / "other.answers.tsv", d / "other.judgements.tsv")


def test_report_on_a_new_set(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    blind = tmp_path / "blind9.tsv"
    blind.write_text("id\tkind\tsubkind\ttext\texpect\nz1\turgent\tfire\t불이야\t119\nz2\tcontrol\tthanks\t고마워요\tthanks\n",
                     encoding="utf-8")
    assert main(["report", "--blind", str(blind)]) == 2  # not answered yet: says so
    (tmp_path / "answers9.tsv").write_text(
        "id\ttext\tintent\tentry_id\tanswer\tunderstood_ms\nz1\t불이야\turgent\t\t119\t3.0\n"
        "z2\t고마워요\tthanks\t\t천만에요\t2.0\n", encoding="utf-8")
    (tmp_path / "judgements9.tsv").write_text("id\tok\tnote\nz1\t1\t\nz2\t0\tcold\n", encoding="utf-8")
    assert main(["report", "--blind", str(blind), "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "urgent_recall" in out and "100.0%" in out and "judge: cold" in out
