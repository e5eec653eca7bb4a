"""Seed the document types (from the engine's reference CSV) and the provincial committee terms.

Both lists stay editable in the admin; this migration only fills an empty install.
"""

import csv
import datetime
import io
from importlib import resources

from django.db import migrations

PARTY_TERMS = [
    # Provincial Party congresses are held in the autumn of the closing year.
    ("2010-2015", datetime.date(2010, 10, 1), datetime.date(2015, 9, 30)),
    ("2015-2020", datetime.date(2015, 10, 1), datetime.date(2020, 9, 30)),
    ("2020-2025", datetime.date(2020, 10, 1), datetime.date(2025, 9, 30)),
    ("2025-2030", datetime.date(2025, 10, 1), None),
]


def _type_rows():
    text = resources.files("roviec.engine").joinpath("data", "document_types.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        yield row["code"].strip(), row["name"].strip(), row["system"].strip(), (row.get("note") or "").strip()


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    PartyTerm = apps.get_model("documents", "PartyTerm")
    for code, name, system, note in _type_rows():
        DocumentType.objects.get_or_create(code=code, defaults={"name": name, "system": system, "note": note})
    for name, start, end in PARTY_TERMS:
        PartyTerm.objects.get_or_create(name=name, defaults={"start_date": start, "end_date": end})


def unseed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    PartyTerm = apps.get_model("documents", "PartyTerm")
    codes = [code for code, *_ in _type_rows()]
    DocumentType.objects.filter(code__in=codes, document__isnull=True).delete()
    PartyTerm.objects.filter(name__in=[name for name, *_ in PARTY_TERMS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
