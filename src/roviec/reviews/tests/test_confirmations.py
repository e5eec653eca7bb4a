"""The reviewer confirms that a draft task carries out a requirement the matcher left uncovered."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from docx import Document as DocxDocument
from rest_framework.test import APIClient

from roviec.core.errors import NotFoundError, ServiceError
from roviec.core.models import AuditEvent
from roviec.reviews import confirming, presenting, services
from roviec.reviews.models import CoverageConfirmation, ReviewRun
from roviec.reviews.tests.conftest import pair, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(province) -> ReviewRun:
    """A run of the commune's sports plan (pair p36): requirements left uncovered, with candidates.

    The engine's output is pinned here (the first requirement uncovered, with one candidate that
    has an owner, a deadline and a product) so that the tests do not move with the matcher's tuning.
    """
    superior, draft = pair("p36")
    run = services.review_run_create(
        actor=province.users["commune_a"], unit=province.commune_a, draft=upload(draft),
        superior_files=[upload(superior, "cap-tren.txt")], today=datetime.date(2026, 4, 1),
    )
    result = run.result
    tasks = result["tasks"]
    complete = next(t for t in tasks if not set(t["missing"]) & {"owner", "deadline", "deliverable"})
    lacking = next(t for t in tasks if "deadline" in t["missing"])
    first = result["coverage"][0]
    first.update(verdict="not_covered", draft_offsets=[], candidates=[
        {"draft_offset": complete["offset"], "text": complete["text"], "score": 0.12,
         "missing": complete["missing"]},
        {"draft_offset": lacking["offset"], "text": lacking["text"], "score": 0.05,
         "missing": lacking["missing"]},
    ])
    ReviewRun.objects.filter(pk=run.pk).update(result=result)
    run.refresh_from_db()
    return run


def _req(run, i=0):
    c = run.result["coverage"][i]
    return {"superior_index": c["superior_index"], "superior_offset": c["superior_offset"]}


def _cand(run, k=0):
    return run.result["coverage"][0]["candidates"][k]["draft_offset"]


def _confirm(province, run, draft_offset, user="commune_a", note="", i=0):
    return confirming.coverage_confirm(actor=province.users[user], run=run, draft_offset=draft_offset,
                                       note=note, **_req(run, i))


# Services


def test_confirm_records_the_link_and_audits_it(province, run):
    """A reviewer's confirmation is stored with who and the note, and leaves an audit entry."""
    confirmation = _confirm(province, run, _cand(run), note="Diễn đạt khác")
    assert confirmation.active and confirmation.created_by == province.users["commune_a"]
    assert confirmation.note == "Diễn đạt khác"
    event = AuditEvent.objects.get(object_type="reviews.coverageconfirmation", object_id=str(confirmation.pk))
    assert event.action == AuditEvent.Action.CREATE
    assert event.after["draft_offset"] == _cand(run) and event.after["run"] == run.pk
    assert list(event.units.all()) == [province.commune_a]


def test_any_draft_task_may_be_confirmed_not_only_a_candidate(province, run):
    """The reviewer may know better than the candidates: any task of the draft can be linked."""
    other = next(t["offset"] for t in run.result["tasks"]
                 if t["offset"] not in {k["draft_offset"] for k in run.result["coverage"][0]["candidates"]})
    assert _confirm(province, run, other).draft_offset == other


def test_duplicate_confirmation_is_refused_in_vietnamese(province, run):
    _confirm(province, run, _cand(run))
    with pytest.raises(ServiceError) as error:
        _confirm(province, run, _cand(run))
    assert error.value.code == "duplicate" and "đã được xác nhận" in error.value.message
    assert CoverageConfirmation.objects.count() == 1


def test_unknown_requirement_or_task_offset_is_refused(province, run):
    with pytest.raises(ServiceError) as error:
        confirming.coverage_confirm(actor=province.users["commune_a"], run=run, superior_index=0,
                                    superior_offset=99999, draft_offset=_cand(run))
    assert error.value.code == "requirement_not_found" and "superior_offset" in error.value.fields
    with pytest.raises(ServiceError) as error:
        _confirm(province, run, _cand(run) + 1)
    assert error.value.code == "task_not_found" and "draft_offset" in error.value.fields
    assert not CoverageConfirmation.objects.exists()


