"""Scope matrix of the REST API: every route under /api/v1/, found from the URL resolver, for
users of one commune against the other commune's objects (see conftest.build_world).

A new endpoint is covered as soon as it is mounted: a route whose object kind is not in
``API_KINDS`` fails ``test_every_api_route_is_in_the_matrix`` until someone says which
object it serves.
"""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.security.conftest import build_world

# Router basename → the kind of object the route's ``pk`` names (None: shared reference data).
API_KINDS = {
    "api-units": "unit",
    "api-people": "person",
    "api-documents": "document",
    "api-document-types": None,
    "api-ingestions": "ingestion",
    "api-tasks": "task",
    "api-reports": "report",
    "api-extensions": "extension",
    "api-notifications": "notification",
    "api-reviews": "review",
    "api-inspections": "inspection",
    "api-inspection-findings": "finding_unit",
    "api-inspection-programmes": "programme",
    "api-discipline-cases": "discipline",
    "api-complaints": "complaint",
}
# Other path parameters: the kind they name, and how to pick it for a given main object.
EXTRA_PARAMETERS = {
    "attachment_id": lambda world, document: [a.pk for a in world.objects["attachment"]
                                              if a.document_id == document.pk],
    "finding_pk": lambda world, inspection: [f.pk for f in world.objects["finding"]
                                             if f.inspection_id == inspection.pk],
    "requirement_pk": lambda world, inspection: [r.pk for r in world.objects["requirement"]
                                                 if r.inspection_id == inspection.pk],
    "confirmation_pk": lambda world, run: [c.pk for c in world.objects["confirmation"] if c.run_id == run.pk],
}
# Who, inside the owning commune's hierarchy, must see each kind (the matrix's control group:
# if scoping hid everything, the 404 checks alone would pass).
INSIDERS = {
    "unit": "office", "person": "office", "document": "office", "ingestion": "office", "task": "office",
    "report": "office", "extension": "office", "review": "office", "inspection": "inspector",
    "programme": "inspector", "discipline": "inspector", "complaint": "inspector",
    "notification": "recipient",
}
# Query parameters tried on every list route with the other commune's ids.
FOREIGN_FILTERS = {"unit": "unit", "source_document": "document", "task": "task", "document": "document",
                   "inspection": "inspection", "authority": "unit", "committee": "unit"}
# A body that satisfies most action serializers, so a missing scope check would act, not 400.
ACTION_BODY = {"reason": "Thử phạm vi", "comment": "Thử phạm vi", "percent": 90, "narrative": "Thử",
               "new_deadline": "31/12/2030", "verdict": "remedied", "note": "Thử", "text": "Thử",
               "kind": "implements", "target": 1, "symbol": "1-TB/TU", "issue_date": "2026-06-15",
               "lines": [], "content": "Thử", "name": "Thử", "code": "thu-pham-vi", "status": "resolved"}
SKIPPED = {"api_token", "api_schema"}
OUTSIDE_ROLES = ("staff", "office", "leader", "inspector")
STATUS_OUT_OF_SCOPE = 404


@dataclass(frozen=True)
class Route:
    name: str
    regex: str
    methods: tuple[str, ...]
    parameters: tuple[str, ...]

    @property
    def kind_key(self) -> str | None:
        for prefix in sorted(API_KINDS, key=len, reverse=True):
            if self.name.startswith(prefix + "-"):
                return prefix
        return None

    @property
    def kind(self) -> str | None:
        return API_KINDS.get(self.kind_key)

    def url(self, **values) -> str:
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), self.regex)
        return "/" + path.replace("^", "").replace("$", "")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def api_routes() -> list[Route]:
    """Every route under /api/v1/ except the token and schema, with the methods it answers."""
    routes = []
    for regex, pattern in _walk(get_resolver().url_patterns):
        if not regex.startswith("api/v1/") or "format" in regex or pattern.name in SKIPPED:
            continue
        callback = pattern.callback
        if getattr(callback, "actions", None):
            methods = tuple(sorted(m.upper() for m in callback.actions))
        else:
            view = callback.view_class
            methods = tuple(sorted(m.upper() for m in view.http_method_names
                                   if hasattr(view, m) and m not in ("options", "head")))
        parameters = tuple(re.findall(r"\(\?P<(\w+)>", regex) or re.findall(r"<(?:\w+:)?(\w+)>", regex))
        routes.append(Route(pattern.name, regex, methods, parameters))
    return routes


