"""Scope matrix of the HTML pages, downloads and exports, found from the URL resolver.

For users of one commune against the other commune's objects (conftest.build_world): detail
pages, forms, downloads and actions answer 404; lists, searches, exports (CSV, XLSX, DOCX,
opened and read) and dashboards never show the other commune's texts; the audit log neither.
A page with a path parameter that is not in ``PAGE_KINDS`` fails the first test.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.conftest import body_text

# URL name → the kind of object its ``pk`` (or ``unit_pk``) names.
PAGE_KINDS = {
    "tasks:detail": "task", "tasks:edit": "task", "tasks:report_submit": "task", "tasks:cancel": "task",
    "tasks:suspend": "task", "tasks:resume": "task", "tasks:extension_request": "task", "tasks:split": "task",
    "tasks:extension_approve": "extension", "tasks:extension_refuse": "extension",
    "tasks:report_accept": "report", "tasks:report_return": "report", "tasks:report_revoke": "report",
    "tasks:evidence_download": "evidence", "tasks:unit_overview": "unit",
    "orgs:detail": "unit",
    "documents:detail": "document", "documents:edit": "document", "documents:cancel": "document",
    "documents:relate": "document", "documents:attachment_upload": "document",
    "documents:attachment_download": "attachment",
    "documents:ingest_progress": "ingestion", "documents:ingest_status": "ingestion",
    "documents:ingest_review": "ingestion", "documents:ingest_file": "ingestion",
    "documents:ingest_retry": "ingestion",
    "notifications:open": "notification", "notifications:mark_read": "notification",
    "reviews:detail": "review", "reviews:docx": "review", "reviews:draft_file": "review",
    "reviews:confirm": "review", "reviews:confirmation_withdraw": "confirmation",
    "inspections:detail": "inspection", "inspections:step_record": "inspection",
    "inspections:finding_add": "inspection", "inspections:requirement_add": "inspection",
    "inspections:notice_settings": "inspection", "inspections:notice_download": "inspection",
    "inspections:notice_issue": "inspection", "inspections:history": "inspection",
    "inspections:finding_edit": "finding", "inspections:requirement_edit": "requirement",
    "inspections:finding_verdict": "finding_unit",
    "inspections:programme_detail": "programme", "inspections:discipline_cancel": "discipline",
    "inspections:complaint_detail": "complaint",
    "reports:published_detail": "published_ranking",
}
# Values for path parameters that are not object ids.
OTHER_PARAMETERS = {"kind": "plan"}
# Pages outside the matrix: signing in and out, the password, the admin (tested below).
SKIPPED = {"login", "logout", "password_change", "password_change_done"}
# Readers inside the owning commune's hierarchy who must get 200 (the control group).
INSIDERS = {
    "task": "office", "report": "office", "extension": "office", "evidence": "office", "unit": "office",
    "document": "office", "attachment": "office", "ingestion": "office", "review": "office",
    "inspection": "inspector", "programme": "inspector", "complaint": "inspector",
    "notification": "recipient", "published_ranking": "office",
}
# Insider GETs that are forms for a state the object is not in (answered with a redirect).
INSIDER_GET_PAGES = ("tasks:detail", "tasks:unit_overview", "orgs:detail", "documents:detail",
                     "documents:attachment_download", "documents:ingest_progress", "documents:ingest_status",
                     "documents:ingest_file", "reviews:detail", "reviews:docx", "reviews:draft_file",
                     "inspections:detail", "inspections:history", "inspections:notice_download",
                     "inspections:programme_detail", "inspections:complaint_detail",
                     "reports:published_detail", "tasks:evidence_download", "notifications:open")
FOREIGN_FILTERS = {"unit": "unit", "source_document": "document", "document": "document", "task": "task",
                   "object_id": "task", "authority": "unit", "committee": "unit"}
ACTION_FORM = {"reason": "Thử phạm vi", "comment": "Thử phạm vi", "percent": "90", "narrative": "Thử",
               "new_deadline": "31/12/2030", "verdict": "remedied", "note": "Thử", "text": "Thử",
               "content": "Thử", "symbol": "1-TB/TU", "issue_date": "15/06/2026", "done_on": "01/06/2026"}
OUTSIDE_ROLES = ("staff", "office", "leader", "inspector")


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(x for x in (namespace, pattern.namespace) if x)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


PAGES = [(route, name) for route, name in _walk(get_resolver().url_patterns)
         if not route.startswith(("api/", "quan-tri/")) and name not in SKIPPED]
LIST_PAGES = [(route, name) for route, name in PAGES if "<" not in route]
DETAIL_PAGES = [(route, name) for route, name in PAGES if "<" in route]


def page_url(route: str, pk) -> str:
    def value(match):
        return str(OTHER_PARAMETERS.get(match.group(1), pk))

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def all_pages(client, url, params=None) -> tuple[int, list[str]]:
    """(status, text of every page), following ?page=N links of paginated lists."""
    response = client.get(url, params or {})
    texts = [body_text(response)]
    number = 1
    while response.status_code == 200 and f"page={number + 1}" in texts[-1] and number < 50:
        number += 1
        response = client.get(url, {**(params or {}), "page": number})
        texts.append(body_text(response))
    return response.status_code, texts


def outsiders(worlds, owner):
    other = "b" if owner == "a" else "a"
    return [(f"{other}:{role}", worlds[other].users[role]) for role in OUTSIDE_ROLES]


def province_user(username):
    return get_user_model().objects.get(username=username)


def test_every_page_is_in_the_matrix():
    """Every page with a path parameter names a known kind of object."""
    unknown = [name for _, name in DETAIL_PAGES if name not in PAGE_KINDS]
    assert not unknown, f"add these pages to PAGE_KINDS: {unknown}"
    assert len(LIST_PAGES) >= 20 and len(DETAIL_PAGES) >= 45


def test_lists_searches_exports_and_dashboards_never_show_the_other_commune(worlds):
    """Lists, searches, CSV/XLSX/DOCX exports, dashboards, forms and the audit log of one commune's users
    never carry the other commune's names and titles."""
    problems = []
    for owner, world in worlds.items():
        for who, user in outsiders(worlds, owner):
            client = client_for(user)
            for route, name in LIST_PAGES:
                url = page_url(route, None)
                queries = [{}, {"q": world.marker}]
                queries.append({key: world.ids(kind)[0] for key, kind in FOREIGN_FILTERS.items()})
                for params in queries:
                    status, texts = all_pages(client, url, params)
                    if status >= 500:
                        problems.append(f"{who} GET {url} {params}: {status}")
                    leaks = [leak for body in texts for leak in world.leaks(body)]
                    if leaks:
                        problems.append(f"{who} GET {url} {params} ({name}): shows {sorted(set(leaks))[:4]}")
    assert not problems, "\n".join(problems)


