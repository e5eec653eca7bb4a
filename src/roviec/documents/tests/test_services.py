import datetime

import pytest

from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.documents import services
from roviec.documents.models import Document, PartyTerm
from roviec.orgs.models import Position
from tests.conftest import make_user


def _events(instance):
    return AuditEvent.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))


@pytest.mark.parametrize(("symbol", "code", "system", "number", "type_code", "issuer", "year"), [
    ("418-QĐ/TU", "QĐ", "party", 418, "QĐ", "TU", None),
    ("21-KL/TW", "KL", "party", 21, "KL", "TW", None),
    ("1419/KH-UBND", "KH", "state", 1419, "KH", "UBND", None),
    ("143/2021/NĐ-CP", "NĐ", "state", 143, "NĐ", "CP", 2021),
    ("4872/UBND-KTN", "CV", "state", 4872, "", "UBND", None),
])
def test_valid_symbols_fill_their_parts(register, symbol, code, system, number, type_code, issuer, year):
    """A clerk registering a well-formed Party or State symbol gets number, type and issuer filled in."""
    document = register(symbol, code=code)
    parts = (document.system, document.number, document.type_code, document.issuer_code, document.symbol_year)
    assert parts == (system, number, type_code, issuer, year)
    assert document.numbering_key


@pytest.mark.parametrize(("symbol", "expected_words"), [
    ("abc-XX/tu", ["Số văn bản “abc”", "Mã loại văn bản “XX”", "Mã cơ quan ban hành “tu”"]),
    ("12-QĐ", ["Thiếu mã cơ quan ban hành"]),
    ("418/QĐ/TU", ["dấu “-”"]),
    ("1419/KH-ubnd", ["Mã cơ quan ban hành “ubnd”"]),
    ("143/20/NĐ-CP", ["Năm ban hành “20”"]),
])
def test_malformed_symbol_names_each_bad_part(register, symbol, expected_words):
    """Every malformed part of a symbol is named in a Vietnamese message on the symbol field."""
    with pytest.raises(ServiceError) as caught:
        register(symbol)
    messages = " ".join(caught.value.fields["symbol"])
    for words in expected_words:
        assert words in messages
    assert not Document.objects.exists()


def test_type_code_must_agree_with_chosen_type(register):
    """A Kết luận cannot be registered with a Quyết định symbol by mistake."""
    with pytest.raises(ServiceError) as caught:
        register("418-QĐ/TU", code="KL")
    assert "không khớp với loại văn bản đã chọn: Kết luận" in caught.value.fields["symbol"][0]


def test_party_quy_dinh_numbered_qd_is_accepted(register):
    """Party Quy định numbered "QĐ" since 2019 (296-QĐ/TW) register as Quy định."""
    document = register("296-QĐ/TW", code="QĐi", issuer_name="Ban Chấp hành Trung ương")
    assert document.doc_type.name == "Quy định"


def test_party_duplicate_refused_within_term_accepted_in_another(register):
    """The same Party number may not be registered twice in one term, but restarts with the next."""
    first = register("418-QĐ/TU", issue_date=datetime.date(2021, 3, 15))
    with pytest.raises(ServiceError) as caught:
        register("418-QĐ/TU", issue_date=datetime.date(2024, 6, 1), title="Bản khác")
    assert caught.value.code == "duplicate_symbol"
    assert "2020-2025" in caught.value.message
    assert first.title in caught.value.message
    other_term = register("418-QĐ/TU", issue_date=datetime.date(2016, 5, 2))
    assert other_term.numbering_key != first.numbering_key


def test_state_duplicate_refused_within_year_accepted_next_year(register):
    """A State number restarts each calendar year; within the year it is unique."""
    register("1419/KH-UBND", code="KH", issue_date=datetime.date(2023, 2, 1), issuer_name="UBND tỉnh")
    with pytest.raises(ServiceError) as caught:
        register("1419/KH-UBND", code="KH", issue_date=datetime.date(2023, 11, 1), issuer_name="UBND tỉnh")
    assert caught.value.code == "duplicate_symbol"
    assert "năm 2023" in caught.value.message
    register("1419/KH-UBND", code="KH", issue_date=datetime.date(2024, 2, 1), issuer_name="UBND tỉnh")
    assert Document.objects.count() == 2


def test_state_year_in_symbol_must_match_issue_date(register):
    """143/2020/NĐ-CP cannot carry an issue date in another year."""
    with pytest.raises(ServiceError) as caught:
        register("143/2020/NĐ-CP", code="NĐ", issue_date=datetime.date(2021, 1, 5))
    assert "issue_date" in caught.value.fields


def test_generic_issuer_codes_are_told_apart_by_issuer(register, province):
    """Two communes may both issue 01-NQ/ĐU: the issuer code ĐU is shared by every Đảng ủy."""
    register("01-NQ/ĐU", code="NQ", unit=province.commune_a, issuer_unit=province.commune_a,
             issuer_name="Đảng ủy xã Ân Thi")
    register("01-NQ/ĐU", code="NQ", unit=province.commune_b, issuer_unit=province.commune_b,
             issuer_name="Đảng ủy xã Yên Mỹ")
    assert Document.objects.count() == 2


