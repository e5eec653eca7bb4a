"""A commune splits a task among its cells, asks for an extension; the authority grants it."""

import datetime

from django.utils import timezone

from conftest import make_user
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position
from roviec.tasks import services as task_services
from roviec.tasks.models import Task


def test_commune_splits_task_requests_extension_and_authority_approves(province, page, login, shot):
    """Sub-tasks appear under the task; once approved, the new deadline shows on the task page."""
    org_services.unit_create(
        actor=None,
        code="chi-bo-thon-2",
        kind=OrgUnit.Kind.BRANCH,
        name="Chi bộ thôn 2",
        parent=province.commune_a,
    )
    # The commune's focal point works in its party office, so may assign work to the cells below.
    make_user(
        "daumoixa",
        unit=province.commune_a,
        role=Position.AccessRole.OFFICE,
        full_name="Vũ Thị Lan",
        kind=Position.Kind.FOCAL_POINT,
    )
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    new_deadline = deadline + datetime.timedelta(days=31)
    task = task_services.task_create(
        actor=province.users["office"],
        assigned_by_unit=province.root,
        lead_unit=province.commune_a,
        content="Tổ chức lấy ý kiến nhân dân về dự thảo văn kiện",
        deadline=deadline,
        accountable_person=province.people["leader"],
        deliverable="Báo cáo tổng hợp ý kiến",
        authority_unit=province.root,
    )

    login("daumoixa")
    page.goto(f"/nhiem-vu/{task.pk}/")
    shot("nhiem-vu-cua-xa")
    page.get_by_role("button", name="Chia cho đơn vị trực thuộc").click()
    page.wait_for_load_state("networkidle")
    shot("trang-chia-nhiem-vu")
    for index, unit in enumerate(["Chi bộ thôn 1", "Chi bộ thôn 2"]):
        page.get_by_label(unit).check()
        page.locator(f"#id_lines-{index}-content").fill(f"Lấy ý kiến đảng viên và nhân dân {unit.lower()}")
        page.locator(f"#id_lines-{index}-deadline").fill((deadline - datetime.timedelta(days=7)).isoformat())
    shot("da-dien-nhiem-vu-con")
    page.get_by_role("button", name="Giao nhiệm vụ con").click()
    page.wait_for_load_state("networkidle")
    shot("da-chia-nhiem-vu")
    assert page.locator("#children tbody tr").count() == 2
    assert "Không có nhiệm vụ con nào chậm hạn" in page.locator("#children-summary").inner_text()
    assert Task.objects.filter(parent=task).count() == 2

    page.get_by_text("Đề nghị gia hạn", exact=True).click()
    page.get_by_label("Thời hạn đề nghị").fill(new_deadline.isoformat())
    page.get_by_label("Lý do gia hạn").fill("Chờ Ủy ban Mặt trận Tổ quốc xã tổng hợp ý kiến các khu dân cư")
    shot("de-nghi-gia-han")
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    page.wait_for_load_state("networkidle")
    shot("da-gui-de-nghi")
    assert page.locator("#extension-history tbody tr").first.get_attribute("data-decision") == "pending"

    login("vanphong")
    page.goto("/thong-bao/")
    shot("thong-bao-van-phong")
    page.goto(f"/nhiem-vu/{task.pk}/#gia-han")
    shot("cho-quyet-dinh-gia-han")
    page.get_by_role("button", name="Đồng ý gia hạn").click()
    page.wait_for_load_state("networkidle")
    shot("da-dong-y-gia-han")
    assert page.locator("#task-due-date").inner_text().strip() == f"{new_deadline:%d/%m/%Y}"
    assert page.locator("#extension-history tbody tr").first.get_attribute("data-decision") == "approved"
    task.refresh_from_db()
    assert task.deadline == new_deadline