def test_foreign_detail_pages_downloads_and_actions_answer_404(worlds):
    """Another commune's detail page, download, form or action answers 404 to GET and POST, naming nothing."""
    problems, checked = [], 0
    for owner, world in worlds.items():
        for route, name in DETAIL_PAGES:
            for obj in world.objects.get(PAGE_KINDS[name], []):
                url = page_url(route, obj.pk)
                for who, user in outsiders(worlds, owner):
                    client = client_for(user)
                    for method in ("get", "post"):
                        response = getattr(client, method)(url, ACTION_FORM) if method == "post" \
                            else client.get(url)
                        checked += 1
                        if response.status_code == 405 and _same_as_missing(client, route, method, response):
                            continue  # the method is refused for every id: reveals nothing
                        if response.status_code != 404:
                            problems.append(f"{who} {method.upper()} {url} ({name}): {response.status_code}")
                        elif world.leaks(body_text(response)):
                            problems.append(f"{who} {method.upper()} {url}: the 404 names the object")
    assert checked > 1000
    assert not problems, "\n".join(problems)


def _same_as_missing(client, route, method, response) -> bool:
    missing = getattr(client, method)(page_url(route, 99999999))
    return missing.status_code == response.status_code


def test_insiders_read_the_same_pages(worlds):
    """The office, the inspection committee or the recipient open the pages outsiders were refused, and
    the province office finds the communes' titles in its lists and exports."""
    problems = []
    for world in worlds.values():
        for route, name in DETAIL_PAGES:
            kind = PAGE_KINDS[name]
            if name not in INSIDER_GET_PAGES or kind not in INSIDERS:
                continue
            reader = world.users["staff"] if INSIDERS[kind] == "recipient" else \
                province_user({"office": "vanphong", "inspector": "kiemtra"}[INSIDERS[kind]])
            client = client_for(reader)
            for obj in world.objects[kind]:
                url = page_url(route, obj.pk)
                response = client.get(url)
                if response.status_code not in (200, 302) or (
                        response.status_code == 302 and name != "notifications:open"):
                    problems.append(f"insider GET {url} ({name}): {response.status_code}")
        office = client_for(province_user("vanphong"))
        for url in ("/nhiem-vu/", "/van-ban/", "/van-ban/xuat.csv", "/don-vi/xuat.xlsx", "/don-vi/xuat.csv",
                    "/tham-dinh/", "/van-ban/nhap/", "/bao-cao/xuat/tong-hop.xlsx"):
            _, texts = all_pages(office, url, {"q": world.marker} if url == "/nhiem-vu/" else {})
            if not any(world.leaks(t) for t in texts):
                problems.append(f"office GET {url}: no “{world.marker}”")
        _, texts = all_pages(office, "/nhat-ky/")
        if not any(world.leaks(t) for t in texts):
            problems.append(f"office GET /nhat-ky/: no “{world.marker}”")
    assert not problems, "\n".join(problems)


