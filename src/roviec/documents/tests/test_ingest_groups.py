"""Generic addressees: every group code the engine reports expands to known units or people, or asks."""

from pathlib import Path

import pytest

from roviec.documents import ingest_proposal as reading
from roviec.documents.ingest_forms import ReviewForm
from roviec.documents.ingest_match import build_proposal
from roviec.documents.models import DocumentType
from roviec.documents.tests.conftest import as_querydict
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position

GROUPS_FILE = (Path(reading.__file__).resolve().parents[1] / "engine" / "data" / "tasks"
               / "generic_addressees.txt")


def _engine_codes() -> dict[str, str]:
    """code → first phrase, as the engine's data lists them."""
    codes: dict[str, str] = {}
    for line in GROUPS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, code = (part.strip() for part in line.rsplit("=", 1))
            codes.setdefault(code, phrase)
    return codes


def test_every_engine_code_is_mapped_on_purpose():
    """A group code added to the engine's data fails here until someone decides what it means."""
    assert set(_engine_codes()) == set(reading.ENGINE_GROUPS)
    assert all(reading.known_group(code) for code in reading.ENGINE_GROUPS.values())


@pytest.fixture
def tree(province):
    """The province fixture, plus one unit of each kind a group can name and the people of the committee."""
    create, kind = org_services.unit_create, OrgUnit.Kind
    root = province.root
    units = {
        "standing": create(actor=None, code="btv", kind=kind.STANDING_COMMITTEE, name="Ban Thường vụ Tỉnh ủy",
                           parent=root, aliases=["Thường trực Tỉnh ủy"]),
        "police": create(actor=None, code="dang-uy-cong-an", kind=kind.AFFILIATED_COMMITTEE,
                         name="Đảng ủy Công an tỉnh", parent=root),
        "home_affairs": create(actor=None, code="so-noi-vu", kind=kind.DEPARTMENT, name="Sở Nội vụ",
                               parent=root),
        "farmers": create(actor=None, code="hoi-nong-dan", kind=kind.DEPARTMENT, name="Hội Nông dân tỉnh",
                          parent=root),
        "newspaper": create(actor=None, code="chi-bo-bao", kind=kind.BRANCH, name="Chi bộ Báo Hưng Yên",
                            parent=root),
        "organisation": create(actor=None, code="ban-to-chuc", kind=kind.ADVISORY_BODY,
                               name="Ban Tổ chức Tỉnh ủy", parent=root),
        "propaganda": create(actor=None, code="ban-tuyen-giao", kind=kind.ADVISORY_BODY,
                             name="Ban Tuyên giáo và Dân vận Tỉnh ủy", parent=root),
        "internal": create(actor=None, code="ban-noi-chinh", kind=kind.ADVISORY_BODY,
                           name="Ban Nội chính Tỉnh ủy", parent=root),
    }

    def person(name, unit, position_kind):
        someone = org_services.person_create(actor=None, full_name=name)
        org_services.position_assign(actor=None, person=someone, unit=unit, kind=position_kind)

    person("Nguyễn Hữu Nghĩa", root, Position.Kind.SECRETARY)
    person("Lê Văn Ủy", root, Position.Kind.COMMITTEE_MEMBER)
    person("Đặng Văn Xã", province.commune_a, Position.Kind.SECRETARY)
    return units


def _expanded(province, phrase, code):
    result = {"inspected_organizations": ["Đảng ủy xã Ân Thi"], "tasks": [
        {"offset": 0, "text": phrase, "action": "", "lead": phrase, "coordinators": [], "deadline": None,
         "addressees": [{"name": phrase, "generic": True, "group": code}]},
        {"offset": 9, "text": "Văn phòng Tỉnh ủy tổng hợp.", "action": "", "lead": "Văn phòng Tỉnh ủy",
         "coordinators": [], "deadline": None,
         "addressees": [{"name": "Văn phòng Tỉnh ủy", "generic": False}]},
    ]}
    proposal = build_proposal(user=province.users["office"], unit=province.root, result=result)
    (lead,) = proposal["tasks"][0]["leads"]
    return lead, {(u["name"], (u.get("person") or {}).get("name")) for u in lead["units"]}


def _names(*units):
    return {(u.name, None) for u in units}


def _expected(code, province, t):
    p = province
    communes = _names(p.commune_a, p.commune_b)
    party = _names(p.commune_a, p.commune_b, t["police"], t["newspaper"])
    standing_people = {("Tỉnh ủy Hưng Yên", "Nguyễn Hữu Nghĩa"), ("Tỉnh ủy Hưng Yên", "Trần Văn Minh")}
    return {
        "inspected_organizations": _names(p.commune_a),
        "not_inspected_organizations": _names(p.commune_b, t["police"]),
        "affiliated_committees": _names(t["police"]),
        "commune_committees": communes, "commune_people_committees": communes, "communes": communes,
        "departments": _names(t["home_affairs"], t["farmers"]),
        "related_agencies": _names(p.office, p.inspection, p.commune_a, p.commune_b, *[
            t[k] for k in ("police", "home_affairs", "farmers", "newspaper", "organisation", "propaganda",
                           "internal")]),
        "all_party_organizations": party,
        "advisory_agencies": _names(p.office, p.inspection, t["organisation"], t["propaganda"],
                                    t["internal"]),
        "party_office": _names(p.office),
        "inspection_committee": _names(p.inspection),
        "organization_board": _names(t["organisation"]),
        "propaganda_board": _names(t["propaganda"]),
        "internal_affairs_board": _names(t["internal"]),
        "standing_office": _names(t["standing"]),
        "standing_committee_members": standing_people,
        "provincial_committee_members": standing_people | {("Tỉnh ủy Hưng Yên", "Lê Văn Ủy")},
        "front_and_mass_organizations": _names(t["farmers"]),
        "mass_organizations": _names(t["farmers"]),
        "affiliated_cells": _names(t["newspaper"]),
        "inspection_teams": set(),
        "assigned_lead_agencies": _names(p.office),
        "committee_heads": (party - {("Đảng ủy xã Ân Thi", None)}) | {("Đảng ủy xã Ân Thi", "Đặng Văn Xã")},
        "press": set(),
    }[code]


