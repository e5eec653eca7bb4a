import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roviec.core.models import AuditEvent
from roviec.orgs.models import OrgUnit


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user


def test_tree_page_shows_only_the_users_subtree(province, login):
    """A commune user's tree shows their commune and its cells, not the province or other communes."""
    response = login(province.users["commune_a"]).get(reverse("orgs:tree"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đảng ủy xã Ân Thi" in html and "Chi bộ thôn 1" in html
    assert "Yên Mỹ" not in html and "Tỉnh ủy Hưng Yên" not in html
    assert "<details" in html
    assert reverse("orgs:import") not in html  # only tree managers see the import link


def test_tree_page_marks_expired_units(province, login):
    """An expired unit is labelled so on the tree."""
    OrgUnit.objects.filter(pk=province.cell_a.pk).update(valid_to="2001-01-01")
    html = login(province.users["commune_a"]).get(reverse("orgs:tree")).content.decode()
    assert "Hết hiệu lực" in html
    response = login(province.users["commune_a"]).get(reverse("orgs:tree"), {"an_het_hieu_luc": "1"})
    html = response.content.decode()
    assert "Chi bộ thôn 1" not in html


def test_tree_requires_login(province, client):
    """Nobody sees the organisation without signing in."""
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_unit_detail_shows_people_and_overview_link(province, login):
    """A unit's page shows its names, its people and a link to its task overview."""
    response = login(province.users["commune_a"]).get(reverse("orgs:detail", args=[province.commune_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phạm Thu Trang" in html and "Chi bộ thôn 1" in html
    assert f"/don-vi-tong-quan/{province.commune_a.pk}/" in html


@pytest.mark.parametrize("key", ["commune_a", "root", "cell_a"])
def test_unit_detail_outside_scope_is_404(province, login, key):
    """Another commune's unit, or the province above, answers 404 to a commune user."""
    unit = getattr(province, key)
    response = login(province.users["commune_b"]).get(reverse("orgs:detail", args=[unit.pk]))
    assert response.status_code == 404


def test_search_with_htmx_returns_the_result_list(province, login):
    """Typing in the search box lists matching units in place, abbreviations included."""
    client = login(province.users["admin"])
    response = client.get(reverse("orgs:search"), {"q": "UBKT"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "Ủy ban Kiểm tra Tỉnh ủy" in html and "<html" not in html
    full = client.get(reverse("orgs:search"), {"q": "van phong"}).content.decode()
    assert "<html" in full and "Văn phòng Tỉnh ủy" in full


def test_search_page_is_scoped(province, login):
    """Search never shows units outside the user's scope."""
    html = login(province.users["commune_b"]).get(reverse("orgs:search"), {"q": "an thi"}).content.decode()
    assert "Ân Thi" not in html.split("</form>", 1)[1]


def test_export_views_download_only_the_visible_subtree(province, login):
    """Both export links download the user's subtree and nothing else."""
    client = login(province.users["commune_b"])
    response = client.get(reverse("orgs:export_csv"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    assert "xa-yen-my" in text and "xa-an-thi" not in text and "tinh-uy" not in text
    response = client.get(reverse("orgs:export_xlsx"))
    codes = [row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert codes == ["code", "xa-yen-my"]


@pytest.mark.parametrize("key", ["office", "commune_a"])
def test_import_page_is_for_tree_managers_only(province, login, key):
    """Only a system administrator may import the tree."""
    assert login(province.users[key]).get(reverse("orgs:import")).status_code == 403


def _upload(text: str, name: str = "don-vi.csv"):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return upload


def test_import_page_shows_the_dry_run_report_and_writes_nothing(province, login):
    """Uploading a file with errors shows every rejected row and reason, and no confirm button."""
    client = login(province.users["admin"])
    before = (OrgUnit.objects.count(), AuditEvent.objects.count())
    response = client.post(reverse("orgs:import"), {"action": "check", "file": _upload(
        "code,kind,name,parent_code\nmoi,khong-co,Chi bộ mới,xa-an-thi\nmoi2,branch,,khong-ton-tai\n")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Loại đơn vị không hợp lệ" in html and "Thiếu tên đơn vị." in html
    assert "Không tìm thấy đơn vị cấp trên" in html
    assert 'value="confirm"' not in html
    assert (OrgUnit.objects.count(), AuditEvent.objects.count()) == before


def test_import_page_check_then_confirm_creates_units(province, login):
    """After a clean check the administrator confirms, and the units are created and audited."""
    client = login(province.users["admin"])
    response = client.post(reverse("orgs:import"), {"action": "check", "file": _upload(
        "mã,loại,tên,mã cấp trên\nchi-bo-moi,Chi bộ,Chi bộ mới,xa-an-thi\n")})
    html = response.content.decode()
    assert "Sẽ tạo mới 1" in html and 'value="confirm"' in html
    assert not OrgUnit.objects.filter(code="chi-bo-moi").exists()
    sha256 = response.context["pending"]["sha256"]
    response = client.post(reverse("orgs:import"), {"action": "confirm", "sha256": sha256})
    assert response.status_code == 302 and response["Location"] == reverse("orgs:tree")
    unit = OrgUnit.objects.get(code="chi-bo-moi")
    assert unit.parent == province.commune_a
    assert AuditEvent.objects.filter(object_type="orgs.orgunit", object_id=str(unit.pk), action="create",
                                     actor=province.users["admin"]).exists()
    # The confirmation cannot be replayed.
    client.post(reverse("orgs:import"), {"action": "confirm", "sha256": sha256})
    assert OrgUnit.objects.filter(code="chi-bo-moi").count() == 1


def test_import_page_refuses_other_file_types(province, login):
    """A file that is neither CSV nor XLSX is refused with a clear message."""
    response = login(province.users["admin"]).post(
        reverse("orgs:import"), {"action": "check", "file": _upload("x", "don-vi.pdf")})
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.content.decode()