def test_user_out_of_scope_gets_not_found(province, run):
    """Another commune cannot confirm on the run; the answer is that of a missing run."""
    with pytest.raises(NotFoundError):
        _confirm(province, run, _cand(run), user="commune_b")
    confirmation = _confirm(province, run, _cand(run))
    with pytest.raises(NotFoundError):
        confirming.coverage_confirmation_withdraw(actor=province.users["commune_b"],
                                                  confirmation=confirmation, reason="Nhầm")
    assert CoverageConfirmation.objects.get().active


def test_withdraw_needs_a_reason_and_is_audited_then_may_confirm_again(province, run):
    """A withdrawal keeps the record with who, when and why; the link can then be given again."""
    confirmation = _confirm(province, run, _cand(run))
    with pytest.raises(ServiceError) as error:
        confirming.coverage_confirmation_withdraw(actor=province.users["commune_a"],
                                                  confirmation=confirmation, reason="   ")
    assert error.value.fields == {"reason": [confirming.REASON_REQUIRED]}
    withdrawn = confirming.coverage_confirmation_withdraw(
        actor=province.users["office"], confirmation=confirmation, reason="Chọn nhầm nhiệm vụ")
    assert not withdrawn.active and withdrawn.withdrawn_by == province.users["office"]
    event = AuditEvent.objects.get(object_type="reviews.coverageconfirmation", object_id=str(confirmation.pk),
                                   action=AuditEvent.Action.CANCEL)
    assert event.before == {"withdrawn_at": None, "withdrawn_by": None, "withdraw_reason": ""}
    assert event.after["withdraw_reason"] == "Chọn nhầm nhiệm vụ" and event.reason == "Chọn nhầm nhiệm vụ"
    with pytest.raises(ServiceError) as error:
        confirming.coverage_confirmation_withdraw(actor=province.users["office"], confirmation=withdrawn,
                                                  reason="Lần nữa")
    assert error.value.code == "already_withdrawn"
    again = _confirm(province, run, _cand(run))
    assert again.pk != confirmation.pk and CoverageConfirmation.objects.count() == 2


# The reviewer's verdict


def _c(index, offset, draft_offset, withdrawn=False):
    return SimpleNamespace(superior_index=index, superior_offset=offset, draft_offset=draft_offset,
                           withdrawn_at=datetime.datetime(2026, 1, 1) if withdrawn else None)


RESULT = {
    "coverage": [
        {"superior_index": 0, "superior_offset": 10, "verdict": "not_covered"},
        {"superior_index": 0, "superior_offset": 20, "verdict": "not_covered"},
        {"superior_index": 1, "superior_offset": 10, "verdict": "partly"},
        {"superior_index": 0, "superior_offset": 30, "verdict": "covered"},
        {"superior_index": 0, "superior_offset": 40, "verdict": "not_covered"},
    ],
    "tasks": [
        {"offset": 100, "missing": ["accountability", "authority"]},
        {"offset": 200, "missing": ["deadline"]},
    ],
}


def test_reviewer_verdict_rules():
    """Covered when a confirmed task has owner, deadline and product; partly when it lacks one;
    without an active confirmation the engine's verdict; a confirmation never lowers it."""
    rows = presenting.reviewer_coverage(RESULT, [
        _c(0, 10, 100),  # complete task → covered
        _c(0, 20, 200),  # lacks a deadline → partly
        _c(1, 10, 100),  # another superior document, same offset: its own requirement
        _c(0, 30, 200),  # the engine's "covered" stands
        _c(0, 40, 100, withdrawn=True),  # withdrawn: not counted
    ])
    assert [r["verdict"] for r in rows] == ["covered", "partly", "covered", "covered", "not_covered"]
    assert [r["engine_verdict"] for r in rows] == [c["verdict"] for c in RESULT["coverage"]]
    assert [r["confirmed"] for r in rows] == [True, True, True, True, False]
    assert presenting.reviewer_summary(rows) == {"not_covered": 1, "engine_not_covered": 3, "confirmed": 4}
    untouched = presenting.reviewer_coverage(RESULT, [])
    assert [r["verdict"] for r in untouched] == [c["verdict"] for c in RESULT["coverage"]]


