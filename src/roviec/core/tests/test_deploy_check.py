"""`roviec check` names ROVIEC_* variables nobody reads, with the setting probably meant."""

import re
from pathlib import Path

from roviec.core.deploy_check import KNOWN_ENVIRONMENT, run_deploy_checks

ROOT = Path(__file__).resolve().parents[4]


def test_misspelt_setting_is_reported_with_the_nearest_name(monkeypatch, db):
    """A typo in a variable name is one line of the check, naming the real variable."""
    monkeypatch.setenv("ROVIEC_FOLLOW_UP", '{"reminder_days": [5]}')
    monkeypatch.setenv("ROVIEC_HTTP", "1")
    problems = run_deploy_checks()
    typo_lines = [p for p in problems if "ROVIEC_FOLLOW_UP" in p]
    assert len(typo_lines) == 1
    assert "ROVIEC_FOLLOWUP" in typo_lines[0].replace("ROVIEC_FOLLOW_UP", "")
    assert any("ROVIEC_HTTP " in p and "ROVIEC_HTTPS" in p for p in problems)


def test_known_settings_and_other_variables_are_not_reported(monkeypatch, db):
    """Real settings and variables of other programs pass silently."""
    monkeypatch.setenv("ROVIEC_FOLLOWUP", "{}")
    monkeypatch.setenv("ROVIEC_JOBS_URL", "")
    monkeypatch.setenv("OTHER_TOOL_FOLLOWUP", "1")
    assert not [p for p in run_deploy_checks() if "biến môi trường" in p]


def test_unknown_name_far_from_every_setting_has_no_suggestion(monkeypatch, db):
    """No made-up hint when nothing is close."""
    monkeypatch.setenv("ROVIEC_QQQQQQQQQQQQ", "1")
    (line,) = [p for p in run_deploy_checks() if "ROVIEC_QQQQQQQQQQQQ" in p]
    assert "?" not in line


def test_known_names_match_the_sources():
    """Every ROVIEC_* name read by the app or its scripts is known, and no known name is stale."""
    files = [*ROOT.joinpath("src", "roviec").rglob("*.py"), *ROOT.joinpath("scripts").glob("*.sh")]
    used = set()
    for path in files:
        if "tests" in path.parts or path.name == "deploy_check.py":
            continue
        used.update(re.findall(r"\bROVIEC_[A-Z0-9_]+\b", path.read_text(encoding="utf-8")))
    assert used == set(KNOWN_ENVIRONMENT)