ROUTES = api_routes()
LIST_ROUTES = [r for r in ROUTES if not r.parameters and "GET" in r.methods]
DETAIL_ROUTES = [r for r in ROUTES if "pk" in r.parameters]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def get_all_pages(client, url, params=None) -> tuple[int, list[str], list]:
    """(status, bodies of every page, every result), following ``next`` links."""
    response = client.get(url, params or {})
    bodies, results = [_text(response)], []
    while response.status_code == 200:
        data = response.json()
        if isinstance(data, dict) and "results" in data:
            results.extend(data["results"])
            if data.get("next"):
                response = client.get(data["next"])
                bodies.append(_text(response))
                continue
        elif isinstance(data, list):
            results.extend(data)
        break
    return response.status_code, bodies, results


def outsiders(worlds, owner: str):
    other = "b" if owner == "a" else "a"
    return [(f"{other}:{role}", worlds[other].users[role]) for role in OUTSIDE_ROLES]


def test_every_api_route_is_in_the_matrix():
    """Every API route serves a known kind of object, so none escapes the scope matrix."""
    unknown = [r.name for r in ROUTES if r.kind_key is None and r.parameters]
    assert not unknown, f"add these routes' kinds to API_KINDS: {unknown}"
    unknown_parameters = {p for r in ROUTES for p in r.parameters if p != "pk"} - set(EXTRA_PARAMETERS)
    assert not unknown_parameters, f"add these path parameters to EXTRA_PARAMETERS: {unknown_parameters}"
    assert len(LIST_ROUTES) >= 15 and len(DETAIL_ROUTES) >= 30  # the discovery itself works


def test_lists_never_show_the_other_communes_objects(worlds):
    """No list, search, filter or figure of the API shows a commune's objects to another commune."""
    problems = []
    for owner, world in worlds.items():
        for who, user in outsiders(worlds, owner):
            client = client_for(user)
            for route in LIST_ROUTES:
                queries = [{}, {"q": world.marker}]
                queries.append({name: world.ids(kind)[0] for name, kind in FOREIGN_FILTERS.items()})
                for params in queries:
                    status, bodies, results = get_all_pages(client, route.url(), params)
                    if status not in (200, 400, 404):
                        problems.append(f"{who} GET {route.url()} {params}: {status}")
                    leaks = [leak for body in bodies for leak in world.leaks(body)]
                    if leaks:
                        problems.append(f"{who} GET {route.url()} {params}: shows {leaks[:3]}")
                    foreign = set(world.ids(route.kind)) if route.kind else set()
                    leaked = {item.get("id") for item in results if isinstance(item, dict)} & foreign
                    if leaked:
                        problems.append(f"{who} GET {route.url()} {params}: ids {sorted(leaked)}")
                    data = _json(bodies[0])
                    if params == {} and isinstance(data, dict) and "count" in data and \
                            data["count"] != len(results):
                        problems.append(f"{who} GET {route.url()}: count {data['count']} ≠ {len(results)}")
    assert not problems, "\n".join(problems)


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _json(body: str):
    import json

    try:
        return json.loads(body)
    except ValueError:
        return None


def test_lists_and_figures_do_not_change_when_another_commune_works(province, capture):
    """Commune B's lists, counts and dashboards are the same before and after commune A fills its own."""
    b = build_world(province, "b", capture=capture)

    def snapshot():
        out = {}
        for role, user in b.users.items():
            client = client_for(user)
            for route in LIST_ROUTES:
                status, bodies, _ = get_all_pages(client, route.url())
                out[(role, route.name)] = (status, [_stable(body) for body in bodies])
        return out

    before = snapshot()
    build_world(province, "a", capture=capture)
    after = snapshot()
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"commune A's objects changed commune B's answers: {changed}"


def _stable(body: str) -> str:
    # Nothing commune A does should move commune B's figures; only "now" may differ.
    return re.sub(r'"(today|as_of|generated_at)":"[^"]*"', "", body)


