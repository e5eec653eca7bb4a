"""Framework-free document engine: read → normalise → segment → find → resolve.

Public API (everything else is internal to the stages):
    extract(text, document_date=None) -> Extraction
    extraction_to_dict(extraction, source) -> dict   (the JSON schema of tests/fixtures/corpus)
    parse_symbol(text) -> Symbol                      (raises SymbolError listing every fault)
    load_reference() -> ReferenceData
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "Extraction",
    "Symbol",
    "SymbolError",
    "SymbolProblem",
    "WorkCalendar",
    "extract",
    "extraction_to_dict",
    "load_reference",
    "parse_symbol",
]

_EXPORTS = {
    "Extraction": "roviec.engine.models",
    "Symbol": "roviec.engine.symbols",
    "SymbolError": "roviec.engine.symbols",
    "SymbolProblem": "roviec.engine.symbols",
    "WorkCalendar": "roviec.engine.calendar",
    "extract": "roviec.engine.pipeline",
    "extraction_to_dict": "roviec.engine.jsonout",
    "load_reference": "roviec.engine.reference",
    "parse_symbol": "roviec.engine.symbols",
}

if TYPE_CHECKING:
    from roviec.engine.calendar import WorkCalendar
    from roviec.engine.jsonout import extraction_to_dict
    from roviec.engine.models import Extraction
    from roviec.engine.pipeline import extract
    from roviec.engine.reference import load_reference
    from roviec.engine.symbols import Symbol, SymbolError, SymbolProblem, parse_symbol


def __getattr__(name: str) -> Any:
    """Import lazily so that `import roviec.engine.read` stays cheap for the readers."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(module), name)