def test_complainant_identity_on_pages(worlds):
    """The sender of a letter is on no page, list or export, except the letter's page for the
    inspection role of the handling body."""
    # Commune A's four roles read both communes' letters (B's are the mirror image, not re-run).
    readers = {f"a:{role}": u for role, u in worlds["a"].users.items()}
    readers |= {"province:office": province_user("vanphong"), "province:leader": province_user("lanhdao"),
                "province:inspector": province_user("kiemtra")}
    senders = {s for w in worlds.values() for s in (w.province_sender, w.commune_sender)}
    allowed = {"province:inspector": senders,
               "a:inspector": {worlds["a"].commune_sender}}
    problems, seen = [], set()
    for who, user in readers.items():
        client = client_for(user)
        for route, _name in LIST_PAGES:
            for text in all_pages(client, page_url(route, None))[1]:
                problems += [f"{who} GET /{route}: “{part}”" for s in senders for part in s if part in text]
        for world in worlds.values():
            for route, name in DETAIL_PAGES:
                for obj in world.objects.get(PAGE_KINDS[name], []):
                    text = body_text(client.get(page_url(route, obj.pk)))
                    for sender in senders:
                        if sender[0] in text or sender[1] in text:
                            if name == "inspections:complaint_detail" and sender in allowed.get(who, set()):
                                seen.add((who, sender))
                            else:
                                problems.append(f"{who} GET {page_url(route, obj.pk)}: “{sender[0]}”")
    assert not problems, "\n".join(problems)
    assert {(who, s) for who, ss in allowed.items() for s in ss} <= seen


@pytest.fixture
def staff_user(db):
    """A staff account with every permission on audit entries, as a careless admin might grant."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("nhanvien", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="core"))
    return user


def test_audit_entries_cannot_be_changed_or_removed_in_the_admin(worlds, staff_user):
    """Even a staff user granted every permission cannot add, change or delete an audit entry."""
    from roviec.core.models import AuditEvent

    event = AuditEvent.objects.filter(object_repr__contains=worlds["a"].marker).first()
    assert event is not None
    original = {f.name: getattr(event, f.name) for f in AuditEvent._meta.fields}
    client = client_for(staff_user)
    base = "/quan-tri/core/auditevent/"
    assert client.get(base).status_code == 200  # the staff user does reach the list
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"action": "create", "object_repr": "giả"}).status_code == 403
    client.post(f"{base}{event.pk}/change/", {"action": "delete", "object_repr": "Sửa", "reason": "Sửa"})
    assert client.get(f"{base}{event.pk}/delete/").status_code == 403
    assert client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(base, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    event.refresh_from_db()
    assert {f.name: getattr(event, f.name) for f in AuditEvent._meta.fields} == original
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_log_filtered_on_a_foreign_object_is_empty(worlds):
    """Asking the audit log for another commune's task by type and id shows nothing of it."""
    problems = []
    for owner, world in worlds.items():
        for who, user in outsiders(worlds, owner):
            client = client_for(user)
            for kind, object_type in (("task", "tasks.task"), ("document", "documents.document"),
                                      ("review", "reviews.reviewrun"),
                                      ("inspection", "inspections.inspection")):
                for pk in world.ids(kind):
                    text = body_text(client.get("/nhat-ky/", {"object_type": object_type, "object_id": pk}))
                    if "Chưa có thay đổi nào trong phạm vi của bạn." not in text:
                        problems.append(f"{who}: /nhat-ky/ lists {object_type} #{pk}")
    assert not problems, "\n".join(problems)


