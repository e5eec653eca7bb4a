"""A focal point reports progress with evidence, the authority accepts, the dashboard agrees."""

import datetime

from django.utils import timezone

from roviec.tasks import services as task_services


def test_focal_point_reports_and_authority_accepts(province, page, login, shot, tmp_path):
    """The task reads "done on time" everywhere once the authority accepts a 100% report."""
    task = task_services.task_create(
        actor=province.users["office"],
        assigned_by_unit=province.root,
        content="Xây dựng kế hoạch khắc phục hạn chế, khuyết điểm sau kiểm tra",
        lead_unit=province.commune_a,
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        accountable_person=province.people["leader"],
        deliverable="Kế hoạch khắc phục được ban hành",
        authority_person=province.people["leader"],
    )
    evidence = tmp_path / "ke-hoach-khac-phuc.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    login("xaanthi")
    shot("viec-cua-toi")
    page.goto(f"/nhiem-vu/{task.pk}/")
    shot("nhiem-vu")
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Nội dung báo cáo").fill("Đã ban hành kế hoạch khắc phục, gửi kèm văn bản.")
    page.locator("input[name=evidence]").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("networkidle")
    shot("da-gui-bao-cao")
    assert page.get_by_text("ke-hoach-khac-phuc.pdf").first.is_visible()

    login("lanhdao")
    page.goto(f"/nhiem-vu/{task.pk}/")
    shot("nhiem-vu-cho-nghiem-thu")
    page.get_by_role("button", name="Nghiệm thu").first.click()
    page.wait_for_load_state("networkidle")
    shot("da-nghiem-thu")
    assert page.locator(".status").first.inner_text().strip() == "Hoàn thành đúng hạn"

    page.goto("/")
    shot("bang-tong-hop")
    done_on_time = page.locator("[data-status=done_on_time] strong").first.inner_text()
    assert done_on_time.strip() == "1"
