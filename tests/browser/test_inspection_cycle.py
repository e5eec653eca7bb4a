"""The inspection cycle in the browser: set up, record grouped findings, issue, remediate, close."""

import datetime

from roviec.inspections.models import FindingUnit, RemediationTask
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit


def test_inspection_remediation_cycle(province, page, login, shot):
    """From an inspection to a closed finding: each subject gets its remediation task with the deadline."""
    org_services.unit_create(
        actor=None,
        code="xa-tan-hung",
        kind=OrgUnit.Kind.COMMUNE_COMMITTEE,
        name="Đảng ủy xã Tân Hưng",
        parent=province.root,
    )

    # The inspection committee sets up the inspection.
    login("kiemtra")
    page.goto("/kiem-tra/")
    shot("danh-sach")
    page.get_by_role("button", name="Lập cuộc kiểm tra").click()
    page.get_by_label("Tên cuộc kiểm tra (trích yếu)").fill(
        "về việc lãnh đạo, chỉ đạo xây dựng chương trình hành động thực hiện nghị quyết"
    )
    page.get_by_label("Số, ký hiệu quyết định").fill("418-QĐ/TU")
    page.get_by_label("Ngày quyết định").fill("17/04/2026")
    page.get_by_label("Trưởng đoàn").select_option(label="Lê Văn Kiên")
    page.get_by_label("Đảng ủy xã Ân Thi", exact=True).check()
    page.get_by_label("Đảng ủy xã Yên Mỹ", exact=True).check()
    page.get_by_label("Thời kỳ kiểm tra từ").fill("01/10/2025")
    page.get_by_label("Thời kỳ kiểm tra đến").fill("31/03/2026")
    page.get_by_label("Dự kiến kết thúc").fill("30/05/2026")
    shot("lap-cuoc-kiem-tra")
    page.get_by_role("button", name="Lập cuộc kiểm tra").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Đã lập cuộc kiểm tra.").is_visible()
    inspection_url = page.url
    shot("cuoc-kiem-tra")

    # A grouped finding naming both communes, then one for commune A alone.
    finding_form = page.locator("#them-noi-dung form")
    finding_form.get_by_label("Nội dung").fill("Việc rà soát, sửa đổi quy chế làm việc còn chậm.")
    finding_form.get_by_label("Đảng ủy xã Ân Thi", exact=True).check()
    finding_form.get_by_label("Đảng ủy xã Yên Mỹ", exact=True).check()
    finding_form.get_by_role("button", name="Ghi nội dung").click()
    page.wait_for_load_state("networkidle")
    finding_form = page.locator("#them-noi-dung form")
    finding_form.get_by_label("Nội dung").fill("Chất lượng học tập nghị quyết ở một số chi bộ chưa cao.")
    finding_form.get_by_label("Đảng ủy xã Ân Thi", exact=True).check()
    finding_form.get_by_role("button", name="Ghi nội dung").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("article.finding").count() == 2
    page.locator("#yeu-cau summary").click()
    page.locator("#yeu-cau").get_by_label("Nội dung yêu cầu").fill(
        "Rà soát, sửa đổi quy chế làm việc của cấp ủy."
    )
    page.locator("#yeu-cau").get_by_role("button", name="Thêm yêu cầu").click()
    page.wait_for_load_state("networkidle")
    page.locator("#thong-bao summary").click()
    page.get_by_label("Thời hạn khắc phục").fill("31/12/2026")
    page.get_by_label("Chức vụ người ký").fill("Phó Bí thư Thường trực")
    page.get_by_label("Người ký", exact=True).fill("Trần Văn Minh")
    page.get_by_role("button", name="Lưu thông tin thông báo").click()
    page.wait_for_load_state("networkidle")
    shot("noi-dung-ket-luan")

    # The draft notice downloads as DOCX.
    href = page.locator("#notice-docx").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.body()[:2] == b"PK"

    # A leader issues the notice; the subjects get their tasks.
    login("lanhdao")
    page.goto(inspection_url)
    page.get_by_label("Số, ký hiệu thông báo").fill("635-TB/TU")
    page.get_by_label("Ngày ban hành").fill("15/06/2026")
    shot("truoc-ban-hanh")
    page.get_by_role("button", name="Ban hành và giao nhiệm vụ khắc phục").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Đã ban hành thông báo kết luận 635-TB/TU").is_visible()
    shot("da-ban-hanh")
    rows = page.locator("#remediation tbody tr")
    assert rows.count() == 5  # two subjects x (plan + requirement) + one self-review
    assert "31/12/2026" in rows.first.inner_text()

    # Commune A sees its own findings and tasks, reports on its plan.
    login("xaanthi")
    page.goto(inspection_url)
    shot("xa-xem-ket-luan")
    assert page.locator("article.finding").count() == 2
    assert page.locator(".finding-units li").count() == 2
    assert "Yên Mỹ" not in page.locator("#ket-luan").inner_text()
    assert page.locator("#remediation tbody tr").count() == 2
    plan = RemediationTask.objects.get(unit=province.commune_a, requirement=None).task
    assert plan.deadline == datetime.date(2026, 12, 31)
    page.goto(f"/nhiem-vu/{plan.pk}/")
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Nội dung báo cáo").fill("Đã ban hành kế hoạch khắc phục, sửa đổi quy chế làm việc.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("networkidle")
    shot("xa-bao-cao")

    # The inspection committee closes commune A's finding.
    login("kiemtra")
    page.goto(inspection_url)
    application = FindingUnit.objects.filter(unit=province.commune_a).order_by("id").first()
    item = page.locator(f".finding-units li[data-unit='{province.commune_a.pk}']").first
    item.get_by_label("Kết quả khắc phục").select_option(label="Đã khắc phục")
    item.get_by_label("Nhận xét").fill("Quy chế đã được sửa đổi.")
    item.get_by_role("button", name="Đánh giá").click()
    page.wait_for_load_state("networkidle")
    shot("da-danh-gia")
    application.refresh_from_db()
    assert application.verdict == "remedied"
    assert (
        page.locator(
            f".finding-units li[data-unit='{province.commune_a.pk}'][data-verdict='remedied']"
        ).count()
        == 1
    )
