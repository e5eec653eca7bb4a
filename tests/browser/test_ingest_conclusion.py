"""The sample conclusion notice ingested in the browser: 30 remediation tasks, reported on, then overdue."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from conftest import make_user
from roviec.demo import builder
from roviec.documents.models import Document, DocumentRelation, IngestionRun
from roviec.orgs.models import Position
from roviec.tasks.models import Task

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "000_7e00125ec9cf1de4.txt"
TZ = timezone.get_default_timezone()


def _at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=TZ), tick=True)


@pytest.fixture
def conclusion_province(transactional_db):
    """The demo's tree: the provincial committee, its bodies and the 30 organisations the notice inspected."""
    tree = builder._build_tree()
    commune = next(u for u in tree.inspected if u.name == "Đảng ủy xã Ân Thi")
    make_user("vanphong", unit=tree.office, role=Position.AccessRole.OFFICE, full_name="Nguyễn Thị Hoa")
    make_user("lanhdao", unit=tree.root, role=Position.AccessRole.LEADER, full_name="Trần Văn Minh",
              kind=Position.Kind.STANDING_MEMBER)
    make_user("xaanthi", unit=commune, role=Position.AccessRole.UNIT_STAFF, full_name="Phạm Thu Trang",
              kind=Position.Kind.FOCAL_POINT)
    return tree, commune