def test_older_runs_without_candidates_still_show(client, province, run):
    """A run stored before candidates existed renders, and can still be confirmed by picking a task."""
    result = run.result
    for c in result["coverage"]:
        c.pop("candidates", None)
    ReviewRun.objects.filter(pk=run.pk).update(result=result)
    client.force_login(province.users["commune_a"])
    page = client.get(reverse("reviews:detail", args=[run.pk])).content.decode()
    assert "Nhiệm vụ có thể liên quan" not in page and "Chọn nhiệm vụ cụ thể hóa yêu cầu này" in page


# Pages


def _row(page: str, run) -> str:
    """The table row of the run's first requirement."""
    return page.split(f'<tr id="yc-0-{_req(run)["superior_offset"]}"', 1)[1].split("</tr>", 1)[0]


def test_page_lists_candidates_and_confirming_changes_the_reviewer_verdict(client, province, run):
    """Under an uncovered requirement the page lists its candidates, each linked to its paragraph;
    the button records the confirmation and the page shows both verdicts and the new count."""
    client.force_login(province.users["commune_a"])
    url = reverse("reviews:detail", args=[run.pk])
    page = client.get(url).content.decode()
    row = _row(page, run)
    assert "Nhiệm vụ có thể liên quan (cần kiểm tra lại)" in row
    assert row.count("Nhiệm vụ này cụ thể hóa yêu cầu") == 2
    assert f'href="#p-{_cand(run)}"' in row and "Rõ trách nhiệm" in row  # link and missing clarities
    assert "Người thẩm định xác nhận" not in page
    engine_not_covered = sum(c["verdict"] == "not_covered" for c in run.result["coverage"])
    response = client.post(reverse("reviews:confirm", args=[run.pk]),
                           {**_req(run), "draft_offset": _cand(run)})
    assert response.status_code == 302 and response.url.endswith(f"#yc-0-{_req(run)['superior_offset']}")
    page = client.get(url).content.decode()
    assert "Đã ghi xác nhận của người thẩm định." in page
    row = _row(page, run)
    assert "Người thẩm định xác nhận: Đã cụ thể hóa" in row and "Chưa có" in row  # both verdicts
    assert row.count("Nhiệm vụ này cụ thể hóa yêu cầu") == 1  # the confirmed one has no button left
    assert f"<strong>{engine_not_covered - 1}</strong>" in page
    assert f"máy đánh giá: {engine_not_covered}; người thẩm định xác nhận 1 yêu cầu" in page
    assert "Rút lại xác nhận" in page