def test_foreign_objects_answer_404_to_every_method(worlds):
    """Reading or acting on another commune's object answers 404 (not 403, not 200), and says nothing."""
    problems = []
    checked = 0
    for owner, world in worlds.items():
        for route in DETAIL_ROUTES:
            if route.kind is None:
                continue
            for obj in world.objects.get(route.kind, []):
                for url in _urls(route, world, obj):
                    for who, user in outsiders(worlds, owner):
                        client = client_for(user)
                        for method in route.methods:
                            call = getattr(client, method.lower())
                            response = (call(url) if method == "GET"
                                        else call(url, ACTION_BODY, format="json"))
                            checked += 1
                            body = _text(response)
                            status = response.status_code
                            if status == 403 and _same_as_missing(call, route, method, response):
                                continue  # refused for the role, whatever the id: reveals nothing
                            if status != STATUS_OUT_OF_SCOPE:
                                problems.append(f"{who} {method} {url} ({route.name}): {status}")
                            elif world.leaks(body):
                                problems.append(f"{who} {method} {url}: the 404 names the object")
    assert checked > 500
    assert not problems, "\n".join(problems)


def _same_as_missing(call, route, method, response) -> bool:
    """A refusal that does not depend on the object (the same for an id that does not exist)."""
    values = {name: 99999999 for name in route.parameters}
    missing = call(route.url(**values)) if method == "GET" else call(route.url(**values), ACTION_BODY,
                                                                      format="json")
    return (missing.status_code, missing.content) == (response.status_code, response.content)


def _urls(route: Route, world, obj) -> list[str]:
    extra = [p for p in route.parameters if p != "pk"]
    if not extra:
        return [route.url(pk=obj.pk)]
    (name,) = extra
    return [route.url(pk=obj.pk, **{name: value}) for value in EXTRA_PARAMETERS[name](world, obj)]


def test_insiders_see_the_same_objects(province, worlds):
    """The province office (or the inspection committee, or the recipient) reads every object the
    outsiders were refused, and finds it in the lists, so the 404s above are scoping, not absence."""
    problems = []
    for world in worlds.values():
        for route in DETAIL_ROUTES:
            if route.kind not in INSIDERS or "GET" not in route.methods:
                continue
            if route.kind_key == "api-complaints" and route.name.endswith("-sender"):
                continue  # the sender has its own test
            insider = _insider(province, world, route.kind)
            client = client_for(insider)
            for obj in world.objects[route.kind]:
                for url in _urls(route, world, obj):
                    response = client.get(url)
                    if response.status_code != 200:
                        problems.append(f"insider GET {url} ({route.name}): {response.status_code}")
        for route in LIST_ROUTES:
            kind = route.kind
            if kind not in INSIDERS or route.name.endswith(("-statistics", "-count")):
                continue
            _, _, results = get_all_pages(client_for(_insider(province, world, kind)), route.url())
            if not set(world.ids(kind)) & {item.get("id") for item in results if isinstance(item, dict)}:
                problems.append(f"insider GET {route.url()}: none of {world.ids(kind)}")
    assert not problems, "\n".join(problems)


def _insider(province, world, kind):
    role = INSIDERS[kind]
    return world.users["staff"] if role == "recipient" else province.users[role]


def test_complainant_identity_reaches_only_the_handling_inspection_role(province, worlds):
    """A letter's sender appears in no API answer, list or detail, except to the inspection role of the
    body handling it, and there only at /sender/."""
    province_users = {role: province.users[role] for role in ("office", "leader", "inspector")}
    # Commune A's four roles read both communes' letters (B's are the mirror image, not re-run).
    readers = {**{f"a:{role}": u for role, u in worlds["a"].users.items()},
               **{f"province:{role}": u for role, u in province_users.items()}}
    allowed = {  # reader → senders they may read
        "province:inspector": {w.province_sender for w in worlds.values()}
        | {w.commune_sender for w in worlds.values()},
        "a:inspector": {worlds["a"].commune_sender},
    }
    every_sender = {s for w in worlds.values() for s in (w.province_sender, w.commune_sender)}
    problems, seen = [], set()
    for who, user in readers.items():
        client = client_for(user)
        bodies = []
        for route in LIST_ROUTES:
            bodies += get_all_pages(client, route.url())[1]
        for world in worlds.values():
            for route in DETAIL_ROUTES:
                if route.kind and "GET" in route.methods:
                    for obj in world.objects.get(route.kind, []):
                        for url in _urls(route, world, obj):
                            body = _text(client.get(url))
                            if route.name.endswith("-sender"):
                                for sender in every_sender:
                                    if sender[0] in body:
                                        seen.add((who, sender))
                                continue
                            bodies.append(body)
        for sender in every_sender:
            for part in sender:
                if any(part in body for body in bodies):
                    problems.append(f"{who}: “{part}” outside /sender/")
            if (who, sender) in seen and sender not in allowed.get(who, set()):
                problems.append(f"{who} reads the sender {sender[0]}")
    assert not problems, "\n".join(problems)
    # The control group: the allowed readers do get the identity.
    assert {(who, s) for who, senders in allowed.items() for s in senders} <= seen


