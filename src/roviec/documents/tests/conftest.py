import datetime

import pytest

from roviec.documents import services
from roviec.documents.models import DocumentType


@pytest.fixture
def register(province):
    """Register a document through the service, with sensible defaults."""

    def _register(symbol="418-QĐ/TU", *, code="QĐ", actor=None, unit=None, **extra):
        values = {
            "actor": actor or province.users["office"],
            "registered_unit": unit or province.root,
            "doc_type": DocumentType.objects.get(code=code),
            "symbol": symbol,
            "issue_date": datetime.date(2021, 3, 15),
            "issuer_name": "Tỉnh ủy Hưng Yên",
            "title": "về việc thành lập Đoàn kiểm tra",
            "direction": "issued",
        }
        values.update(extra)
        return services.document_register(**values)

    return _register



SAMPLE_CONCLUSION = "000_7e00125ec9cf1de4.txt"


@pytest.fixture
def conclusion_bytes():
    """The sample conclusion notice, byte for byte."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "corpus" / SAMPLE_CONCLUSION
    return path.read_bytes()


@pytest.fixture
def inspected_tree(province):
    """The standing committee and the 30 organisations the sample conclusion inspected, under the root.

    Two of them (xã Ân Thi, xã Yên Mỹ) are the province fixture's communes.
    """
    from roviec.demo.builder import _unit_from_written_name, inspected_organisation_names, slug
    from roviec.orgs import services as org_services
    from roviec.orgs.models import OrgUnit

    org_services.unit_create(actor=None, code="btv-tinh-uy", kind=OrgUnit.Kind.STANDING_COMMITTEE,
                             name="Ban Thường vụ Tỉnh ủy", short_name="BTV Tỉnh ủy", parent=province.root,
                             aliases=["Thường trực Tỉnh ủy"])
    units = []
    for written in inspected_organisation_names():
        kind, name, aliases = _unit_from_written_name(written)
        unit = OrgUnit.objects.filter(name=name).first() or org_services.unit_create(
            actor=None, code=slug(name)[:64], kind=kind, name=name, parent=province.root, aliases=aliases)
        units.append(unit)
    return units


@pytest.fixture
def june_2026():
    """The sample notice was issued in June 2026; run the ingestion tests on a day after it."""
    import time_machine
    from django.utils import timezone

    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, tzinfo=timezone.get_default_timezone())):
        yield


@pytest.fixture
def start_run(django_capture_on_commit_callbacks):
    """Upload bytes through ``ingestion_start`` and let the job run (huey is immediate in tests)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from roviec.documents import ingest

    def _start(actor, unit, data: bytes, name: str = "thong-bao-ket-luan.txt"):
        with django_capture_on_commit_callbacks(execute=True):
            run = ingest.ingestion_start(actor=actor, unit=unit, uploaded=SimpleUploadedFile(name, data))
        run.refresh_from_db()
        return run

    return _start


def review_data(run, *, issue_date="10/06/2026", keep_deadline="2026-08-31") -> dict:
    """The review page's POST as the clerk would send it: the proposal accepted, tasks kept only
    for the given deadline, every unmatched name skipped, every unmatched citation registered."""
    proposal = run.proposal
    m = proposal["metadata"]
    data = {
        "doc-registered_unit": m["registered_unit"], "doc-direction": m["direction"],
        "doc-doc_type": m["doc_type"], "doc-symbol": m["symbol"], "doc-issue_date": issue_date,
        "doc-issuer_name": m["issuer_name"], "doc-issuer_unit": m["issuer_unit"] or "",
        "doc-title": m["title"], "doc-signer_name": m["signer_name"], "doc-signer_title": m["signer_title"],
        "doc-signing_mode": m["signing_mode"], "doc-recipients_text": m["recipients_text"],
        "doc-recipient_units": m["recipient_units"],
    }
    for c in proposal["citations"]:
        prefix = f"cit-{c['key']}"
        data[f"{prefix}-kind"] = c["kind"]
        if c["match"]:
            data[f"{prefix}-link"] = c["match"]
        elif c["placeholder_possible"]:
            data[f"{prefix}-placeholder"] = "1"
            data[f"{prefix}-date"] = datetime.date.fromisoformat(c["date"]).strftime("%d/%m/%Y")
            data[f"{prefix}-issuer"] = c["issuer"]
    for t in proposal["tasks"]:
        prefix = f"task-{t['key']}"
        if keep_deadline is not None and t["deadline"] != keep_deadline:
            continue
        data[f"{prefix}-keep"] = "1"
        data[f"{prefix}-content"] = t["content"]
        data[f"{prefix}-deadline"] = (datetime.date.fromisoformat(t["deadline"]).strftime("%d/%m/%Y")
                                      if t["deadline"] else "")
        data[f"{prefix}-recurrence"] = t["recurrence"]
        data[f"{prefix}-deliverable"] = t["deliverable"]
        data[f"{prefix}-unit"] = [u["id"] for lead in t["leads"] for u in lead["units"]]
        data[f"{prefix}-coordinator"] = [u["id"] for u in t["coordinators"]]
        for index, lead in enumerate(t["leads"]):
            if not lead["units"]:
                data[f"{prefix}-pick-{index}"] = "skip"
    return data


def as_querydict(data: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, [str(v) for v in value])
        else:
            query[key] = "" if value is None else str(value)
    return query
