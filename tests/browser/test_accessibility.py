"""The main pages pass axe-core's WCAG 2 A/AA checks and stay usable on a phone.

axe-core is vendored under tests/vendor/axe-core (test-only, never served) and
injected into each page. A page fails on any violation axe rates "serious" or
"critical"; the assertion lists rule, element and page so the fix is one look away.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PASSWORD
from roviec.demo.builder import build_demo
from roviec.documents.models import Document
from roviec.inspections.models import Inspection
from roviec.orgs.models import Position
from roviec.reviews import services as review_services
from roviec.tasks.selectors import task_list
from roviec.tasks.status import OPEN_STATUSES

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
PAIR = Path(__file__).resolve().parents[1] / "fixtures" / "review_eval" / "pairs" / "p04.txt"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}


@dataclass
class Visit:
    name: str
    user: str | None  # None: signed out
    url: str
    prepare: object = None  # optional callable(page) run after loading, e.g. submit an empty form


def _review_pair() -> tuple[str, str]:
    raw = re.sub(r"⟦[^⟧]*⟧", "", PAIR.read_text(encoding="utf-8"))
    superior, rest = raw.split("=== SUPERIOR ===\n", 1)[1].split("=== DRAFT ===\n", 1)
    return superior, rest.split("=== LABELS ===\n", 1)[0]


def _submit_empty_register_form(page) -> None:
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def _submit_empty_report(page) -> None:
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


@pytest.fixture
def visits(transactional_db) -> list[Visit]:
    """The demo province, a plan review and the list of pages each role works on."""
    build_demo(password=PASSWORD)
    # A focal point with an open task of its own unit, so the detail page shows the report form.
    focal, open_task = None, None
    for position in (
        Position.objects.filter(person__user__username__startswith="daumoi.")
        .select_related("person__user", "unit")
        .order_by("id")
    ):
        open_task = (
            task_list(user=position.person.user)
            .filter(status__in=[s.value for s in OPEN_STATUSES])
            .filter(lead_unit__path__startswith=position.unit.path)
            .order_by("id")
            .first()
        )
        if open_task is not None:
            focal, focal_unit = position.person.user, position.unit
            break
    assert open_task is not None, "the demo gives a focal point an open task"
    document = Document.objects.order_by("id").first()
    inspection = Inspection.objects.order_by("id").first()
    superior, draft = _review_pair()
    review = review_services.review_run_create(
        actor=focal,
        unit=focal_unit,
        draft=SimpleUploadedFile("du-thao.txt", draft.encode(), content_type="text/plain"),
        superior_files=[SimpleUploadedFile("cap-tren.txt", superior.encode(), content_type="text/plain")],
        title="Kế hoạch phát triển đảng viên",
    )
    focal_name = focal.get_username()
    return [
        Visit("dang-nhap", None, "/dang-nhap/"),
        Visit("viec-cua-toi", focal_name, "/"),
        Visit("danh-sach-nhiem-vu", "vanphong", "/nhiem-vu/"),
        Visit("chi-tiet-nhiem-vu-bao-cao", focal_name, f"/nhiem-vu/{open_task.pk}/"),
        Visit("bao-cao-thieu-noi-dung", focal_name, f"/nhiem-vu/{open_task.pk}/", _submit_empty_report),
        Visit("giao-nhiem-vu", "vanphong", "/nhiem-vu/giao-moi/"),
        Visit("danh-sach-van-ban", "vanphong", "/van-ban/"),
        Visit("chi-tiet-van-ban", "vanphong", f"/van-ban/{document.pk}/"),
        Visit("vao-so-loi", "vanphong", "/van-ban/vao-so/", _submit_empty_register_form),
        Visit("cay-to-chuc", "vanphong", "/don-vi/"),
        Visit("don-vi", "vanphong", f"/don-vi/{focal_unit.pk}/"),
        Visit("nhat-ky", "vanphong", "/nhat-ky/"),
        Visit("thong-bao", focal_name, "/thong-bao/"),
        Visit("tong-hop", "lanhdao", "/bao-cao/"),
        Visit("xep-hang", "lanhdao", "/bao-cao/xep-hang/"),
        Visit("tham-dinh", focal_name, "/tham-dinh/"),
        Visit("ket-qua-tham-dinh", focal_name, f"/tham-dinh/{review.pk}/"),
        Visit("danh-sach-kiem-tra", "kiemtra", "/kiem-tra/"),
        Visit("chi-tiet-kiem-tra", "kiemtra", f"/kiem-tra/{inspection.pk}/"),
        Visit("so-ky-luat", "kiemtra", "/kiem-tra/ky-luat/"),
        Visit("so-don-thu", "kiemtra", "/kiem-tra/don-thu/"),
        Visit("doi-mat-khau", focal_name, "/doi-mat-khau/"),
    ]


def _open(page, login, visit: Visit, current: dict) -> None:
    if visit.user != current.get("user"):
        if visit.user is None:
            page.context.clear_cookies()
        else:
            login(visit.user)
        current["user"] = visit.user
    response = page.goto(visit.url)
    assert response is not None and response.status == 200, f"{visit.name}: {visit.url} answered {response}"
    page.wait_for_load_state("networkidle")
    if visit.prepare:
        visit.prepare(page)


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 targets: v.nodes.map(n => n.target.join(' ') + ' ::'
                                           + n.failureSummary.split('\\n')[1])})))""",
        WCAG_TAGS,
    )