def _doc_type(code):
    from roviec.documents.models import DocumentType

    return DocumentType.objects.get(code=code).pk


def _draft(name="du-thao.txt"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, "Dự thảo kế hoạch. Tổ chức hội nghị quán triệt.".encode())


@dataclass(frozen=True)
class Write:
    """A write that names objects: sent first as ``body(own)`` (the control, which must succeed unless
    ``control`` is False), then once per field of ``foreign(other)`` pointed at the other commune."""

    route: str
    role: str
    body: object
    foreign: object
    pk: object = None  # own object the route acts on (detail routes)
    multipart: bool = False
    control: bool = True


WRITES = [
    Write("api-tasks-list", "office",
          lambda own: {"content": "Thử phạm vi", "assigned_by_unit": own.unit.pk, "lead_unit": own.branch.pk,
                       "deadline": "31/12/2030"},
          lambda other: {"parent": other.ids("task")[0], "source_document": other.ids("document")[0],
                         "lead_unit": other.branch.pk, "assigned_by_unit": other.unit.pk}),
    Write("api-documents-list", "office",
          lambda own: {"registered_unit": own.unit.pk, "direction": "issued", "doc_type": _doc_type("KH"),
                       "symbol": "", "issue_date": "05/01/2026", "issuer_name": "Đảng ủy xã",
                       "title": "Thử phạm vi"},
          lambda other: {"registered_unit": other.unit.pk, "issuer_unit": other.branch.pk,
                         "recipient_units": [other.branch.pk]}),
    Write("api-documents-relations", "office", lambda own: {"kind": "implements"},
          lambda other: {"target": other.ids("document")[0]}, pk=lambda own: own.ids("document")[0],
          control=False),
    Write("api-tasks-split", "staff", lambda own: {"lines": []},
          lambda other: {"lines": [{"lead_unit": other.branch.pk, "content": "Thử", "deadline": None}]},
          pk=lambda own: own.ids("task")[0], control=False),
    Write("api-reviews-list", "staff", lambda own: {"unit": own.unit.pk, "draft": _draft()},
          lambda other: {"unit": other.unit.pk, "superior_documents": [other.ids("document")[0]]},
          multipart=True),
    Write("api-ingestions-list", "office", lambda own: {"unit": own.unit.pk, "file": _draft("kh.txt")},
          lambda other: {"unit": other.unit.pk}, multipart=True, control=False),
    Write("api-inspections-list", "leader",
          lambda own: {"committee": own.unit.pk, "title": "Thử phạm vi", "subject_units": [own.branch.pk]},
          lambda other: {"committee": other.unit.pk, "subject_units": [other.branch.pk],
                         "body": other.unit.pk}),
    Write("api-discipline-cases-list", "inspector",
          lambda own: {"subject_kind": "organisation", "unit": own.branch.pk, "form": "reprimand",
                       "authority": own.unit.pk, "decided_on": "2026-01-05", "violation": "Thử phạm vi"},
          lambda other: {"unit": other.branch.pk, "authority": other.unit.pk,
                         "decision": other.ids("document")[0]}),
    Write("api-complaints-list", "inspector",
          lambda own: {"received_on": "2026-01-05", "kind": "petition", "content": "Thử phạm vi",
                       "handling_unit": own.unit.pk, "field": "other"},
          lambda other: {"handling_unit": other.unit.pk}),
]


