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
class TypeWord:
    written: str  # "Thông báo kết luận"
    canonical: str  # "Thông báo"
    named: bool  # may name a document without a number ("Luật Tiếp công dân")


@dataclass(frozen=True, eq=False)  # hashed by identity: stages cache compiled patterns per instance
class ReferenceData:
    types: dict[str, DocumentType]  # every row of document_types.csv, by code
    issuers: dict[str, IssuerCode]
    type_words: tuple[TypeWord, ...] = ()  # type words as they appear in running text
    code_aliases: dict[str, frozenset[str]] | None = None  # code → type names it may stand for

    def types_for_code(self, code: str) -> frozenset[str]:
        """Type names a symbol's type code is compatible with (QĐ: Quyết định or Quy định)."""
        names = set((self.code_aliases or {}).get(code, frozenset()))
        row = self.types.get(code)
        if row and "/" not in row.name:
            names.add(row.name)
        return frozenset(names)

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
    words = tuple(
        TypeWord(row["written"].strip(), row["canonical"].strip(), row["named"].strip() == "yes")
        for row in _read_csv("type_words.csv")
    )
    aliases: dict[str, set[str]] = {}
    for row in _read_csv("type_code_aliases.csv"):
        aliases.setdefault(row["code"].strip(), set()).add(row["type"].strip())
    return ReferenceData(
        types=types,
        issuers=issuers,
        type_words=words,
        code_aliases={code: frozenset(names) for code, names in aliases.items()},
    )
