"""Forms of document ingestion: the upload, and the review page's corrections read into decisions.

The review page holds a variable number of citations and tasks, so its rows are
read from the POST by key (``cit-<k>-…``, ``task-<k>-…``) against the stored
proposal; every problem is kept with its row so the clerk sees all of them at once.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from roviec.core.scoping import scope_for, visible_units
from roviec.documents import selectors
from roviec.documents.forms import DATE_FORMATS, DocumentForm
from roviec.documents.ingest import Assignee, CitationDecision, TaskDecision
from roviec.documents.ingest_match import assignable_units, unit_key
from roviec.documents.ingest_proposal import parse_iso
from roviec.documents.models import DocumentRelation, DocumentType
from roviec.orgs.models import OrgUnit
from roviec.orgs.selectors import person_list
from roviec.tasks.models import Recurrence

SKIP = "skip"
# A unit list this long, already shown on an earlier card, folds away on the later ones.
COLLAPSE_FROM = 6


class IngestUploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_lazy("Đơn vị vào sổ"), queryset=None)
    file = forms.FileField(label=_lazy("Tệp văn bản"),
                           help_text=_lazy("DOCX, PDF hoặc TXT. Tệp được lưu nguyên bản; hệ thống đọc và đề "
                                           "xuất thông tin văn bản, văn bản liên quan và các nhiệm vụ."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.registrable_units(user=user)
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class ReviewDocumentForm(DocumentForm):
    """The registry's own document form, prefilled from the analysis."""

    @classmethod
    def initial_from(cls, metadata: dict) -> dict:
        return {
            "registered_unit": metadata.get("registered_unit"), "direction": metadata.get("direction"),
            "doc_type": metadata.get("doc_type"), "symbol": metadata.get("symbol"),
            "issue_date": parse_iso(metadata.get("issue_date")), "issuer_name": metadata.get("issuer_name"),
            "issuer_unit": metadata.get("issuer_unit"), "title": metadata.get("title"),
            "signer_name": metadata.get("signer_name"), "signer_title": metadata.get("signer_title"),
            "signing_mode": metadata.get("signing_mode"), "recipients_text": metadata.get("recipients_text"),
            "recipient_units": metadata.get("recipient_units") or [],
        }


def _date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _show_date(iso) -> str:
    value = parse_iso(iso)
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass
class CitationRow:
    proposal: dict
    link: str = ""  # id of the registered document to relate, "" for none
    placeholder: bool = False
    kind: str = ""
    date: str = ""
    issuer: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"cit-{self.proposal['key']}"


@dataclass
class LeadRow:
    proposal: dict
    index: int
    pick: str = ""
    pick_error: bool = False


@dataclass
class TaskRow:
    proposal: dict
    keep: bool = True
    content: str = ""
    deadline: str = ""
    recurrence: str = ""
    deliverable: str = ""
    units: set[str] = field(default_factory=set)  # unit_key of each ticked lead ("12" or "12:40")
    coordinators: set[str] = field(default_factory=set)
    leads: list[LeadRow] = field(default_factory=list)
    accountable: str = ""  # "" follows the document's default
    authority: str = ""
    errors: list[str] = field(default_factory=list)
    same_as: int | None = None  # number of an earlier task addressed to the same units

    @property
    def prefix(self) -> str:
        return f"task-{self.proposal['key']}"

    @property
    def number(self) -> int:
        return self.proposal["key"] + 1

    @property
    def matched_units(self) -> list[dict]:
        seen, out = set(), []
        for lead in self.proposal["leads"]:
            for unit in lead["units"]:
                key = unit_key(unit)
                if key not in seen:
                    seen.add(key)
                    out.append({**unit, "key": key})
        return out

    @property
    def preselected(self) -> set[str]:
        return {unit_key(u) for lead in self.proposal["leads"] if lead.get("preselect", True)
                for u in lead["units"]}

    @property
    def chosen_count(self) -> int:
        return len(self.units & {u["key"] for u in self.matched_units})

    @property
    def collapsed(self) -> bool:
        """A long unit list already shown on an earlier card folds away (unless it needs attention)."""
        return self.same_as is not None and not self.errors

    @property
    def unmatched(self) -> list[LeadRow]:
        return [lead for lead in self.leads if not lead.proposal["units"]]


