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


def test_the_list_s_start_imports_no_editor() -> None:
    """The TUI's first frame is the list: Textual's TextArea (with tree-sitter) and Markdown,
    the form's and the commit dialog's widgets, are imported when those open. A shared
    helper importing TextArea at the top once put them, about 10 ms, before the first frame.
    Nor the CMS's create and delete rules, asked by ``n``, ``D`` and ``d`` only."""
    code = (
        "import sys, postedit.cli, postedit.cli.tuicmd, postedit.tui.app\n"
        "bad = [m for m in ('textual.widgets._text_area', 'textual.widgets._markdown',"
        " 'tree_sitter', 'markdown_it', 'postedit.core.cms') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
