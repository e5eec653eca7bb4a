"""Reference lists (document types, issuer codes) loaded from the CSV files in engine/data.

The lists are data, not code: rules change (Quy định 399-QĐ/TW replaced 66-QĐ/TW), so
callers read them through `load_reference()` and never hard-code codes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

PARTY = "party"
STATE = "state"


@dataclass(frozen=True)
class DocumentType:
    code: str
    name: str
    systems: frozenset[str]  # {"party"}, {"state"} or both
    note: str


@dataclass(frozen=True)
class IssuerCode:
    code: str
    issuer: str
    level: str


@dataclass(frozen=True)
class ReferenceData:
    types: dict[str, DocumentType]  # every row of document_types.csv, by code
    issuers: dict[str, IssuerCode]

    @property
    def type_codes(self) -> frozenset[str]:
        """Codes that stand for a document type in a symbol.

        A code that is also an issuer code (TTg) is excluded: in `12/QĐ-TTg` it names the issuer.
        """
        return frozenset(code for code in self.types if code not in self.issuers)

    def type_codes_for(self, system: str) -> frozenset[str]:
        return frozenset(code for code in self.type_codes if system in self.types[code].systems)

    def type_name(self, code: str) -> str | None:
        row = self.types.get(code)
        return row.name if row else None

    def type_names(self) -> frozenset[str]:
        """Canonical Vietnamese type names (single names only, not 'A/B' combinations)."""
        return frozenset(t.name for t in self.types.values() if "/" not in t.name)


def _read_csv(name: str) -> list[dict[str, str]]:
    data = resources.files("roviec.engine").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(data)))


@cache
def load_reference() -> ReferenceData:
    """Read and cache the reference CSVs shipped with the package."""
    types: dict[str, DocumentType] = {}
    for row in _read_csv("document_types.csv"):
        systems = frozenset(s.strip() for s in row["system"].split("+") if s.strip())
        types[row["code"].strip()] = DocumentType(
            code=row["code"].strip(),
            name=row["name"].strip(),
            systems=systems,
            note=(row.get("note") or "").strip(),
        )
    issuers: dict[str, IssuerCode] = {}
    for row in _read_csv("issuer_codes.csv"):
        code = row["code"].strip()
        issuers[code] = IssuerCode(code=code, issuer=row["issuer"].strip(), level=row["level"].strip())
    return ReferenceData(types=types, issuers=issuers)