class ReviewForm:
    """The corrections to a run's proposal, read from the POST (or the proposal itself on GET)."""

    relation_choices = [("", _lazy("— Không liên kết —")), *DocumentRelation.Kind.choices]
    recurrence_choices = Recurrence.choices

    def __init__(self, data=None, *, user, run):
        self.user = user
        self.run = run
        self.data = data
        self.proposal = run.proposal or {}
        metadata = self.proposal.get("metadata") or {}
        self.document_form = ReviewDocumentForm(data, user=user, prefix="doc",
                                                initial=ReviewDocumentForm.initial_from(metadata))
        self.unit_choices = assignable_units(user=user)
        self.responsibility = self.proposal.get("responsibility") or responsibility_for(run=run, user=user)
        self.leader_choices = self.responsibility.get("leaders") or []
        self.authority_units = self.responsibility.get("authority_units") or []
        self.default_accountable, self.default_authority = self._defaults()
        self.default_errors: dict[str, str] = {}
        self.citations = [self._citation_row(c) for c in self.proposal.get("citations") or []]
        self.tasks = [self._task_row(t) for t in self.proposal.get("tasks") or []]
        self._mark_same_groups()
        self.citation_decisions: list[CitationDecision] = []
        self.task_decisions: list[TaskDecision] = []

    def _defaults(self) -> tuple[str, str]:
        if self.data is None:
            accountable = self.responsibility.get("accountable")
            return (str(accountable) if accountable else "", self.responsibility.get("authority") or "")
        get = lambda name: (self.data.get(f"resp-{name}") or "").strip()  # noqa: E731
        return get("accountable"), get("authority")

    def _mark_same_groups(self) -> None:
        """Cards addressed to the same units as an earlier card show their unit list folded."""
        first_with: dict[frozenset, int] = {}
        for row in self.tasks:
            keys = frozenset(u["key"] for u in row.matched_units)
            if len(keys) < COLLAPSE_FROM:
                continue
            if keys in first_with:
                row.same_as = first_with[keys]
            else:
                first_with[keys] = row.number

    @property
    def accountable_options(self) -> list[tuple[str, str]]:
        return [(str(p["id"]), f"{p['name']} — {p['title']}") for p in self.leader_choices]

    @property
    def authority_options(self) -> list[tuple[str, list[tuple[str, str]]]]:
        people = [(f"p:{value}", label) for value, label in self.accountable_options]
        units = [(f"u:{u['id']}", u["name"]) for u in self.authority_units]
        return [(_("Đơn vị"), units), (_("Lãnh đạo"), people)]

    # --- rows, from the POST or the proposal ------------------------------------------
    def _citation_row(self, c: dict) -> CitationRow:
        row = CitationRow(proposal=c)
        if self.data is None:
            row.link = str(c["match"]) if c.get("match") else ""
            row.placeholder = not c.get("matches") and bool(c.get("placeholder_possible"))
            row.kind = c.get("kind") or ""
            row.date = _show_date(c.get("date"))
            row.issuer = c.get("issuer") or ""
        else:
            get = lambda name: (self.data.get(f"{row.prefix}-{name}") or "").strip()  # noqa: E731
            row.link, row.kind, row.date, row.issuer = get("link"), get("kind"), get("date"), get("issuer")
            row.placeholder = bool(get("placeholder"))
        return row

    def _task_row(self, t: dict) -> TaskRow:
        row = TaskRow(proposal=t)
        row.leads = [LeadRow(proposal=lead, index=i) for i, lead in enumerate(t["leads"])]
        if self.data is None:
            row.content = t.get("content") or ""
            row.deadline = _show_date(t.get("deadline"))
            row.recurrence = t.get("recurrence") or ""
            row.deliverable = t.get("deliverable") or ""
            row.units = row.preselected
            row.coordinators = {str(u["id"]) for u in t.get("coordinators") or []}
            for lead in row.leads:
                suggestion = lead.proposal.get("suggestion")
                lead.pick = str(suggestion["id"]) if suggestion else ""
        else:
            get = lambda name: (self.data.get(f"{row.prefix}-{name}") or "").strip()  # noqa: E731
            row.keep = bool(get("keep"))
            row.content, row.deadline = get("content"), get("deadline")
            row.recurrence, row.deliverable = get("recurrence"), get("deliverable")
            row.units = set(self.data.getlist(f"{row.prefix}-unit"))
            row.coordinators = set(self.data.getlist(f"{row.prefix}-coordinator"))
            row.accountable, row.authority = get("accountable"), get("authority")
            for lead in row.leads:
                lead.pick = get(f"pick-{lead.index}")
        return row

    # --- validation -------------------------------------------------------------------
    def is_valid(self) -> bool:
        if self.data is None:
            return False
        valid = self.document_form.is_valid()
        allowed = {str(u.pk): u for u in self.unit_choices}
        self._people = {str(p.pk): p for p in person_list(user=self.user).filter(
            pk__in=[p["id"] for p in self.leader_choices] + self._row_person_ids())}
        self._units = {str(u.pk): u for u in visible_units(self.user).filter(
            pk__in=[u["id"] for u in self.authority_units])}
        self.accountable = self._person_choice(self.default_accountable, "accountable")
        self.authority = self._authority_choice(self.default_authority, "authority")
        for row in self.citations:
            self._clean_citation(row)
        for row in self.tasks:
            if row.keep:
                self._clean_task(row, allowed)
        rows = [*self.citations, *self.tasks]
        return valid and not self.default_errors and not any(r.errors for r in rows)

    @property
    def has_errors(self) -> bool:
        return (bool(self.document_form.errors) or bool(self.default_errors)
                or any(r.errors for r in [*self.citations, *self.tasks]))

    def _row_person_ids(self) -> list[int]:
        return [u["person"]["id"] for row in self.tasks for u in row.matched_units if u.get("person")]

    def _person_choice(self, value: str, name: str, row: TaskRow | None = None):
        """A leader from the offered list (and in the user's scope), or None for an empty choice."""
        if not value:
            return None
        person = self._people.get(value) if value in {str(p["id"]) for p in self.leader_choices} else None
        if person is None:
            message = _("Lãnh đạo phụ trách được chọn không có trong danh sách.")
            if row is None:
                self.default_errors[name] = message
            else:
                row.errors.append(message)
        return person

    def _authority_choice(self, value: str, name: str, row: TaskRow | None = None):
        """(unit, person) from "u:<id>" or "p:<id>"; (None, None) means the issuing unit."""
        kind, _sep, pk = value.partition(":")
        if not value:
            return None, None
        if kind == "u" and pk in self._units:
            return self._units[pk], None
        if kind == "p" and pk in {str(p["id"]) for p in self.leader_choices} and pk in self._people:
            return None, self._people[pk]
        message = _("Cơ quan hoặc người nghiệm thu được chọn không hợp lệ.")
        if row is None:
            self.default_errors[name] = message
        else:
            row.errors.append(message)
        return None, None

    def _clean_citation(self, row: CitationRow) -> None:
        c = row.proposal
        if not row.kind:
            return
        if row.kind not in DocumentRelation.Kind.values:
            row.errors.append(_("Quan hệ không hợp lệ."))
            return
        if row.link:
            allowed = {str(m["id"]) for m in c.get("matches") or []}
            target = (selectors.document_list(user=self.user).filter(pk=row.link).first()
                      if row.link in allowed else None)
            if target is None:
                row.errors.append(_("Không tìm thấy văn bản được chọn trong phạm vi của bạn."))
                return
            self.citation_decisions.append(CitationDecision(kind=row.kind, symbol=c["symbol"], target=target))
            return
        if not row.placeholder:
            return
        doc_type = DocumentType.objects.filter(pk=c.get("doc_type")).first() if c.get("doc_type") else None
        if doc_type is None or not c.get("valid", True):
            row.errors.append(_("Không xác định được loại hoặc số, ký hiệu của văn bản này; hãy vào sổ "
                                "thủ công rồi thêm quan hệ."))
            return
        try:
            issue_date = _date(row.date)
        except ValueError:
            row.errors.append(_("Nhập ngày ban hành của văn bản được trích dẫn theo dạng dd/mm/yyyy."))
            return
        if not row.issuer:
            row.errors.append(_("Nhập cơ quan ban hành của văn bản được trích dẫn."))
            return
        placeholder = {"doc_type": doc_type, "symbol": c["symbol"], "issue_date": issue_date,
                       "issuer_name": row.issuer, "title": c.get("text") or c["symbol"]}
        self.citation_decisions.append(CitationDecision(kind=row.kind, symbol=c["symbol"],
                                                        placeholder=placeholder))

    def _clean_task(self, row: TaskRow, allowed: dict) -> None:
        number = row.proposal["key"] + 1
        if not row.content:
            row.errors.append(_("Nhập nội dung nhiệm vụ."))
        deadline = None
        if row.deadline:
            try:
                deadline = _date(row.deadline)
            except ValueError:
                row.errors.append(_("Thời hạn phải theo dạng dd/mm/yyyy."))
        if row.recurrence not in Recurrence.values:
            row.errors.append(_("Định kỳ không hợp lệ."))
        leads: list[Assignee] = []
        offered = {u["key"] for u in row.matched_units}
        for key in sorted(row.units):
            unit_id, _sep, person_id = key.partition(":")
            unknown_person = person_id and (key not in offered or person_id not in self._people)
            if unit_id not in allowed or unknown_person:
                row.errors.append(_("Có đơn vị chủ trì nằm ngoài phạm vi giao việc của bạn."))
                break
            leads.append(Assignee(allowed[unit_id], self._people[person_id] if person_id else None))
        for lead in row.unmatched:
            if lead.pick == SKIP:
                continue
            if not lead.pick:
                lead.pick_error = True
                name = lead.proposal["name"] or _("(chưa rõ đơn vị)")
                row.errors.append(_("Chưa xác định được đơn vị “%(name)s”: chọn một đơn vị, chọn “Bỏ qua tên "
                                    "này” hoặc bỏ chọn nhiệm vụ.") % {"name": name})
            elif lead.pick not in allowed:
                lead.pick_error = True
                row.errors.append(_("Đơn vị được chọn nằm ngoài phạm vi giao việc của bạn."))
            elif Assignee(allowed[lead.pick]) not in leads:
                leads.append(Assignee(allowed[lead.pick]))
        if not leads and not row.errors:
            row.errors.append(_("Nhiệm vụ chưa có đơn vị chủ trì: chọn ít nhất một đơn vị hoặc bỏ chọn "
                                "nhiệm vụ."))
        coordinators = [allowed[u] for u in sorted(row.coordinators) if u in allowed]
        accountable = (self._person_choice(row.accountable, "accountable", row) if row.accountable
                       else self.accountable)
        authority_unit, authority_person = (self._authority_choice(row.authority, "authority", row)
                                            if row.authority else self.authority)
        if not row.errors:
            self.task_decisions.append(TaskDecision(
                content=row.content, leads=leads, deadline=deadline, recurrence=row.recurrence,
                deliverable=row.deliverable, source_clause=row.proposal.get("clause") or "",
                coordinating_units=coordinators, accountable_person=accountable,
                authority_unit=authority_unit, authority_person=authority_person,
                label=_("Nhiệm vụ %(n)s") % {"n": number}))

    # --- for the services -------------------------------------------------------------
    def metadata(self) -> dict:
        return dict(self.document_form.cleaned_data)

    @property
    def task_count(self) -> int:
        return sum(len(d.leads) for d in self.task_decisions)

    def error_fields(self) -> dict[str, list[str]]:
        """Every problem keyed by where it is ("doc-symbol", "resp-accountable", "task-3"), for the API."""
        fields: dict[str, list[str]] = {}
        for name, messages in self.document_form.errors.items():
            fields[f"doc-{name}"] = [str(m) for m in messages]
        for name, message in self.default_errors.items():
            fields[f"resp-{name}"] = [message]
        for row in [*self.citations, *self.tasks]:
            if row.errors:
                fields[row.prefix] = list(row.errors)
        return fields


def responsibility_for(*, run, user) -> dict:
    """The responsibility defaults of a run analysed before they were part of the proposal."""
    from roviec.documents.ingest_match import UnitResolver, committee_of, responsibility

    metadata = (run.proposal or {}).get("metadata") or {}
    resolver = UnitResolver(user=user, unit=run.unit, inspected_names=[], today=timezone.localdate())
    issuer_id = metadata.get("issuer_unit")
    issuer = OrgUnit.objects.filter(pk=issuer_id).first() if issuer_id else None
    committee = committee_of(issuer)
    if committee is not None and scope_for(user).covers(committee):
        resolver.set_committee(committee)
    return responsibility(resolver=resolver, metadata=metadata, result=run.result or {})
