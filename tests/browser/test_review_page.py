"""A commune uploads its draft plan on the review page and reads the findings, each linked to the text."""

import re
from pathlib import Path

from roviec.docgen import DocBuilder

PAIR = Path(__file__).resolve().parents[1] / "fixtures" / "review_eval" / "pairs" / "p04.txt"


def _pair() -> tuple[str, str]:
    raw = re.sub(r"⟦[^⟧]*⟧", "", PAIR.read_text(encoding="utf-8"))
    sup, rest = raw.split("=== SUPERIOR ===\n", 1)[1].split("=== DRAFT ===\n", 1)
    return sup, rest.split("=== LABELS ===\n", 1)[0]


def test_commune_uploads_a_draft_and_sees_the_findings(province, page, login, shot, tmp_path):
    """The findings page shows vague tasks, copying, the requirements left out and the late issue date."""
    superior, draft = _pair()
    draft_docx = tmp_path / "du-thao-ke-hoach.docx"
    builder = DocBuilder()
    for line in draft.splitlines():
        if line.strip():
            builder.add_paragraph(line)
    builder.save(draft_docx)
    superior_txt = tmp_path / "ke-hoach-35-KH-TU.txt"
    superior_txt.write_text(superior, encoding="utf-8")

    login("xaanthi")
    page.goto("/tham-dinh/")
    shot("trang-tham-dinh")
    page.get_by_label("Tên dự thảo").fill("Kế hoạch phát triển đảng viên của xã")
    page.get_by_label("Tệp dự thảo (DOCX, PDF, TXT)").set_input_files(str(draft_docx))
    page.get_by_label("Hoặc tải lên văn bản cấp trên").set_input_files(str(superior_txt))
    shot("da-chon-tep")
    page.get_by_role("button", name="Thẩm định").click()
    page.wait_for_load_state("networkidle")
    shot("ket-qua")

    assert page.get_by_role("heading", name="Kế hoạch phát triển đảng viên của xã").is_visible()
    assert page.locator(".review-task .status", has_text="Chung chung").count() >= 2
    assert page.get_by_text("Mới nhắc đến").first.is_visible()
    assert page.get_by_text("Chậm 20 ngày").is_visible()
    assert page.locator("mark.copy").count() >= 3

    page.locator(".review-task[open] a.to-draft").first.click()
    target = page.evaluate("location.hash")
    assert target.startswith("#p-") and page.locator(target).is_visible()
    shot("doan-van-duoc-chi")

    with page.expect_download() as download:
        page.get_by_role("button", name="Tải báo cáo (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")


def test_review_page_on_a_phone(province, page, login, shot):
    """The upload form fits a phone screen."""
    page.set_viewport_size({"width": 390, "height": 844})
    login("xaanthi")
    page.goto("/tham-dinh/")
    shot("dien-thoai")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400


def _pair_named(name: str) -> tuple[str, str]:
    raw = re.sub(r"⟦[^⟧]*⟧", "", PAIR.with_name(f"{name}.txt").read_text(encoding="utf-8"))
    sup, rest = raw.split("=== SUPERIOR ===\n", 1)[1].split("=== DRAFT ===\n", 1)
    return sup, rest.split("=== LABELS ===\n", 1)[0]


def test_reviewer_confirms_a_candidate_task(province, page, login, shot):
    """Under a requirement the matcher left uncovered, the reviewer clicks the task proposed as
    possibly related; the row alone is redrawn with the reviewer's verdict beside the engine's."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from roviec.reviews import presenting, services

    superior, draft = _pair_named("p36")  # a sports plan: requirements carried out in other words
    run = services.review_run_create(
        actor=province.users["commune_a"], unit=province.commune_a, title="Kế hoạch thể dục thể thao",
        draft=SimpleUploadedFile("du-thao.txt", draft.encode(), content_type="text/plain"),
        superior_files=[SimpleUploadedFile("cap-tren.txt", superior.encode(), content_type="text/plain")],
        today=datetime.date(2026, 4, 1))
    requirement = next(c for c in run.result["coverage"] if c["verdict"] == "not_covered" and c["candidates"])
    candidate = requirement["candidates"][0]
    lacks = set(candidate["missing"]) & set(presenting.CONFIRMED_COMPLETE)
    expected = presenting.VERDICTS["partly" if lacks else "covered"]

    login("xaanthi")
    page.goto(f"/tham-dinh/{run.pk}/")
    row = page.locator(f"#yc-{requirement['superior_index']}-{requirement['superior_offset']}")
    assert row.get_by_text("Nhiệm vụ có thể liên quan (cần kiểm tra lại)").is_visible()
    assert row.get_by_text("Chưa có", exact=True).is_visible()
    page.evaluate("window.__notReloaded = true")
    row.get_by_role("button", name="Nhiệm vụ này cụ thể hóa yêu cầu").first.click()
    confirmed = row.get_by_text(f"Người thẩm định xác nhận: {expected}")
    confirmed.wait_for()
    shot("nguoi-tham-dinh-xac-nhan")
    # both verdicts shown
    assert confirmed.is_visible() and row.get_by_text("Chưa có", exact=True).is_visible()
    assert page.evaluate("window.__notReloaded === true")  # htmx swapped the row, no reload
    assert run.confirmations.filter(draft_offset=candidate["draft_offset"], withdrawn_at=None).exists()
