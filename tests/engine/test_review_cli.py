"""`roviec review`: the same findings from TXT, DOCX and PDF; offsets index `roviec extract --text`."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from roviec.cli import main
from roviec.docgen import DocBuilder
from tests.engine.test_review import DRAFT, SUPERIOR

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def _docx(text: str, path: Path) -> Path:
    builder = DocBuilder()
    for line in text.splitlines():
        if line.strip():
            builder.add_paragraph(line)
    builder.save(path)
    return path


def _pdf(docx: Path, out: Path) -> Path:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.fail("LibreOffice is needed to render the PDF test file")
    subprocess.run([binary, f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", "pdf",  # noqa: S603, E501
                    "--outdir", str(out), str(docx)], check=True, capture_output=True, timeout=240)
    return out / (docx.stem + ".pdf")


def _review(capsys, *args) -> dict:
    assert main(["review", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _extract_text(capsys, path) -> str:
    assert main(["extract", str(path), "--text"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_review_reads_every_format(fmt, tmp_path, capsys):
    """TXT, DOCX and PDF drafts give the same verdicts, each finding at its place in the extracted text."""
    sup = tmp_path / "cap-tren.txt"
    sup.write_text(SUPERIOR, encoding="utf-8")
    draft = tmp_path / "du-thao.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    if fmt != "txt":
        draft = _docx(DRAFT, tmp_path / "du-thao.docx")
        if fmt == "pdf":
            draft = _pdf(draft, tmp_path)
    data = _review(capsys, draft, "--parent", sup)
    text = _extract_text(capsys, draft)
    assert [c["verdict"] for c in data["coverage"]] == ["partly", "covered", "not_covered"]
    assert len(data["copied_spans"]) == 1 and 0 < data["copy_share"]["chars"] < 1
    assert data["timeliness"]["days"] == 64 and data["timeliness"]["limit_days"] == 44
    for task in data["tasks"]:
        assert " ".join(text[task["offset"]:task["end"]].split()) == task["text"]
        assert set(task["present"]) == {"owner", "action", "deadline", "accountability", "deliverable", "authority"}  # noqa: E501
    span = data["copied_spans"][0]
    assert text[span["draft_offset"]:].startswith("Tăng cường sự lãnh đạo")


def test_samples_give_a_sensible_report(capsys):
    """The sample plan against the sample conclusion notice: vague tasks found, little copying."""
    data = _review(capsys, CORPUS / "003_b0c3c25a124be0e9.txt", "--parent", CORPUS / "000_7e00125ec9cf1de4.txt",  # noqa: E501
                   "--today", "20/11/2026")
    summary = data["summary"]
    assert summary["tasks"] >= 20 and summary["tasks_vague"] >= 5
    assert data["copy_share"]["chars"] < 0.1
    assert data["coverage"] and all(c["verdict"] in {"covered", "partly", "not_covered"} for c in data["coverage"])  # noqa: E501


def test_readable_report_and_errors(tmp_path, capsys):
    """Without --json the report is readable; a missing file is one line on stderr and exit 2."""
    draft = tmp_path / "du-thao.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    assert main(["review", str(draft)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("THẨM ĐỊNH DỰ THẢO") and "NHIỆM VỤ CHƯA RÕ" in out
    assert main(["review", str(tmp_path / "khong-co.txt")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("roviec review: ")


def test_readable_report_lists_candidates_under_an_uncovered_requirement(capsys):
    """Each requirement left uncovered is followed by the tasks the reviewer should check, with
    their offsets in the extracted text, so the reviewer can open them."""
    plan, notice = CORPUS / "003_b0c3c25a124be0e9.txt", CORPUS / "000_7e00125ec9cf1de4.txt"
    data = _review(capsys, plan, "--parent", notice)
    uncovered = [c for c in data["coverage"] if c["verdict"] == "not_covered"]
    with_candidates = [c for c in uncovered if c["candidates"]]
    assert with_candidates
    assert main(["review", str(plan), "--parent", str(notice)]) == 0
    lines = capsys.readouterr().out.splitlines()
    first = with_candidates[0]["candidates"][0]
    at = lines.index("      nhiệm vụ có thể liên quan (cần người thẩm định kiểm tra lại):")
    assert lines[at - 1].startswith("  [chưa có]")
    assert lines[at + 1].startswith(f"        @{first['draft_offset']} ")
    text = _extract_text(capsys, plan)
    assert " ".join(text[first["draft_offset"]:].split()).startswith(first["text"][:40])
