"""The READMEs' Python quick start, run as written: the command after `pip install` prints what
the README says it prints."""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def quick_start(readme):
    text = readme.read_text(encoding="utf-8")
    command = re.search(r"^python -c \"(.+)\"$", text, re.M).group(1)
    printed = re.search(r"which prints `(.+?)`", text).group(1)
    return command, printed


def test_quick_starts_print_what_they_say():
    for readme in (ROOT / "README.md", ROOT / "python" / "README.md"):
        command, printed = quick_start(readme)
        out = subprocess.run(
            [sys.executable, "-c", command], capture_output=True, text=True, check=True, cwd="/"
        ).stdout
        assert out.strip() == printed, readme
