import subprocess
import sys
from pathlib import Path

from config.cli import main


def test_heard_runs_the_projects_commands(db, capsys):
    main(["tenancy_lint"])
    assert "Tenancy lint: no direct manager use" in capsys.readouterr().out


def test_heard_is_installed_as_a_console_command():
    heard = Path(sys.executable).parent / "heard"
    result = subprocess.run([heard, "help", "demo"], capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.returncode == 0 and "--services" in result.stdout
