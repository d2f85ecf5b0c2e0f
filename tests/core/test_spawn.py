"""core/spawn.py: a program's output, errors and status, without subprocess (issue 7)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from postedit.core.spawn import Child

ENV = dict(os.environ)


def test_output_errors_and_status() -> None:
    child = Child(["sh", "-c", "echo out; echo err >&2; exit 3"], ENV)
    assert child.communicate() == (3, b"out\n", b"err\n")


def test_much_input_and_output_at_once_do_not_block() -> None:
    """Both pipes fill up (more than a pipe holds) while input is still being written."""
    data = os.urandom(3 << 20)
    code, out, err = Child(["sh", "-c", "tee /dev/stderr"], ENV, data).communicate()
    assert (code, out, err) == (0, data, data)


def test_a_program_that_answers_while_it_reads_does_not_block() -> None:
    """The program writes 40 times what it reads: its output fills while the input is still
    being written (as git cat-file --batch with thousands of ids). Run in a child process with a
    timeout, so that a deadlock fails the test instead of hanging the suite."""
    echo = "import sys\nfor line in sys.stdin.buffer: sys.stdout.buffer.write(line * 40)\n"
    code = (
        "import os, sys\n"
        "from postedit.core.spawn import Child\n"
        "data = b''.join(b'%040d\\n' % i for i in range(6000))\n"
        f"code, out, err = Child([sys.executable, '-c', {echo!r}], dict(os.environ), data)"
        ".communicate()\n"
        "print(code == 0 and out == b''.join(line * 40 for line in data.splitlines(True)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert out.stdout.strip() == "True"


def test_a_program_that_does_not_read_its_input() -> None:
    code, out, _ = Child(["sh", "-c", "echo done"], ENV, b"x" * (1 << 20)).communicate()
    assert (code, out) == (0, b"done\n")


def test_standard_input_is_empty_without_input() -> None:
    assert Child(["cat"], ENV).communicate() == (0, b"", b"")


def test_a_missing_program_raises_oserror() -> None:
    with pytest.raises(OSError):
        Child(["postedit-no-such-program"], ENV)


def test_no_descriptor_is_left_open() -> None:
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd to count open descriptors")
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        Child(["sh", "-c", "echo x; echo y >&2"], ENV, b"in").communicate()
        with pytest.raises(OSError):
            Child(["postedit-no-such-program"], ENV, b"in")
    assert len(os.listdir("/proc/self/fd")) == before


def test_the_set_command_imports_no_subprocess(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from postedit.core.gitfast import GitDir\n"
        "GitDir.open(sys.argv[1]).probe(['a.md'])\n"
        "print('subprocess' in sys.modules)\n"
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
