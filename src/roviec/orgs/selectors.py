"""Reads of the organisation tree, people and positions, always through the user's scope."""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from roviec.core.errors import NotFoundError
from roviec.core.scoping import scope_for, visible_units
from roviec.core.text import vietnamese_sort_key
from roviec.orgs import naming
from roviec.orgs.models import OrgUnit, Person, Position
from roviec.orgs.naming import UnitMatch, UnitMatcher, search_variants

UNIT_NOT_FOUND = "Không tìm thấy đơn vị (hoặc đơn vị nằm ngoài phạm vi của bạn)."


def _current_positions_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    on = on or timezone.localdate()
    return (
        (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on}))
    )


def unit_status(unit: OrgUnit, on: datetime.date | None = None) -> str:
    """"current", "expired" (valid_to passed) or "future" (valid_from not reached)."""
    on = on or timezone.localdate()
    if unit.valid_to is not None and unit.valid_to < on:
        return "expired"
    if unit.valid_from is not None and unit.valid_from > on:
        return "future"
    return "current"


def unit_list(*, user) -> QuerySet:
    """The units the user may see, with the count of people currently holding a position there."""
    return visible_units(user).annotate(
        people_count=Count("positions__person", filter=_current_positions_q("positions__"), distinct=True)
    )


@dataclass
class TreeNode:
    unit: OrgUnit
    status: str
    people_count: int
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.status == "current"

    @property
    def subtree_size(self) -> int:
        return 1 + sum(child.subtree_size for child in self.children)


def unit_tree(*, user, include_expired: bool = True, on: datetime.date | None = None) -> list[TreeNode]:
    """The visible units as a forest: each visible unit whose parent is hidden is a root.

    Children (and roots) are in Vietnamese alphabetical order.
    """
    on = on or timezone.localdate()
    units = list(unit_list(user=user))
    nodes = {unit.pk: TreeNode(unit, unit_status(unit, on), unit.people_count) for unit in units}
    if not include_expired:
        nodes = {pk: node for pk, node in nodes.items() if node.status != "expired"}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent is not None else roots).append(node)

    def order(siblings: list[TreeNode]) -> list[TreeNode]:
        siblings.sort(key=lambda n: vietnamese_sort_key(n.unit.name))
        for sibling in siblings:
            order(sibling.children)
        return siblings

    return order(roots)


def unit_get(*, user, pk) -> OrgUnit:
    """One unit the user may see; anything else is NotFoundError (404), whether absent or out of scope."""
    try:
        return unit_list(user=user).select_related("parent").get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise NotFoundError(UNIT_NOT_FOUND) from None


def unit_children(*, user, unit: OrgUnit) -> list[OrgUnit]:
    children = list(unit_list(user=user).filter(parent=unit))
    return sorted(children, key=lambda u: vietnamese_sort_key(u.name))


def unit_ancestors(*, user, unit: OrgUnit) -> list[OrgUnit]:
    """Visible ancestors of ``unit``, root first (for breadcrumbs)."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    ancestors = {u.pk: u for u in visible_units(user).filter(pk__in=ids)}
    return [ancestors[i] for i in ids if i in ancestors]


def unit_search(*, user, q: str, limit: int = 50) -> list[OrgUnit]:
    """Visible units matching ``q`` by name, short name or alias, ignoring diacritics and case.

    Abbreviations work both ways: "UBND tỉnh" finds "Ủy ban nhân dân tỉnh" and
    the reverse. Every word of the query must appear; whole-the unit named
    exactly so comes first, then names starting with the query, then whole-phrase hits.
    """
    variants = search_variants(q)
    if not variants:
        return []
    conditions = [reduce(and_, (Q(search_text__contains=word) for word in v.split())) for v in variants]
    units = list(unit_list(user=user).filter(reduce(or_, conditions)).select_related("parent")[: limit * 4])

    def rank(unit: OrgUnit):
        keys = UnitMatcher.unit_keys(unit)
        names = keys.exact | keys.expanded
        if any(v in names for v in variants):
            closeness = 0  # the query is the unit's name, short name or an alias
        elif any(name.startswith(v) for v in variants for name in names):
            closeness = 1
        elif any(v in unit.search_text for v in variants):
            closeness = 2
        else:
            closeness = 3  # every word is there, not as one phrase
        return (closeness, unit_status(unit) != "current", vietnamese_sort_key(unit.name))

    return sorted(units, key=rank)[:limit]


def match_unit_name(name: str, units, *, limit: int = 5, score_cutoff: float = 80.0,
                    on: datetime.date | None = None) -> list[UnitMatch]:
    """Map a unit name as written in a document ("UBND tỉnh", "xã Ân Thi") onto ``units``.

    Candidates come best first with a score out of 100 and the method that found
    them: "exact" (name or alias), "abbreviation", "core" (without the Party
    prefix: "xã Ân Thi" for "Đảng ủy xã Ân Thi"), each certain, then "fuzzy"
    (rapidfuzz, capped at 94) only when nothing certain was found. Pass units
    the user may see (``visible_units(user)``) to keep the scope.
    """
    return naming.match_unit_name(name, units, limit=limit, score_cutoff=score_cutoff,
                                  on=on or timezone.localdate())


def unit_matcher(*, user, on: datetime.date | None = None) -> UnitMatcher:
    """A matcher over the user's visible units, built once to map all recipients of a document."""
    return UnitMatcher(visible_units(user), on=on or timezone.localdate())


def people_in_unit(*, user, unit: OrgUnit, current_only: bool = True) -> QuerySet:
    """Positions held in ``unit`` (with their people), if the user may see the unit."""
    if not scope_for(user).covers(unit):
        raise NotFoundError(UNIT_NOT_FOUND)
    positions = Position.objects.filter(unit=unit).select_related("person", "person__user")
    if current_only:
        positions = positions.filter(_current_positions_q())
    kind_order = {kind: index for index, kind in enumerate(Position.Kind.values)}
    return sorted(positions, key=lambda p: (kind_order.get(p.kind, 99),
                                            vietnamese_sort_key(p.person.full_name)))


def person_list(*, user, q: str = "") -> QuerySet:
    """People holding (or having held) a position in a unit the user may see."""
    scope = scope_for(user)
    people = Person.objects.all()
    if not scope.everything:
        people = people.filter(pk__in=Position.objects.filter(scope.unit_q("unit__")).values("person_id"))
    variants = search_variants(q)
    for word in variants[0].split() if variants else []:
        people = people.filter(search_text__contains=word)
    positions = (Position.objects.filter(scope.unit_q("unit__")).select_related("unit")
                 .order_by("-start_date", "pk"))
    visible_positions = Prefetch("positions", queryset=positions, to_attr="visible_positions")
    return people.prefetch_related(visible_positions).order_by("full_name", "pk")


def person_get(*, user, pk) -> Person:
    try:
        return person_list(user=user).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy cán bộ (hoặc cán bộ nằm ngoài phạm vi của bạn).") from None


def person_positions(*, user, person: Person) -> QuerySet:
    """The person's positions in units the user may see."""
    return (
        Position.objects.filter(person=person)
        .filter(scope_for(user).unit_q("unit__"))
        .select_related("unit")
        .order_by("-start_date", "pk")
    )
