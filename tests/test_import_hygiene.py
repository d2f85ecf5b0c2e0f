"""The core must never import the UI: it is what the CLI, the TUI and scripts share."""

import subprocess
import sys


def test_core_imports_no_ui() -> None:
    code = (
        "import sys, postedit.core.workspace, postedit.core.frontmatter, postedit.core.schema\n"
        "import pkgutil, importlib, postedit.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('postedit.core.' + m.name)\n"
        "bad = [m for m in ('textual', 'rich', 'argparse') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