def test_writes_cannot_name_the_other_communes_objects(worlds):
    """Creating a task, document, relation, sub-task, review, ingestion, inspection, discipline case or
    letter that points at another commune's unit, task or document is refused, naming nothing of it."""
    problems = []
    routes = {route.name: route for route in ROUTES}
    for write in WRITES:
        for side, other_side in (("b", "a"), ("a", "b")):
            own, other = worlds[side], worlds[other_side]
            client = client_for(own.users[write.role])
            url = routes[write.route].url(pk=write.pk(own)) if write.pk else routes[write.route].url()
            post = {"format": "multipart"} if write.multipart else {"format": "json"}
            if write.control:
                control = client.post(url, write.body(own), **post)
                if control.status_code != 201:
                    problems.append(f"{side}:{write.role} POST {url} (control): {control.status_code} "
                                    f"{_text(control)[:300]}")
            for field_name, value in write.foreign(other).items():
                response = client.post(url, {**write.body(own), field_name: value}, **post)
                if response.status_code < 400 or other.leaks(_text(response)):
                    problems.append(f"{side}:{write.role} POST {url} {field_name}={value}: "
                                    f"{response.status_code} {_text(response)[:200]}")
    assert not problems, "\n".join(problems)


def test_discipline_case_cannot_link_the_other_communes_inspection(worlds):
    """The discipline register refuses to link a case to an inspection its author cannot see."""
    from roviec.core.errors import ServiceError
    from roviec.inspections import discipline

    b = worlds["b"]
    with pytest.raises(ServiceError) as refused:
        discipline.discipline_record(
            actor=b.users["inspector"], subject_kind="organisation", unit=b.branch, form="reprimand",
            authority=b.unit, decided_on=datetime.date(2026, 1, 5), violation="Thử phạm vi",
            inspection=worlds["a"].objects["inspection"][1])
    assert refused.value.fields == {"inspection": ["Không tìm thấy cuộc kiểm tra."]}


def test_own_objects_never_show_the_other_commune(worlds):
    """A commune's users reading their own objects over the API find no other commune's names in them."""
    problems = []
    for owner, world in worlds.items():
        other = worlds["b" if owner == "a" else "a"]
        for role, user in world.users.items():
            client = client_for(user)
            for route in DETAIL_ROUTES:
                if not route.kind or "GET" not in route.methods:
                    continue
                for obj in world.objects.get(route.kind, []):
                    for url in _urls(route, world, obj):
                        leaks = other.leaks(_text(client.get(url)))
                        if leaks:
                            problems.append(f"{owner}:{role} GET {url}: shows {sorted(set(leaks))[:4]}")
    assert not problems, "\n".join(problems)


def test_foreign_and_nonexistent_ids_answer_alike(worlds):
    """Every detail route and action answers another commune's id exactly as an id that does not exist
    (status and body), so ids cannot be probed."""
    problems, checked = [], 0
    for owner, world in worlds.items():
        for route in DETAIL_ROUTES:
            if route.kind is None:
                continue
            for obj in world.objects.get(route.kind, [])[:1]:
                for url in _urls(route, world, obj)[:1]:
                    missing_url = route.url(**{name: 99999999 for name in route.parameters})
                    for who, user in outsiders(worlds, owner):
                        client = client_for(user)
                        for method in route.methods:
                            call = getattr(client, method.lower())
                            if method == "GET":
                                foreign, missing = call(url), call(missing_url)
                            else:
                                foreign = call(url, ACTION_BODY, format="json")
                                missing = call(missing_url, ACTION_BODY, format="json")
                            checked += 1
                            if (foreign.status_code, _text(foreign)) != (missing.status_code, _text(missing)):
                                problems.append(f"{who} {method} {url} ({route.name}): "
                                                f"{foreign.status_code} {_text(foreign)[:120]} ≠ "
                                                f"{missing.status_code} {_text(missing)[:120]}")
    assert checked > 200
    assert not problems, "\n".join(problems)


def _missing_like(value):
    """The same shape as ``value`` with every id replaced by one that does not exist."""
    if isinstance(value, list):
        return [_missing_like(v) for v in value]
    if isinstance(value, dict):
        return {k: (99999999 if k == "lead_unit" else v) for k, v in value.items()}
    return 99999999