def test_missing_term_is_a_clear_error(register):
    """Without a committee term for the date, a Party number cannot be placed and the clerk is told why."""
    PartyTerm.objects.filter(name="2020-2025").delete()
    with pytest.raises(ServiceError) as caught:
        register("418-QĐ/TU", issue_date=datetime.date(2021, 3, 15))
    assert "nhiệm kỳ" in caught.value.fields["issue_date"][0]


def test_document_without_symbol_is_allowed(register):
    """Documents without a number (e.g. a received letter) can be registered; they never clash."""
    first = register("", title="Thư chúc mừng")
    second = register("", title="Thư chúc mừng khác")
    assert first.numbering_key is None and second.numbering_key is None


def test_register_outside_scope_refused(register, province):
    """A commune staff member cannot register documents, and nobody registers for another unit."""
    with pytest.raises(PermissionDeniedError):
        register(actor=province.users["commune_a"], unit=province.commune_a)
    clerk_a = make_user("vanthu_a", unit=province.commune_a, role=Position.AccessRole.OFFICE,
                        full_name="Văn thư xã Ân Thi")
    register("01-NQ/ĐU", code="NQ", actor=clerk_a, unit=province.commune_a)
    with pytest.raises(ServiceError) as refused:
        register("02-NQ/ĐU", code="NQ", actor=clerk_a, unit=province.commune_b)
    assert refused.value.fields == {"registered_unit": [services.UNIT_NOT_FOUND]}


def test_register_leaves_one_audit_entry(register, province):
    """Registering is recorded once, with the values registered."""
    document = register("418-QĐ/TU", recipient_units=[province.commune_a])
    events = list(_events(document))
    assert len(events) == 1
    assert events[0].action == "create" and events[0].before is None
    assert events[0].after["symbol"] == "418-QĐ/TU"
    assert events[0].after["recipient_units"] == [province.commune_a.pk]
    assert set(events[0].units.values_list("pk", flat=True)) == {province.root.pk, province.commune_a.pk}


def test_update_audited_with_before_and_after(register, province):
    """Editing a document records exactly the changed values, before and after."""
    document = register("418-QĐ/TU")
    services.document_update(actor=province.users["office"], document=document, title="Trích yếu mới",
                             symbol="419-QĐ/TU")
    event = _events(document).get(action="update")
    assert event.before == {"title": "về việc thành lập Đoàn kiểm tra", "symbol": "418-QĐ/TU", "number": 418,
                            "numbering_key": document.numbering_key}
    assert event.after["title"] == "Trích yếu mới" and event.after["number"] == 419
    document.refresh_from_db()
    assert "419" in document.search_text


def test_update_revalidates_symbol_and_duplicates(register, province):
    """An edit may not bring in a malformed symbol or a number already taken."""
    register("418-QĐ/TU")
    other = register("419-QĐ/TU")
    with pytest.raises(ServiceError) as caught:
        services.document_update(actor=province.users["office"], document=other, symbol="418-QĐ/TU")
    assert caught.value.code == "duplicate_symbol"
    with pytest.raises(ServiceError):
        services.document_update(actor=province.users["office"], document=other, symbol="419-XX/TU")
    other.refresh_from_db()
    assert other.symbol == "419-QĐ/TU"
    assert _events(other).count() == 1


def test_cancel_requires_reason_and_is_audited(register, province):
    """Cancelling needs a reason; the document stays, marked cancelled, and can no longer be edited."""
    document = register("418-QĐ/TU")
    with pytest.raises(ServiceError) as caught:
        services.document_cancel(actor=province.users["office"], document=document, reason="  ")
    assert "reason" in caught.value.fields
    services.document_cancel(actor=province.users["office"], document=document, reason="Vào sổ nhầm")
    document.refresh_from_db()
    assert document.status == "cancelled" and document.cancel_reason == "Vào sổ nhầm"
    event = _events(document).get(action="cancel")
    assert event.reason == "Vào sổ nhầm"
    assert event.before["status"] == "in_force" and event.after["status"] == "cancelled"
    assert _events(document).count() == 2
    with pytest.raises(ServiceError):
        services.document_update(actor=province.users["office"], document=document, title="Sửa")
    # The cancelled registration no longer blocks the real document.
    register("418-QĐ/TU")


def test_commune_staff_cannot_cancel(register, province):
    """Only the office or leaders over the registering unit change a document."""
    document = register("418-QĐ/TU", recipient_units=[province.commune_a])
    with pytest.raises(PermissionDeniedError):
        services.document_cancel(actor=province.users["commune_a"], document=document, reason="x")


def test_edit_keeps_recipients_the_editor_cannot_see(register, province):
    """A commune clerk editing its document does not silently drop recipients added by the province."""
    clerk_a = make_user("vanthu_a", unit=province.commune_a, role=Position.AccessRole.OFFICE,
                        full_name="Văn thư xã Ân Thi")
    document = register("01-NQ/ĐU", code="NQ", actor=clerk_a, unit=province.commune_a,
                        issuer_unit=province.commune_a, issuer_name="Đảng ủy xã Ân Thi")
    services.document_update(actor=province.users["office"], document=document,
                             recipient_units=[province.commune_b])
    services.document_update(actor=clerk_a, document=document, recipient_units=[province.cell_a],
                             title="Trích yếu sửa")
    assert set(document.recipient_units.all()) == {province.cell_a, province.commune_b}