def test_conclusion_notice_becomes_thirty_remediation_tasks(conclusion_province, page, login, shot, tmp_path,
                                                            settings):
    """Upload, progress, review, confirm; a commune reports; on 01/09/2026 the other 29 are overdue."""
    tree, commune = conclusion_province

    with _at(2026, 6, 15, 9):
        login("vanphong")
        page.goto("/van-ban/")
        page.get_by_role("button", name="Nhập từ tệp (DOCX, PDF, TXT)").click()
        page.wait_for_url("**/van-ban/nhap/")
        page.get_by_label("Đơn vị vào sổ").select_option(label="Tỉnh ủy Hưng Yên")
        page.locator("input[name=file]").set_input_files(str(SAMPLE))
        shot("tai-len")
        page.get_by_role("button", name="Tải lên và phân tích").click()
        # The progress page polls its status fragment and moves on to the review once the analysis is done.
        page.wait_for_load_state("networkidle")
        shot("tien-do")
        if "/ra-soat/" not in page.url:
            page.locator("#ingest-status[data-status=ready], #ingest-status[data-status=failed]").wait_for()
            assert page.locator("#ingest-status").get_attribute("data-status") == "ready"
            page.get_by_role("button", name="Rà soát kết quả").click()
        page.wait_for_url("**/ra-soat/")
        assert page.locator("#id_doc-signer_name").input_value() == "Trần Quốc Toàn"
        assert page.locator("#id_doc-issuer_name").input_value() == "Ban Thường vụ Tỉnh ủy"
        assert page.locator("#id_doc-doc_type option:checked").inner_text().startswith("Thông báo")
        shot("ra-soat")

        page.locator("#id_doc-issue_date").fill("10/06/2026")
        # Rõ trách nhiệm, rõ thẩm quyền: the notice charges the inspection committee with the follow-up.
        assert page.locator("#resp-authority option:checked").inner_text() == "Ủy ban Kiểm tra Tỉnh ủy"
        page.get_by_label("Lãnh đạo phụ trách (rõ trách nhiệm)").select_option(
            label="Trần Văn Minh — Ủy viên Ban Thường vụ")
        page.locator("#responsibility").screenshot(path=str(shot("trach-nhiem").with_name("trach-nhiem-muc.png")))

        # One click drops every proposed task; the clerk keeps the remediation task only.
        page.get_by_role("button", name="Bỏ chọn tất cả nhiệm vụ").click()
        assert page.locator(".ingest-task input[name$='-keep']:checked").count() == 0
        remediation = page.locator("article.ingest-task[data-deadline='31/08/2026']").first
        remediation.locator("input[name$='-keep']").check()
        assert remediation.locator("input[type=checkbox][name$='-unit']:checked").count() == 30
        summary = remediation.locator("[data-unit-summary]")
        assert summary.inner_text() == "30/30 đơn vị được chọn"
        # "Bỏ chọn" and "Chọn tất cả" work on the card's units, and the count follows.
        remediation.get_by_role("button", name="Bỏ chọn", exact=True).click()
        assert summary.inner_text() == "0/30 đơn vị được chọn"
        remediation.locator("input[data-unit]").first.focus()
        page.keyboard.press("Space")
        assert summary.inner_text() == "1/30 đơn vị được chọn"
        remediation.get_by_role("button", name="Chọn tất cả").focus()
        page.keyboard.press("Enter")
        assert summary.inner_text() == "30/30 đơn vị được chọn"
        remediation.screenshot(path=str(shot("the-nhiem-vu").with_name("the-nhiem-vu-khac-phuc.png")))
        # A later card addressed to the same 30 organisations shows its list folded.
        folded = page.locator("article.ingest-task", has_text="cùng nhóm đơn vị với Nhiệm vụ").first
        assert not folded.locator("details.unit-list").evaluate("d => d.open")
        folded.screenshot(path=str(shot("the-gap").with_name("the-cung-nhom.png")))
        for select in remediation.locator("select[name*='-pick-']").all():
            select.select_option("skip")
        # The clerk completes what the sentence leaves implicit: the deliverable (rõ sản phẩm).
        remediation.get_by_label("Sản phẩm đầu ra").fill("Kế hoạch khắc phục hạn chế, khuyết điểm")
        # On a phone the cards stack in one column and the buttons stay reachable.
        page.set_viewport_size({"width": 390, "height": 844})
        assert remediation.get_by_role("button", name="Chọn tất cả").is_visible()
        remediation.screenshot(path=str(shot("dien-thoai").with_name("dien-thoai-the.png")))
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name="Xác nhận vào sổ và giao nhiệm vụ").click()
        page.wait_for_load_state("networkidle")
        shot("da-vao-so")

        document = Document.objects.get(ingestion_runs__isnull=False)
        assert page.url.endswith(f"/van-ban/{document.pk}/")
        assert IngestionRun.objects.get().status == IngestionRun.Status.CONFIRMED
        assert document.attachments.count() == 1
        cited = DocumentRelation.objects.filter(source=document).values_list("target__symbol", flat=True)
        assert set(cited) == {"418-QĐ/TU", "571-TB/TU"}
        tasks = Task.objects.filter(source_document=document)
        assert tasks.count() == 30
        assert sorted(tasks.values_list("lead_unit", flat=True)) == sorted(u.pk for u in tree.inspected)
        assert set(tasks.values_list("deadline", flat=True)) == {datetime.date(2026, 8, 31)}
        assert set(tasks.values_list("deliverable", flat=True)) == {"Kế hoạch khắc phục hạn chế, khuyết điểm"}
        assert set(tasks.values_list("accountable_person__full_name", "authority_unit")) == {
            ("Trần Văn Minh", tree.inspection.pk)}

    commune_task = tasks.get(lead_unit=commune)
    evidence = tmp_path / "ke-hoach-khac-phuc.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with _at(2026, 8, 20, 9):
        login("xaanthi")
        page.goto(f"/nhiem-vu/{commune_task.pk}/")
        shot("dau-moi-xa")
        page.get_by_label("Tiến độ (%)").fill("100")
        page.get_by_label("Nội dung báo cáo").fill("Đã ban hành và thực hiện kế hoạch khắc phục hạn chế.")
        page.locator("input[name=evidence]").set_input_files(str(evidence))
        page.get_by_role("button", name="Gửi báo cáo").click()
        page.wait_for_load_state("networkidle")
        shot("da-bao-cao")

        login("lanhdao")
        page.goto(f"/nhiem-vu/{commune_task.pk}/")
        page.get_by_role("button", name="Nghiệm thu").first.click()
        page.wait_for_load_state("networkidle")
        shot("da-nghiem-thu")

    with _at(2026, 9, 1, 9):
        login("vanphong")
        page.goto("/")
        shot("bang-tong-hop-01-09-2026")
        assert page.locator("[data-status=overdue] strong").first.inner_text().strip() == "29"
        assert page.locator("[data-status=done_on_time] strong").first.inner_text().strip() == "1"
        page.goto("/nhiem-vu/?status=overdue")
        shot("nhiem-vu-qua-han")
        assert page.get_by_text("29 nhiệm vụ").is_visible()
        assert page.locator("tbody tr", has_text="Đảng ủy xã Ân Thi").count() == 0

        # The follow-up run escalates every unfinished task to the leader in charge, once.
        from roviec.notifications.models import Notification
        from roviec.notifications.scheduler import run_followups

        settings.ROVIEC_FOLLOWUP = {"escalate_after_days": 1, "digest_weekday": None}
        run_followups(datetime.date(2026, 9, 1))
        run_followups(datetime.date(2026, 9, 1))
        escalations = Notification.objects.filter(kind="escalation")
        assert escalations.count() == 29
        assert {n.recipient.username for n in escalations} == {"lanhdao"}
        login("lanhdao")
        page.goto("/thong-bao/")
        shot("leo-thang-lanh-dao")
        assert page.locator(".notification.unread").count() >= 29
