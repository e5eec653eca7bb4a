"""The review page's decisions as JSON, for the ingestion API.

The API confirms through the very form and service the page uses: the proposal
as the page would display it is written out as the page's POST, the client's
decisions are laid over it, and ``ReviewForm`` reads the result. So both paths
share every check, default and message.

Decisions (every part optional)::

    {"metadata": {"symbol": "…", "issue_date": "10/06/2026", …},   # fields of the document form
     "responsibility": {"accountable": 12, "authority": "u:5"},     # "u:<unit>", "p:<person>", "" = issuer
     "citations": [{"key": 0, "kind": "based_on", "link": 31}, {"key": 1, "placeholder": true}],
     "tasks": [{"key": 3, "deliverable": "…", "units": ["40", "7:12"], "picks": {"0": "skip"},
                "accountable": 12, "authority": "p:9"}]}

Only the tasks listed are created; each starts from what was proposed for its key.
"""

import datetime

from django.http import QueryDict

from roviec.core.errors import ServiceError
from roviec.documents.ingest_forms import ReviewForm

_CITATION_FIELDS = ("kind", "link", "date", "issuer")
_TASK_FIELDS = ("content", "deadline", "recurrence", "deliverable", "accountable", "authority")


def _text(value) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _put(data: QueryDict, key: str, value) -> None:
    if isinstance(value, list | tuple | set):
        data.setlist(key, [_text(v) for v in value])
    else:
        data[key] = _text(value)


def page_data(form: ReviewForm) -> QueryDict:
    """The POST the review page sends when the clerk changes nothing and keeps no task."""
    data = QueryDict(mutable=True)
    document_form = form.document_form
    for name in document_form.fields:
        _put(data, f"doc-{name}", document_form.initial.get(name))
    data["resp-accountable"], data["resp-authority"] = form.default_accountable, form.default_authority
    for row in form.citations:
        for name in _CITATION_FIELDS:
            _put(data, f"{row.prefix}-{name}", getattr(row, name))
        _put(data, f"{row.prefix}-placeholder", row.placeholder)
    for row in form.tasks:
        for name in _TASK_FIELDS:
            _put(data, f"{row.prefix}-{name}", getattr(row, name))
        _put(data, f"{row.prefix}-unit", sorted(row.units))
        _put(data, f"{row.prefix}-coordinator", sorted(row.coordinators))
        for lead in row.leads:
            _put(data, f"{row.prefix}-pick-{lead.index}", lead.pick)
    return data


def _invalid(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", message, {field: [message]})


def decisions_to_data(*, user, run, decisions: dict) -> QueryDict:
    """The page's POST for ``decisions`` (the proposal where they say nothing)."""
    data = page_data(ReviewForm(None, user=user, run=run))
    document_fields = ReviewForm(None, user=user, run=run).document_form.fields
    for name, value in (decisions.get("metadata") or {}).items():
        if name not in document_fields:
            raise _invalid(f"metadata.{name}", f"Không có trường “{name}” trong thông tin văn bản.")
        _put(data, f"doc-{name}", value)
    responsibility = decisions.get("responsibility") or {}
    for name in ("accountable", "authority"):
        if name in responsibility:
            _put(data, f"resp-{name}", responsibility[name])
    citation_keys = {c["key"] for c in run.proposal.get("citations") or []}
    for item in decisions.get("citations") or []:
        if item.get("key") not in citation_keys:
            raise _invalid("citations", f"Không có trích dẫn số {item.get('key')} trong đề xuất.")
        prefix = f"cit-{item['key']}"
        for name in (*_CITATION_FIELDS, "placeholder"):
            if name in item:
                _put(data, f"{prefix}-{name}", item[name])
    task_keys = {t["key"] for t in run.proposal.get("tasks") or []}
    for item in decisions.get("tasks") or []:
        if item.get("key") not in task_keys:
            raise _invalid("tasks", f"Không có nhiệm vụ số {item.get('key')} trong đề xuất.")
        prefix = f"task-{item['key']}"
        data[f"{prefix}-keep"] = "1"
        for name in _TASK_FIELDS:
            if name in item:
                _put(data, f"{prefix}-{name}", item[name])
        if "units" in item:
            _put(data, f"{prefix}-unit", item["units"])
        if "coordinators" in item:
            _put(data, f"{prefix}-coordinator", item["coordinators"])
        for index, pick in (item.get("picks") or {}).items():
            _put(data, f"{prefix}-pick-{index}", pick)
    return data