def test_main_pages_have_no_serious_accessibility_violations(visits, page, login, shot):
    """Screen-reader and keyboard users can work every main page: no serious or critical WCAG A/AA issue."""
    problems = []
    current: dict = {}
    for visit in visits:
        _open(page, login, visit, current)
        shot(visit.name)
        for violation in _axe(page):
            if violation["impact"] in BLOCKING:
                for target in violation["targets"][:5]:
                    rule = f"{violation['id']} [{violation['impact']}]"
                    problems.append(f"{visit.name} ({visit.url}): {rule} {target}")
    assert not problems, "axe-core found serious/critical violations:\n" + "\n".join(problems)


def test_register_form_errors_are_announced(visits, page, login, shot):
    """A register form sent empty announces its errors and ties each message to its field."""
    login("vanphong")
    page.goto("/van-ban/vao-so/")
    _submit_empty_register_form(page)
    shot("loi-vao-so")
    assert page.locator("[role=alert]").count() >= 1
    invalid = page.locator("main form [aria-invalid=true]")
    assert invalid.count() >= 1
    for i in range(invalid.count()):
        field = invalid.nth(i)
        described = (field.get_attribute("aria-describedby") or "").split()
        errors = [d for d in described if d.endswith("_error")]
        assert errors, f"{field.get_attribute('name')} has no error id in aria-describedby"
        assert page.locator(f"#{errors[0]}").inner_text().strip()


def test_keyboard_user_skips_to_content_and_sees_focus(visits, page, login, shot):
    """The first Tab shows the skip link, which jumps past the menu; every focused control shows a ring."""
    login("vanphong")
    page.goto("/nhiem-vu/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link is on screen once focused"
    shot("lien-ket-bo-qua")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    in_main = page.evaluate("!!document.activeElement.closest('main')")
    assert in_main, "Tab after the skip link lands in the content"
    for _ in range(4):
        ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                   || s.boxShadow !== 'none'; }""")
        tag = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        assert ring, f"no visible focus on {tag}"
        page.keyboard.press("Tab")
    shot("vong-tieu-diem")


_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-wrap, pre, .diff')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).join('.') : '';
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (classes ? '.' + classes : '')
                + ' right=' + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 6)};
}"""


def test_main_pages_fit_a_phone(visits, page, login, shot):
    """On a 390px phone no page scrolls sideways, axe stays clean, and every menu link can be tapped."""
    page.set_viewport_size(PHONE)
    problems = []
    current: dict = {}
    for visit in visits:
        _open(page, login, visit, current)
        shot(f"dien-thoai-{visit.name}")
        layout = page.evaluate(_OVERFLOW)
        if layout["scroll"] > layout["width"]:
            wide = ", ".join(layout["wide"])
            size = f"{layout['scroll']}px wide on a {layout['width']}px screen"
            problems.append(f"{visit.name}: page is {size}: {wide}")
        for control in page.locator("main form input:visible, main form select:visible, "
                                    "main form textarea:visible, main form button:visible").all():
            box = control.bounding_box()
            if box and box["x"] + box["width"] > PHONE["width"] + 1:
                name = control.get_attribute("name")
                problems.append(f"{visit.name}: form control {name} runs off the screen")
        for violation in _axe(page):  # e.g. a table that only scrolls at this width must take focus
            if violation["impact"] in BLOCKING:
                problems += [f"{visit.name}: {violation['id']} {t}" for t in violation["targets"][:3]]
        if visit.user is not None:
            problems += _menu_problems(page, visit)
    assert not problems, "phone layout problems:\n" + "\n".join(problems)
    # Opening the menu once more and following a link works end to end.
    page.locator("header details.site-menu > summary").click()
    shot("dien-thoai-menu-mo")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Văn bản").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/van-ban/")
    shot("dien-thoai-mo-menu-van-ban")


def _menu_problems(page, visit: Visit) -> list[str]:
    menu = page.locator("header details.site-menu")
    if menu.count() != 1:
        return [f"{visit.name}: no collapsible site menu in the header"]
    summary = menu.locator("> summary")
    box = summary.bounding_box()
    problems = []
    if not box or box["height"] < 24 or box["x"] + box["width"] > PHONE["width"]:
        problems.append(f"{visit.name}: the menu button is missing, too small or off screen ({box})")
        return problems
    summary.click()
    links = menu.locator(".main-nav a:visible")
    if links.count() < 5:
        problems.append(f"{visit.name}: the opened menu shows only {links.count()} links")
    for link in links.all():
        lb = link.bounding_box()
        if not lb or lb["x"] < 0 or lb["x"] + lb["width"] > PHONE["width"] + 1 or lb["height"] < 24:
            problems.append(f"{visit.name}: menu link {link.inner_text()!r} cannot be tapped ({lb})")
    summary.click()
    return problems