def test_task_form_names_units_in_reach_and_an_edit_keeps_the_current_ones(province):
    """A commune's task form offers its own units and people and those above it, not a sibling
    commune's; editing a task the province set up with that sibling as coordinator keeps it."""
    from conftest import make_user
    from roviec.orgs.models import Position
    from roviec.tasks import services

    task = services.task_create(
        actor=province.users["office"], assigned_by_unit=province.root, lead_unit=province.commune_a,
        content="Phối hợp tuyên truyền", coordinating_units=[province.commune_b],
        authority_person=province.people["commune_b"])
    clerk = make_user("a_office", unit=province.commune_a, role=Position.AccessRole.OFFICE,
                      full_name="Vũ Thị Lan")
    client = client_for(clerk)
    page = client.get("/nhiem-vu/giao-moi/").content.decode()
    assert province.cell_a.name in page and province.root.name in page  # in reach
    assert province.commune_b.name not in page and province.people["commune_b"].full_name not in page

    form = client.get(f"/nhiem-vu/{task.pk}/sua/").context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value not in (None, ""):
            data[name] = value.isoformat() if hasattr(value, "isoformat") else getattr(value, "pk", value)
    data["content"] = "Phối hợp tuyên truyền, sửa câu chữ"
    response = client.post(f"/nhiem-vu/{task.pk}/sua/", data)
    assert response.status_code == 302, response.context["form"].errors
    task.refresh_from_db()
    assert task.content.endswith("sửa câu chữ")
    assert list(task.coordinating_units.all()) == [province.commune_b]
    assert task.authority_person == province.people["commune_b"]


def test_own_pages_and_forms_never_show_the_other_commune(worlds):
    """A commune's users opening their own objects' pages, forms and downloads find no other commune's
    names in them (pickers, suggestions, related lists)."""
    problems = []
    for owner, world in worlds.items():
        other = worlds["b" if owner == "a" else "a"]
        for role, user in world.users.items():
            client = client_for(user)
            for route, name in DETAIL_PAGES:
                for obj in world.objects.get(PAGE_KINDS[name], []):
                    url = page_url(route, obj.pk)
                    response = client.get(url)
                    leaks = other.leaks(body_text(response)) if response.status_code == 200 else []
                    if leaks:
                        problems.append(f"{owner}:{role} GET {url} ({name}): shows {sorted(set(leaks))[:4]}")
    assert not problems, "\n".join(problems)


def test_pages_and_exports_do_not_change_when_another_commune_works(province, capture):
    """Commune B's home, dashboards, rankings, lists and exports read the same, figure for figure,
    before and after commune A fills its own subtree."""
    from tests.security.conftest import build_world

    b = build_world(province, "b", capture=capture)

    def snapshot():
        out = {}
        for role, user in b.users.items():
            client = client_for(user)
            for route, name in LIST_PAGES:
                status, texts = all_pages(client, page_url(route, None))
                out[(role, name)] = (status, [_stable(text) for text in texts])
        return out

    before = snapshot()
    build_world(province, "a", capture=capture)
    after = snapshot()
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"commune A's objects changed commune B's pages: {changed}"


def _stable(text: str) -> str:
    # Per-request tokens only; every figure and name must stay put.
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