def test_htmx_confirm_returns_only_the_row(client, province, run):
    client.force_login(province.users["commune_a"])
    response = client.post(reverse("reviews:confirm", args=[run.pk]),
                           {**_req(run), "draft_offset": _cand(run, 1), "note": "Có doanh nghiệp"},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    row_id = f'<tr id="yc-0-{_req(run)["superior_offset"]}"'
    assert response.status_code == 200 and body.lstrip().startswith(row_id)
    assert "<html" not in body
    assert "Người thẩm định xác nhận: Mới nhắc đến" in body and "Có doanh nghiệp" in body
    duplicate = client.post(reverse("reviews:confirm", args=[run.pk]),
                            {**_req(run), "draft_offset": _cand(run, 1)}, HTTP_HX_REQUEST="true")
    assert "đã được xác nhận" in duplicate.content.decode()
    assert CoverageConfirmation.objects.count() == 1


def test_withdraw_on_the_page_needs_a_reason(client, province, run):
    confirmation = _confirm(province, run, _cand(run))
    client.force_login(province.users["commune_a"])
    url = reverse("reviews:confirmation_withdraw", args=[confirmation.pk])
    refused = client.post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    assert "Phải ghi lý do rút lại xác nhận." in refused.content.decode()
    confirmation.refresh_from_db()
    assert confirmation.active
    response = client.post(url, {"reason": "Nhầm đoạn"})
    assert response.status_code == 302
    confirmation.refresh_from_db()
    assert not confirmation.active and confirmation.withdraw_reason == "Nhầm đoạn"
    page = client.get(reverse("reviews:detail", args=[run.pk])).content.decode()
    assert "Đã rút lại" in page and "Nhầm đoạn" in page and "Người thẩm định xác nhận:" not in page


def test_pages_out_of_scope_answer_404(client, province, run):
    confirmation = _confirm(province, run, _cand(run))
    client.force_login(province.users["commune_b"])
    assert client.post(reverse("reviews:confirm", args=[run.pk]),
                       {**_req(run), "draft_offset": _cand(run, 1)}).status_code == 404
    assert client.post(reverse("reviews:confirmation_withdraw", args=[confirmation.pk]),
                       {"reason": "Thử"}).status_code == 404
    assert CoverageConfirmation.objects.filter(withdrawn_at__isnull=True).count() == 1


# API


def test_api_confirms_withdraws_and_shows_both_verdicts(province, run):
    api = APIClient()
    api.force_authenticate(province.users["commune_a"])
    base = f"/api/v1/reviews/{run.pk}/"
    created = api.post(base + "confirmations/", {**_req(run), "draft_offset": _cand(run), "note": "Đúng"},
                       format="json")
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert created.json()["active"] is True and created.json()["created_by_name"]
    duplicate = api.post(base + "confirmations/", {**_req(run), "draft_offset": _cand(run)}, format="json")
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "duplicate"
    body = api.get(base).json()
    assert [c["id"] for c in body["confirmations"]] == [cid]
    first = body["reviewer_coverage"][0]
    assert first["engine_verdict"] == "not_covered" and first["verdict"] == "covered"
    refused = api.post(base + f"confirmations/{cid}/withdraw/", {"reason": ""}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["fields"]
    withdrawn = api.post(base + f"confirmations/{cid}/withdraw/", {"reason": "Nhầm"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["active"] is False
    body = api.get(base).json()
    assert body["confirmations"][0]["withdraw_reason"] == "Nhầm"
    assert body["reviewer_coverage"][0]["verdict"] == "not_covered"


def test_api_out_of_scope_answers_404_like_a_missing_run(province, run):
    confirmation = _confirm(province, run, _cand(run))
    api = APIClient()
    api.force_authenticate(province.users["commune_b"])
    body = {**_req(run), "draft_offset": _cand(run, 1)}
    foreign = api.post(f"/api/v1/reviews/{run.pk}/confirmations/", body, format="json")
    missing = api.post("/api/v1/reviews/99999999/confirmations/", body, format="json")
    assert foreign.status_code == missing.status_code == 404 and foreign.json() == missing.json()
    withdraw = api.post(f"/api/v1/reviews/{run.pk}/confirmations/{confirmation.pk}/withdraw/",
                        {"reason": "Thử"}, format="json")
    assert withdraw.status_code == 404
    # A confirmation of another run cannot be reached through one's own run either.
    assert CoverageConfirmation.objects.get().active


# DOCX


def test_docx_lists_candidates_and_the_confirmation(client, province, run):
    _confirm(province, run, _cand(run))
    client.force_login(province.users["commune_a"])
    response = client.get(reverse("reviews:docx", args=[run.pk]))
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(response.content)).paragraphs)
    first = run.result["coverage"][0]
    assert "Nhiệm vụ có thể liên quan: đoạn " in text
    assert first["candidates"][1]["text"][:40] in text
    assert "xác nhận ngày" in text and "cụ thể hóa yêu cầu" in text
    engine_not_covered = sum(c["verdict"] == "not_covered" for c in run.result["coverage"])
    assert f"{engine_not_covered - 1} yêu cầu của cấp trên chưa được cụ thể hóa" in text


def test_database_keeps_one_active_confirmation_per_link(province, run):
    """The constraint holds under a race the service check would miss; withdrawn records stay beside."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    key = {"run": run, **_req(run), "draft_offset": _cand(run)}
    CoverageConfirmation.objects.create(**key, withdrawn_at=timezone.now(), withdraw_reason="Nhầm")
    CoverageConfirmation.objects.create(**key)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoverageConfirmation.objects.create(**key)
    assert CoverageConfirmation.objects.count() == 2
