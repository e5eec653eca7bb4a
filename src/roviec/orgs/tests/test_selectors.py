import datetime

import pytest

from roviec.core.errors import NotFoundError, ServiceError
from roviec.orgs import selectors, services
from roviec.orgs.models import OrgUnit


def _names(nodes):
    return [node.unit.name for node in nodes]


def _unit(code, name, parent, kind=OrgUnit.Kind.BRANCH, **extra):
    return services.unit_create(actor=None, code=code, kind=kind, name=name, parent=parent, **extra)


def test_tree_children_follow_vietnamese_alphabetical_order(province):
    """Units are listed in dictionary order: A before Ă before Â, D before Đ."""
    for code, name in [("u1", "Đội Một"), ("u2", "Dân Chủ"), ("u3", "Ấp Bắc"), ("u4", "Ắc Ôn"),
                       ("u5", "An Phú"), ("u6", "Bảo Khê")]:
        _unit(code, name, province.cell_a)
    nodes = selectors.unit_tree(user=province.users["admin"])
    cell = nodes[0]
    for name in ("Đảng ủy xã Ân Thi", "Chi bộ thôn 1"):
        cell = next(n for n in cell.children if n.unit.name == name)
    assert _names(cell.children) == ["An Phú", "Ắc Ôn", "Ấp Bắc", "Bảo Khê", "Dân Chủ", "Đội Một"]
    assert _names(nodes[0].children) == ["Đảng ủy xã Ân Thi", "Đảng ủy xã Yên Mỹ", "Ủy ban Kiểm tra Tỉnh ủy",
                                         "Văn phòng Tỉnh ủy"]


def test_tree_of_a_commune_user_starts_at_their_commune(province):
    """A commune sees its own subtree as the whole tree, never the province or other communes."""
    nodes = selectors.unit_tree(user=province.users["commune_a"])
    assert _names(nodes) == ["Đảng ủy xã Ân Thi"]
    assert _names(nodes[0].children) == ["Chi bộ thôn 1"]
    assert nodes[0].people_count == 1


def test_tree_tells_expired_units_apart_and_can_hide_them(province):
    """A unit whose validity ended is marked expired, and can be left out of the tree."""
    today = datetime.date.today()
    _unit("old", "Chi bộ thôn cũ", province.commune_a, valid_from=datetime.date(2015, 1, 1),
          valid_to=today - datetime.timedelta(days=1))
    _unit("new", "Chi bộ thôn mới", province.commune_a, valid_from=today + datetime.timedelta(days=5))
    user = province.users["commune_a"]
    statuses = {n.unit.code: n.status for n in selectors.unit_tree(user=user)[0].children}
    assert statuses == {"chi-bo-thon-1": "current", "old": "expired", "new": "future"}
    current = selectors.unit_tree(user=user, include_expired=False)[0].children
    assert {n.unit.code for n in current} == {"chi-bo-thon-1", "new"}


def test_unit_get_outside_scope_is_not_found(province):
    """Another commune's unit is absent for a commune user, as if it did not exist."""
    user = province.users["commune_b"]
    assert selectors.unit_get(user=user, pk=province.commune_b.pk) == province.commune_b
    for pk in (province.commune_a.pk, province.cell_a.pk, province.root.pk, 999999, "abc"):
        with pytest.raises(NotFoundError):
            selectors.unit_get(user=user, pk=pk)


def test_moving_a_unit_moves_its_subtree(province):
    """After a unit changes parent, its whole subtree follows it (and scopes with it)."""
    grandchild = _unit("to-1", "Tổ đảng 1", province.cell_a)
    services.unit_update(actor=province.users["admin"], unit=province.commune_a, parent=province.commune_b)
    province.commune_a.refresh_from_db()
    province.cell_a.refresh_from_db()
    grandchild.refresh_from_db()
    commune_b_path = province.commune_b.path
    assert province.commune_a.path == f"{commune_b_path}{province.commune_a.pk}/"
    assert province.cell_a.path == f"{province.commune_a.path}{province.cell_a.pk}/"
    assert grandchild.path == f"{province.cell_a.path}{grandchild.pk}/"
    visible = {u.code for u in selectors.unit_list(user=province.users["commune_b"])}
    assert {"xa-an-thi", "chi-bo-thon-1", "to-1"} <= visible


def test_a_unit_cannot_move_under_its_own_descendant(province):
    """Moving a unit below one of its descendants is refused and changes nothing."""
    with pytest.raises(ServiceError) as raised:
        services.unit_update(actor=province.users["admin"], unit=province.commune_a, parent=province.cell_a)
    assert raised.value.code == "unit_cycle"
    province.commune_a.refresh_from_db()
    assert province.commune_a.parent_id == province.root.pk


@pytest.fixture
def named_units(province):
    return {
        "ubnd": _unit("ubnd-tinh", "Ủy ban nhân dân tỉnh", province.root, kind=OrgUnit.Kind.DEPARTMENT),
        "du_ubnd": _unit("du-ubnd", "Đảng ủy UBND tỉnh", province.root,
                         kind=OrgUnit.Kind.AFFILIATED_COMMITTEE),
        "btv": _unit("btv", "Ban Thường vụ Tỉnh ủy", province.root, kind=OrgUnit.Kind.STANDING_COMMITTEE,
                     aliases=["Thường trực Tỉnh ủy mở rộng"]),
        "mttq": _unit("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", province.root,
                      kind=OrgUnit.Kind.DEPARTMENT, short_name="UBMTTQ tỉnh"),
    }


