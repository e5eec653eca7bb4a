"""`roviec extract`: what an office relies on when it runs the engine over its files."""

import json
import subprocess
import sys
from pathlib import Path

import docx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
NOTICE = FIXTURES / "000_7e00125ec9cf1de4.txt"


def roviec(*args, cwd=None):
    command = [sys.executable, "-m", "roviec.cli", "extract", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd)  # noqa: S603 - our own CLI


def test_json_of_a_text_file_follows_the_schema():
    """--json prints the schema keys; offsets index the file's own text."""
    result = roviec(NOTICE, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("source", "doc_type", "title", "issuer", "signature", "recipients", "citations",
                "named_references", "footnotes", "deadlines", "tasks"):
        assert key in data
    text = NOTICE.read_text(encoding="utf-8")
    for citation in data["citations"]:
        assert text[citation["offset"]:].startswith(citation["text"])


def test_text_of_a_docx_is_what_its_offsets_index(tmp_path):
    """For DOCX, --json offsets index exactly the text --text prints."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("về kiểm tra, giám sát năm 2026")
    document.add_paragraph("Thực hiện Quyết định số 215-QĐ/TU, ngày 03/9/2025 của Ban Thường vụ Tỉnh ủy, "
                           "các chi bộ hoàn thành việc tự kiểm tra trong tháng 10/2026.")
    path = tmp_path / "ke-hoach.docx"
    document.save(path)
    text = roviec(path, "--text").stdout
    data = json.loads(roviec(path, "--json").stdout)
    (citation,) = data["citations"]
    assert citation["symbol"] == "215-QĐ/TU" and citation["date"] == "2025-09-03"
    assert text[citation["offset"]:citation["offset"] + len(citation["text"])] == citation["text"]
    assert [d["normalized"] for d in data["deadlines"]] == ["2026-10-31"]


def test_unreadable_file_is_one_line_and_exit_2(tmp_path):
    """Binary junk, an empty file or a missing file: one line naming the file, exit 2, no traceback."""
    junk = tmp_path / "anh-chup.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    for path in (junk, empty, tmp_path / "khong-co.pdf"):
        result = roviec(path)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"roviec extract: {path}")
        assert "Traceback" not in result.stderr


def test_folder_batch_streams_one_line_per_file_and_survives_bad_files(tmp_path):
    """A folder gives one JSON line per file; a bad file is reported on its own line."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(NOTICE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = roviec(tmp_path, "--jsonl", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["source"] for line in lines) == ["a.txt", "b.txt", "hong.pdf"]
    bad = next(line for line in lines if line["source"] == "hong.pdf")
    assert "error" in bad
    assert all(len(line["citations"]) == 3 for line in lines if line["source"] != "hong.pdf")


def test_organisation_list_names_the_lead_unit(tmp_path):
    """With --orgs, a task's lead written as an abbreviation is matched to the unit's full name."""
    orgs = tmp_path / "don-vi.csv"
    orgs.write_text("code,name,short_name,aliases\nubkt,Ủy ban Kiểm tra Tỉnh ủy,UBKT Tỉnh ủy,\n",
                    encoding="utf-8")
    plan = tmp_path / "kh.txt"
    plan.write_text("KẾ HOẠCH\nvề kiểm tra năm 2026\n\nII. TỔ CHỨC THỰC HIỆN\n\n"
                    "1. UBKT Tỉnh ủy chủ trì, tham mưu kế hoạch kiểm tra chuyên đề, "
                    "hoàn thành trong quý III/2026.\n", encoding="utf-8")
    (task,) = json.loads(roviec(plan, "--json", "--orgs", orgs).stdout)["tasks"]
    assert task["deadline"] == "2026-09-30"
    assert task["lead"] == "UBKT Tỉnh ủy"
    assert [a["unit"] for a in task["addressees"]] == ["Ủy ban Kiểm tra Tỉnh ủy"]
    (unmatched,) = json.loads(roviec(plan, "--json").stdout)["tasks"]
    assert all(a["unit"] is None for a in unmatched["addressees"])


def test_days_the_government_moves_change_working_day_limits(tmp_path):
    """--days-off / --working-days adjust "N ngày làm việc"; a bad date is one line and exit 2."""
    plan = tmp_path / "gop-y.txt"
    plan.write_text("KẾ HOẠCH\nvề góp ý\n\nCác sở góp ý dự thảo trong 03 ngày làm việc.\n", encoding="utf-8")

    def due(*extra):
        result = roviec(plan, "--json", "--date", "07/05/2026", *extra)
        return [d["normalized"] for d in json.loads(result.stdout)["deadlines"]]

    assert due() == ["2026-05-12"]
    assert due("--days-off", "08/05/2026") == ["2026-05-13"]
    assert due("--days-off", "08/05/2026", "--working-days", "09/05/2026") == ["2026-05-12"]
    bad = roviec(plan, "--days-off", "31/02/2026")
    assert bad.returncode == 2 and bad.stderr.strip() == (
        "roviec extract: --days-off: ngày không hợp lệ / invalid date: 31/02/2026")
