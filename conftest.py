"""Shared fixtures for every test (apps, cross-app, browser): a small province built by the real services.

Roles: ``office`` (Văn phòng Tỉnh ủy, office role at the province root),
``leader`` (leader role at the root), ``inspector`` (inspection committee),
``commune_a`` and ``commune_b`` (focal points of two communes, unit_staff role).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Person, Position

PASSWORD = "Mat-khau-thu-nghiem-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Fixtures create many accounts; a cheap hasher keeps the suite quick (never in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_jobs():
    """Background jobs run inline in tests, so nothing writes to var/jobs.sqlite3.

    The job runner's own tests (tests/jobs) build real SQLite and Redis queues.
    """
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (the live server's) flush every table, rows of data migrations too.

    Put the reference lists (document types, committee terms) back, as migrate left them.
    """
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    importlib.import_module("roviec.documents.migrations.0002_reference_data").seed(apps, None)


@pytest.fixture(autouse=True)
def _isolated_file_storage(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    location = tmp_path / "files"
    settings.MEDIA_ROOT = location
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(location), "base_url": "/_no_public_media/"}},
    }


@dataclass
class Province:
    root: OrgUnit
    office: OrgUnit
    inspection: OrgUnit
    commune_a: OrgUnit
    commune_b: OrgUnit
    cell_a: OrgUnit
    users: dict
    people: dict


def make_user(username: str, *, unit: OrgUnit, role: str, full_name: str,
              kind: str = Position.Kind.SPECIALIST, superuser: bool = False):
    user_model = get_user_model()
    if superuser:
        user = user_model.objects.create_superuser(username=username, password=PASSWORD)
    else:
        user = user_model.objects.create_user(username=username, password=PASSWORD)
    person = org_services.person_create(actor=None, full_name=full_name, user=user)
    org_services.position_assign(actor=None, person=person, unit=unit, kind=kind, access_role=role)
    return user


@pytest.fixture
def province(db) -> Province:
    create = org_services.unit_create
    root = create(actor=None, code="tinh-uy", kind=OrgUnit.Kind.PROVINCIAL_COMMITTEE, name="Tỉnh ủy Hưng Yên",
                  short_name="TU")
    office = create(actor=None, code="vptu", kind=OrgUnit.Kind.ADVISORY_BODY, name="Văn phòng Tỉnh ủy",
                    parent=root, short_name="VPTU")
    inspection = create(actor=None, code="ubkt", kind=OrgUnit.Kind.INSPECTION_COMMITTEE,
                        name="Ủy ban Kiểm tra Tỉnh ủy", parent=root, short_name="UBKT")
    commune_a = create(actor=None, code="xa-an-thi", kind=OrgUnit.Kind.COMMUNE_COMMITTEE,
                       name="Đảng ủy xã Ân Thi", parent=root)
    commune_b = create(actor=None, code="xa-yen-my", kind=OrgUnit.Kind.COMMUNE_COMMITTEE,
                       name="Đảng ủy xã Yên Mỹ", parent=root)
    cell_a = create(actor=None, code="chi-bo-thon-1", kind=OrgUnit.Kind.BRANCH,
                    name="Chi bộ thôn 1", parent=commune_a)
    users = {
        "admin": make_user("admin", unit=root, role=Position.AccessRole.OFFICE, full_name="Quản Trị Viên",
                           superuser=True),
        "office": make_user("vanphong", unit=root, role=Position.AccessRole.OFFICE,
                            full_name="Nguyễn Thị Hoa"),
        "leader": make_user("lanhdao", unit=root, role=Position.AccessRole.LEADER, full_name="Trần Văn Minh",
                            kind=Position.Kind.STANDING_MEMBER),
        "inspector": make_user("kiemtra", unit=inspection, role=Position.AccessRole.INSPECTION,
                               full_name="Lê Văn Kiên"),
        "commune_a": make_user("xaanthi", unit=commune_a, role=Position.AccessRole.UNIT_STAFF,
                               full_name="Phạm Thu Trang", kind=Position.Kind.FOCAL_POINT),
        "commune_b": make_user("xayenmy", unit=commune_b, role=Position.AccessRole.UNIT_STAFF,
                               full_name="Đỗ Văn Nam", kind=Position.Kind.FOCAL_POINT),
    }
    people = {key: Person.objects.get(user=user) for key, user in users.items()}
    return Province(root=root, office=office, inspection=inspection, commune_a=commune_a,
                    commune_b=commune_b, cell_a=cell_a, users=users, people=people)
