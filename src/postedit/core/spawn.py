"""Run a program and collect its output and status, without importing ``subprocess``.

``subprocess`` brings ``threading``, ``signal``, ``selectors`` and ``locale`` with it: 5 to
8 ms of a ``postedit set --commit`` that needs none of them to run git seven times (issue 7).
This is all core/gitfast.py needs: start the program (``os.posix_spawnp``, its standard input
from a pipe or /dev/null), feed it, read its output and errors together (``select.poll``),
wait for its status. Where ``posix_spawnp`` is missing, ``subprocess`` does the same.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import select
    from collections.abc import Mapping, Sequence

__all__ = ["Child"]

_CHUNK = 1 << 16


class Child:
    """A running program (``argv[0]`` looked up in PATH), its output being collected."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        stdin: bytes | None = None,
    ) -> None:
        """Start ``argv``; OSError when it cannot be (not installed...)."""
        self._input = stdin
        self._proc: object = None
        if not hasattr(os, "posix_spawnp"):  # pragma: no cover - not on Linux or macOS
            import subprocess

            self._proc = subprocess.Popen(
                list(argv),
                env=dict(env),
                stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            return
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        if stdin is None:
            in_r, in_w = os.open(os.devnull, os.O_RDONLY), -1
        else:
            in_r, in_w = os.pipe()
        actions = [
            (os.POSIX_SPAWN_DUP2, in_r, 0),
            (os.POSIX_SPAWN_DUP2, out_w, 1),
            (os.POSIX_SPAWN_DUP2, err_w, 2),
        ]
        try:
            self.pid = os.posix_spawnp(argv[0], list(argv), dict(env), file_actions=actions)
        except BaseException:
            for fd in (out_r, err_r, in_w):
                if fd >= 0:
                    os.close(fd)
            raise
        finally:
            for fd in (in_r, out_w, err_w):  # the child's ends
                os.close(fd)
        self._fds = (out_r, err_r, in_w)

    def communicate(self) -> tuple[int, bytes, bytes]:
        """Feed the input, wait for the end: (exit status, output, errors)."""
        if self._proc is not None:  # pragma: no cover - the subprocess fallback
            out, err = self._proc.communicate(self._input)  # type: ignore[attr-defined]
            return self._proc.returncode, out, err  # type: ignore[attr-defined]
        import select

        out_r, err_r, in_w = self._fds
        chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
        pending = memoryview(self._input or b"")
        poller = select.poll()
        poller.register(out_r, select.POLLIN)
        poller.register(err_r, select.POLLIN)
        open_fds = {out_r, err_r}
        if in_w >= 0:
            if pending:
                # non-blocking: POLLOUT promises room for PIPE_BUF bytes only; a blocking write
                # of more would wait for the program, which may itself be waiting for us to
                # read its output (git cat-file --batch with many ids)
                os.set_blocking(in_w, False)
                poller.register(in_w, select.POLLOUT)
                open_fds.add(in_w)
            else:
                os.close(in_w)
        try:
            self._pump(poller, open_fds, chunks, pending, in_w)
        finally:
            for fd in open_fds:
                os.close(fd)
            _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status), b"".join(chunks[out_r]), b"".join(chunks[err_r])

    @staticmethod
    def _pump(
        poller: select.poll,
        open_fds: set[int],
        chunks: dict[int, list[bytes]],
        pending: memoryview,
        in_w: int,
    ) -> None:
        """Write the input and read both outputs until every pipe is closed."""
        while open_fds:
            for fd, _event in poller.poll():
                if fd == in_w:
                    try:
                        pending = pending[os.write(fd, pending[:_CHUNK]) :]
                    except BlockingIOError:  # full after all: poll again
                        continue
                    except BrokenPipeError:  # it stopped reading: the rest is not needed
                        pending = pending[:0]
                    if not pending:
                        poller.unregister(fd)
                        open_fds.discard(fd)
                        os.close(fd)
                    continue
                data = os.read(fd, _CHUNK)
                if data:
                    chunks[fd].append(data)
                else:
                    poller.unregister(fd)
                    open_fds.discard(fd)
                    os.close(fd)