CODES = _engine_codes()
# related_collectives_individuals reads like related_agencies: the same checklist, nothing ticked.
CODES.pop("related_collectives_individuals")


@pytest.mark.parametrize("code", sorted(CODES))
def test_group_code_expands_to_its_units(province, tree, code):
    """Each engine group stands for definite units (or people), or is left for the clerk to decide."""
    lead, found = _expanded(province, CODES[code], code)
    assert found == _expected(code, province, tree)
    if not found:
        # Nothing automatic: the review asks for a unit or an explicit "skip".
        assert lead["units"] == [] and lead["groups"]


def test_related_agencies_are_offered_unticked(province, tree):
    """“Các cơ quan, đơn vị liên quan” lists the candidates without choosing any of them."""
    lead, found = _expanded(province, "các tập thể, cá nhân có liên quan", "related_collectives_individuals")
    assert found == _expected("related_agencies", province, tree)
    assert lead["preselect"] is False


def test_named_body_found_by_kind_when_the_name_differs(province, tree):
    """“Ủy ban Kiểm tra” written another way still reaches the inspection committee."""
    _lead, found = _expanded(province, "UB Kiểm tra cấp ủy", "inspection_committee")
    assert found == _names(province.inspection)


def test_unknown_code_stays_visible_for_a_decision(province, tree, start_run, client):
    """A group code nobody mapped is never dropped: the task waits for a unit or an explicit skip."""
    lead, found = _expanded(province, "các hợp tác xã", "cooperatives")
    assert found == set() and lead["unknown"] == ["cooperatives"]
    run = start_run(province.users["office"], province.root, "Thông báo.".encode(), name="htx.txt")
    run.proposal = build_proposal(user=province.users["office"], unit=province.root, result={"tasks": [{
        "offset": 0, "text": "Các hợp tác xã rà soát.", "lead": "Các hợp tác xã", "coordinators": [],
        "addressees": [{"name": "Các hợp tác xã", "generic": True, "group": "cooperatives"}]}]})
    run.save(update_fields=["proposal"])
    form = ReviewForm(as_querydict({"task-0-keep": "1", "task-0-content": "Rà soát."}),
                      user=province.users["office"], run=run)
    assert not form.is_valid()
    assert any("Các hợp tác xã" in e for e in form.tasks[0].errors)
    client.force_login(province.users["office"])
    page = client.get(f"/van-ban/nhap/{run.pk}/ra-soat/").content.decode()
    assert "nhóm “cooperatives” mà hệ thống chưa biết" in page
    assert 'name="task-0-pick-0"' in page


def test_standing_members_become_tasks_for_each_person(province, tree, start_run):
    """Tasks for “các đồng chí Ủy viên Ban Thường vụ” go to the unit of each member's position, with
    the member as the person responsible."""
    from roviec.documents import ingest
    from roviec.tasks.models import Task

    run = start_run(province.users["office"], province.root, "Thông báo của Ban Thường vụ.".encode(),
                    name="btv.txt")
    phrase = "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy phụ trách địa phương, đơn vị"
    run.proposal = build_proposal(user=province.users["office"], unit=province.root, result={"tasks": [{
        "offset": 0, "text": phrase + " chỉ đạo việc tự kiểm tra.", "lead": phrase, "coordinators": [],
        "addressees": [{"name": phrase, "generic": True, "group": "standing_committee_members"}]}]})
    run.save(update_fields=["proposal"])
    (task,) = run.proposal["tasks"]
    keys = [f"{u['id']}:{u['person']['id']}" for u in task["leads"][0]["units"]]
    assert len(keys) == 2
    form = ReviewForm(as_querydict({
        "doc-registered_unit": province.root.pk, "doc-direction": "issued",
        "doc-doc_type": DocumentType.objects.get(code="TB").pk, "doc-issue_date": "10/06/2026",
        "doc-issuer_name": "Ban Thường vụ Tỉnh ủy", "doc-title": "về việc tự kiểm tra",
        f"task-{task['key']}-keep": "1", f"task-{task['key']}-content": task["content"],
        f"task-{task['key']}-unit": keys,
    }), user=province.users["office"], run=run)
    assert form.is_valid(), [r.errors for r in form.tasks] + [form.document_form.errors]
    document = ingest.ingestion_confirm(actor=province.users["office"], run=run, metadata=form.metadata(),
                                        citations=[], tasks=form.task_decisions)
    tasks = Task.objects.filter(source_document=document)
    assert {(t.lead_unit, t.responsible_person.full_name) for t in tasks} == {
        (province.root, "Nguyễn Hữu Nghĩa"), (province.root, "Trần Văn Minh")}