@pytest.mark.parametrize(("query", "expected_code"), [
    ("UBKT", "ubkt"),
    ("uy ban kiem tra", "ubkt"),
    ("UBND tỉnh", "ubnd-tinh"),
    ("ủy ban nhân dân", "ubnd-tinh"),
    ("BTV", "btv"),
    ("thuong truc tinh uy mo rong", "btv"),
    ("Mặt trận Tổ quốc", "mttq"),
    ("an thi", "xa-an-thi"),
])
def test_search_finds_units_by_name_short_name_alias_or_abbreviation(province, named_units, query,
                                                                      expected_code):
    """Typing an abbreviation, an alias or a name without diacritics finds the unit."""
    results = selectors.unit_search(user=province.users["admin"], q=query)
    assert expected_code in [u.code for u in results]


def test_search_puts_whole_phrase_hits_first(province, named_units):
    """"UBND tỉnh" shows the People's Committee before the units that only mention it."""
    results = selectors.unit_search(user=province.users["admin"], q="UBND tỉnh")
    assert [u.code for u in results][:2] == ["ubnd-tinh", "du-ubnd"]


def test_search_never_returns_units_outside_scope(province):
    """A commune user searching another commune's name finds nothing."""
    assert selectors.unit_search(user=province.users["commune_b"], q="Ân Thi") == []
    found = selectors.unit_search(user=province.users["commune_b"], q="yen my")
    assert [u.code for u in found] == ["xa-yen-my"]


@pytest.mark.parametrize(("written", "expected_code", "method"), [
    ("Ủy ban Kiểm tra Tỉnh ủy", "ubkt", "exact"),
    ("UBKT", "ubkt", "exact"),
    ("UBND tỉnh", "ubnd-tinh", "abbreviation"),
    ("- UBND tỉnh;", "ubnd-tinh", "abbreviation"),
    ("Ủy ban nhân dân tỉnh", "ubnd-tinh", "exact"),
    ("Đảng ủy Ủy ban nhân dân tỉnh", "du-ubnd", "abbreviation"),
    ("BTV Tỉnh ủy", "btv", "abbreviation"),
    ("BTV TU", "btv", "abbreviation"),
    ("xa An Thi", "xa-an-thi", "core"),
    ("Đảng bộ xã Yên Mỹ", "xa-yen-my", "core"),
    ("Đảng ủy xã Ân Thy", "xa-an-thi", "fuzzy"),
    ("Uỷ ban Kiểm tra Tỉnh uỷ Hưng Yên", "ubkt", "fuzzy"),
])
def test_match_unit_name_maps_names_written_in_documents(province, named_units, written, expected_code,
                                                         method):
    """A recipient as written in a document is mapped onto the right unit of the tree."""
    units = selectors.unit_list(user=province.users["admin"])
    matches = selectors.match_unit_name(written, units)
    assert matches, written
    assert (matches[0].unit.code, matches[0].method) == (expected_code, method)
    assert matches[0].certain == (method != "fuzzy")


def test_match_unit_name_gives_no_certain_match_for_an_unknown_body(province, named_units):
    """A body missing from the tree never comes back as a certain match."""
    units = selectors.unit_list(user=province.users["admin"])
    assert not [m for m in selectors.match_unit_name("Ban Tổ chức Tỉnh ủy", units) if m.certain]
    assert selectors.match_unit_name("Bộ Ngoại giao", units) == []


def test_match_unit_name_prefers_the_unit_still_in_force(province):
    """When a name was reused, the unit valid today comes first."""
    old = _unit("an-thi-cu", "Đảng ủy xã Ân Thi", province.root, kind=OrgUnit.Kind.COMMUNE_COMMITTEE,
                valid_to=datetime.date(2020, 1, 1))
    matches = selectors.match_unit_name("Đảng ủy xã Ân Thi", [old, province.commune_a])
    assert [m.unit for m in matches] == [province.commune_a, old]


def test_unit_matcher_only_knows_visible_units(province):
    """Matching recipients for a commune user never suggests another commune."""
    matcher = selectors.unit_matcher(user=province.users["commune_b"])
    assert matcher.match("Đảng ủy xã Ân Thi") == []


def test_people_in_unit_lists_current_positions_only_within_scope(province):
    """A unit's page lists who holds a position there now; an outside unit is not found."""
    admin = province.users["admin"]
    person = services.person_create(actor=admin, full_name="Vũ Thị Lan")
    services.position_assign(actor=admin, person=person, unit=province.commune_a, kind="secretary",
                             end_date=datetime.date(2020, 12, 31))
    positions = selectors.people_in_unit(user=province.users["commune_a"], unit=province.commune_a)
    assert [p.person.full_name for p in positions] == ["Phạm Thu Trang"]
    with pytest.raises(NotFoundError):
        selectors.people_in_unit(user=province.users["commune_b"], unit=province.commune_a)


def test_person_list_is_scoped(province):
    """A commune user sees the people of their commune only."""
    names = {p.full_name for p in selectors.person_list(user=province.users["commune_b"])}
    assert names == {"Đỗ Văn Nam"}
    assert {p.full_name for p in selectors.person_list(user=province.users["admin"], q="tran van")} == {
        "Trần Văn Minh"}


def test_tree_costs_the_same_few_queries_however_large(province, django_assert_max_num_queries):
    """The tree page stays fast for a province with hundreds of cells."""
    for number in range(40):
        _unit(f"cb-{number}", f"Chi bộ {number}", province.commune_a)
    user = province.users["commune_a"]
    with django_assert_max_num_queries(2):
        nodes = selectors.unit_tree(user=user)
    assert nodes[0].subtree_size == 42