# Writes of the tasks API: a body naming another commune's unit, person, task or document is answered
# exactly like one naming an id that does not exist.
TASK_WRITES = [w for w in WRITES if w.route.startswith("api-tasks-")] + [
    Write("api-tasks-list", "office", WRITES[0].body,
          lambda other: {"coordinating_units": [other.unit.pk], "authority_unit": other.branch.pk,
                         "responsible_person": other.users["staff"].person.pk,
                         "accountable_person": other.users["leader"].person.pk,
                         "authority_person": other.users["office"].person.pk}),
    Write("api-tasks-detail", "office", lambda own: {},
          lambda other: {"lead_unit": other.branch.pk, "coordinating_units": [other.unit.pk],
                         "authority_unit": other.unit.pk, "parent": other.ids("task")[0],
                         "source_document": other.ids("document")[0],
                         "responsible_person": other.users["staff"].person.pk},
          pk=lambda own: own.ids("task")[2]),
]


def test_task_writes_answer_foreign_and_missing_ids_alike(worlds):
    """Creating, editing or splitting a task with another commune's id gives the same answer, status and
    body, as with an id that does not exist."""
    problems, checked = [], 0
    routes = {route.name: route for route in ROUTES}
    for write in TASK_WRITES:
        for side, other_side in (("b", "a"), ("a", "b")):
            own, other = worlds[side], worlds[other_side]
            client = client_for(own.users[write.role])
            url = routes[write.route].url(pk=write.pk(own)) if write.pk else routes[write.route].url()
            send = client.patch if write.route.endswith("-detail") else client.post
            for field_name, value in write.foreign(other).items():
                foreign = send(url, {**write.body(own), field_name: value}, format="json")
                missing = send(url, {**write.body(own), field_name: _missing_like(value)}, format="json")
                checked += 1
                if foreign.status_code < 400 or (foreign.status_code, _text(foreign)) != (
                        missing.status_code, _text(missing)):
                    problems.append(f"{side}:{write.role} {url} {field_name}: {foreign.status_code} "
                                    f"{_text(foreign)[:150]} ≠ {missing.status_code} {_text(missing)[:150]}")
    assert checked >= 30
    assert not problems, "\n".join(problems)


# Writes of the other apps, one foreign field at a time: documents, reviews, inspections, the discipline
# register and letters.
_BODIES = {write.route: write.body for write in WRITES}
REFERENCE_WRITES = [
    Write("api-documents-list", "office", _BODIES["api-documents-list"],
          lambda other: {"registered_unit": other.unit.pk, "issuer_unit": other.branch.pk,
                         "recipient_units": [other.branch.pk]}),
    Write("api-reviews-list", "staff", _BODIES["api-reviews-list"],
          lambda other: {"unit": other.unit.pk, "superior_documents": [other.ids("document")[0]]},
          multipart=True),
    Write("api-inspections-list", "leader", _BODIES["api-inspections-list"],
          lambda other: {"committee": other.unit.pk, "subject_units": [other.branch.pk],
                         "body": other.unit.pk}),
    Write("api-discipline-cases-list", "inspector", _BODIES["api-discipline-cases-list"],
          lambda other: {"unit": other.branch.pk, "authority": other.unit.pk,
                         "decision": other.ids("document")[0]}),
    Write("api-complaints-list", "inspector", _BODIES["api-complaints-list"],
          lambda other: {"handling_unit": other.unit.pk, "subject_unit": other.branch.pk}),
]


def test_reference_writes_answer_foreign_and_missing_ids_alike(worlds):
    """Registering a document, filing a review, setting up an inspection, recording a discipline case or a
    letter that names another commune's unit or document gives the same answer, status and body, as naming
    an id that does not exist."""
    problems, checked = [], 0
    routes = {route.name: route for route in ROUTES}
    for write in REFERENCE_WRITES:
        for side, other_side in (("b", "a"), ("a", "b")):
            own, other = worlds[side], worlds[other_side]
            client = client_for(own.users[write.role])
            url = routes[write.route].url()
            post = {"format": "multipart"} if write.multipart else {"format": "json"}
            for field_name, value in write.foreign(other).items():
                foreign = client.post(url, {**write.body(own), field_name: value}, **post)
                missing = client.post(url, {**write.body(own), field_name: _missing_like(value)}, **post)
                checked += 1
                if foreign.status_code < 400 or (foreign.status_code, _text(foreign)) != (
                        missing.status_code, _text(missing)):
                    problems.append(f"{side}:{write.role} {url} {field_name}: {foreign.status_code} "
                                    f"{_text(foreign)[:150]} ≠ {missing.status_code} {_text(missing)[:150]}")
    assert checked >= 26
    assert not problems, "\n".join(problems)
