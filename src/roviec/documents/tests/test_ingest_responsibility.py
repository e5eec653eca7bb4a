"""Rõ trách nhiệm and rõ thẩm quyền of tasks created from a document: defaults and per-task overrides."""

import pytest

from roviec.documents import ingest
from roviec.documents.ingest_forms import ReviewForm
from roviec.documents.tests.conftest import as_querydict, review_data
from roviec.orgs import services as org_services
from roviec.orgs.models import Person, Position
from roviec.tasks.clarities import Clarity, missing_clarities
from roviec.tasks.models import Task

pytestmark = pytest.mark.usefixtures("june_2026")


@pytest.fixture
def signer(province):
    """The notice's signer, Phó Bí thư Thường trực, holds a position in the provincial committee."""
    person = org_services.person_create(actor=None, full_name="Trần Quốc Toàn")
    org_services.position_assign(actor=None, person=person, unit=province.root,
                                 kind=Position.Kind.DEPUTY_SECRETARY, title="Phó Bí thư Thường trực Tỉnh ủy")
    return person


@pytest.fixture
def run(province, inspected_tree, signer, conclusion_bytes, start_run):
    return start_run(province.users["office"], province.root, conclusion_bytes)


def _confirm(run, user, **overrides):
    form = ReviewForm(as_querydict({**review_data(run), **overrides}), user=user, run=run)
    assert form.is_valid(), (form.default_errors, [r.errors for r in form.tasks])
    return ingest.ingestion_confirm(actor=user, run=run, metadata=form.metadata(),
                                    citations=form.citation_decisions, tasks=form.task_decisions)


def test_defaults_proposed_from_signer_and_follow_up_sentence(run, province, signer):
    """The signer is the proposed leader; the inspection committee, which the notice charges with
    follow-up, is the proposed authority."""
    resp = run.proposal["responsibility"]
    assert resp["committee"]["id"] == province.root.pk
    assert {p["name"] for p in resp["leaders"]} == {"Trần Quốc Toàn", "Trần Văn Minh"}
    assert resp["accountable"] == signer.pk and resp["accountable_reason"] == "signer"
    assert resp["authority"] == f"u:{province.inspection.pk}"
    assert "theo dõi, giám sát, đôn đốc" in resp["authority_reason"]


def test_signer_not_a_person_leaves_the_leader_to_choose(province, inspected_tree, conclusion_bytes,
                                                         start_run):
    """Without a matching person nothing is preselected, but the committee's leaders are offered."""
    run = start_run(province.users["office"], province.root, conclusion_bytes)
    resp = run.proposal["responsibility"]
    assert resp["accountable"] is None
    assert [p["name"] for p in resp["leaders"]] == ["Trần Văn Minh"]


def test_confirmed_tasks_carry_the_defaults(run, province, signer):
    """Every task gets the accountable leader and the authority chosen once for the document."""
    data = review_data(run)
    data["resp-accountable"] = str(signer.pk)
    data["resp-authority"] = f"u:{province.inspection.pk}"
    document = _confirm(run, province.users["office"], **data)
    tasks = Task.objects.filter(source_document=document)
    assert tasks.count() == 30
    assert {(t.accountable_person_id, t.authority_unit_id, t.authority_person_id) for t in tasks} == {
        (signer.pk, province.inspection.pk, None)}
    assert all(Clarity.ACCOUNTABILITY not in missing_clarities(t) for t in tasks)


def test_a_task_overrides_the_defaults(run, province, signer):
    """One task may name its own leader and a person as authority; the others keep the defaults."""
    leader = Person.objects.get(full_name="Trần Văn Minh")
    remediation = next(t for t in run.proposal["tasks"] if t["deadline"] == "2026-08-31")
    other = next(t for t in run.proposal["tasks"]
                 if t["key"] != remediation["key"] and t["leads"][0]["units"])
    data = review_data(run)
    prefix = f"task-{other['key']}"
    data.update({f"{prefix}-keep": "1", f"{prefix}-content": other["content"],
                 f"{prefix}-unit": [u["id"] for u in other["leads"][0]["units"]][:1],
                 f"{prefix}-accountable": str(leader.pk), f"{prefix}-authority": f"p:{leader.pk}",
                 "resp-accountable": str(signer.pk), "resp-authority": ""})
    document = _confirm(run, province.users["office"], **data)
    overridden = Task.objects.get(source_document=document, content=other["content"])
    assert (overridden.accountable_person, overridden.authority_person, overridden.authority_unit) == (
        leader, leader, None)
    defaults = Task.objects.filter(source_document=document, deadline__isnull=False)
    # No authority chosen: the issuing unit approves, as before.
    assert {(t.accountable_person_id, t.authority_unit.name) for t in defaults} == {
        (signer.pk, "Ban Thường vụ Tỉnh ủy")}


@pytest.mark.parametrize(("field", "value"), [
    ("resp-accountable", "999999"),
    ("resp-authority", "u:999999"),
    ("resp-authority", "p:999999"),
    ("resp-authority", "nonsense"),
])
def test_choices_outside_the_lists_are_refused(run, province, field, value):
    """A forged leader or authority is refused with a message next to the defaults."""
    data = as_querydict({**review_data(run), field: value})
    form = ReviewForm(data, user=province.users["office"], run=run)
    assert not form.is_valid()
    assert form.default_errors[field.removeprefix("resp-")]


def test_a_commune_clerk_is_not_offered_people_outside_their_scope(province, inspected_tree, signer,
                                                                   conclusion_bytes, start_run):
    """The provincial leaders are not listed to a commune clerk, who cannot see them."""
    from tests.conftest import make_user

    clerk = make_user("vp-a", unit=province.commune_a, role=Position.AccessRole.OFFICE, full_name="A")
    run = start_run(clerk, province.commune_a, conclusion_bytes)
    resp = run.proposal["responsibility"]
    assert resp["leaders"] == [] and resp["accountable"] is None
    assert {u["id"] for u in resp["authority_units"]} <= {province.commune_a.pk, province.cell_a.pk}


def test_review_page_shows_the_defaults(client, run, province, signer):
    """The review page preselects the signer and the inspection committee, with the reason shown."""
    client.force_login(province.users["office"])
    page = client.get(f"/van-ban/nhap/{run.pk}/ra-soat/").content.decode()
    assert f'<option value="{signer.pk}" selected>Trần Quốc Toàn' in page
    assert f'<option value="u:{province.inspection.pk}" selected>Ủy ban Kiểm tra Tỉnh ủy' in page
    assert "Đề xuất: người ký văn bản." in page
    assert 'name="task-0-accountable"' in page and 'name="task-0-authority"' in page


def test_runs_analysed_before_still_get_defaults(run, province, signer):
    """A run analysed before these defaults existed gets them when its review page opens."""
    proposal = dict(run.proposal)
    proposal.pop("responsibility")
    run.proposal = proposal
    run.save(update_fields=["proposal"])
    form = ReviewForm(None, user=province.users["office"], run=run)
    assert form.default_accountable == str(signer.pk)
    assert form.default_authority == f"u:{province.inspection.pk}"
