"""The `roviec` command: every subcommand explains itself, bad input gives one line and a non-zero exit."""

import subprocess
import sys

import pytest

from roviec.cli import build_parser, main
from roviec.orgs.models import OrgUnit

SUBCOMMANDS = ["serve", "demo", "check", "extract", "manage", "orgs", "worker"]


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(name, capsys):
    """`roviec <command> --help` says what the command does."""
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: roviec " + name)
    assert len(out.splitlines()) > 3


def test_subcommands_are_all_registered():
    """The subcommands this README documents are the ones the parser knows."""
    choices = build_parser()._subparsers._group_actions[0].choices
    assert set(SUBCOMMANDS) <= set(choices)


def test_orgs_import_dry_run_reports_bad_rows_and_writes_nothing(tmp_path, db, capsys):
    """A dry run lists each rejected row on its own line, exits 1 and creates nothing."""
    sheet = tmp_path / "cay.csv"
    sheet.write_text(
        "code,kind,name,short_name,aliases,parent_code,valid_from,valid_to\n"
        "tinh-uy,provincial_committee,Tỉnh ủy Hưng Yên,TU,,,,\n"
        "xa-a,khong-co-loai,Đảng ủy xã A,,,tinh-uy,,\n"
        "xa-b,commune_committee,,,,khong-ton-tai,31/02/2026,\n",
        encoding="utf-8",
    )
    assert main(["orgs", "import", str(sheet), "--dry-run"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any("dòng 3" in line for line in err)
    assert any("dòng 4" in line for line in err)
    assert all(line.startswith("roviec orgs:") for line in err)
    assert not OrgUnit.objects.exists()


def test_orgs_import_creates_the_tree(tmp_path, db, capsys):
    """A clean file is imported whole, children after parents whatever the row order."""
    sheet = tmp_path / "cay.csv"
    sheet.write_text(
        "mã,loại,tên,mã cấp trên\n"
        "xa-a,commune_committee,Đảng ủy xã A,tinh-uy\n"
        "tinh-uy,provincial_committee,Tỉnh ủy Hưng Yên,\n",
        encoding="utf-8",
    )
    assert main(["orgs", "import", str(sheet)]) == 0
    assert OrgUnit.objects.get(code="xa-a").parent.code == "tinh-uy"


def test_missing_file_is_one_line_and_exit_2(tmp_path):
    """A missing file is named in one line on stderr, never a traceback."""
    command = [sys.executable, "-m", "roviec.cli", "orgs", "import", str(tmp_path / "x.csv")]
    result = subprocess.run(command,  # noqa: S603 - our own interpreter and module
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "không tìm thấy tệp" in result.stderr
