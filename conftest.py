"""Set-up for the whole test suite (pytest + nbval).

Whatever the learner's .env says, the tests run in sandbox mode with a private token cache, so they need no keys
and never touch a real account: :func:`pytest_configure` sets that up in ``os.environ`` before anything runs.

The sandbox itself starts only when something needs it, once per test run (per worker with pytest-xdist):

- the notebooks (nbval runs each in a fresh kernel, which inherits this process's environment): the course
  sandbox is started and its address put in ``KIS_SANDBOX_URL`` just before a notebook's kernel starts;
- a test that needs ``kislearn.connect()`` to find a sandbox asks for the ``course_sandbox`` fixture.

Until then ``KIS_SANDBOX_URL`` names a port nobody listens on, so code that would connect without asking fails
at once with a clear connection error instead of starting a background sandbox of its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from kislearn.sandbox import Sandbox
from kislearn.settings import use_sandbox_only

NO_SANDBOX_YET = "http://127.0.0.1:1"  # port 1: nobody listens there; ask for course_sandbox instead

_course_sandbox: Sandbox | None = None


def pytest_configure(config):
    use_sandbox_only(os.environ, tempfile.mkdtemp(prefix="kislearn-tests-"), NO_SANDBOX_YET)
    _notebook_kernels_over_unix_sockets()


def _notebook_kernels_over_unix_sockets() -> None:
    """nbval's kernels talk to pytest over Unix sockets in a folder of their own, not over TCP ports.

    For TCP, jupyter_client picks a kernel's five ports by binding port 0 and letting go; the kernel binds them a
    moment later. Under pytest-xdist another process (a sandbox or a test server on port 0, another kernel) can
    take one of them in between, and the kernel exits at once with "Address already in use": nbval then reports
    "Kernel died before replying to kernel_info" for every cell of that notebook (seen in a full run; the same
    race: https://github.com/treebeardtech/nbmake/issues/129). Unix sockets have no ports to race for. Windows
    has no Unix sockets for ZeroMQ: kernels stay on TCP there."""
    if os.name != "posix":
        return
    import nbval.kernel
    from jupyter_client.manager import KernelManager

    class UnixSocketKernelManager(KernelManager):
        def __init__(self, **kwargs):
            self.socket_folder = tempfile.mkdtemp(prefix="kislearn-kernel-")  # short: a socket path has ~100 chars
            super().__init__(transport="ipc", ip=os.path.join(self.socket_folder, "kernel"), **kwargs)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self.socket_folder, ignore_errors=True)

    nbval.kernel.KernelManager = UnixSocketKernelManager


def course_sandbox_url() -> str:
    """The course sandbox's address, starting it on first use (fresh state: no token issued by another run).
    Its market clock is fixed at the sample files' close (2026-11-20 15:30), so every notebook's output is the
    same on every run, byte for byte."""
    global _course_sandbox
    if _course_sandbox is None:
        _course_sandbox = Sandbox(clock="fixed").start()
    return _course_sandbox.url


@pytest.fixture
def course_sandbox(monkeypatch) -> str:
    """The course sandbox (default rules, shared by the whole run) as ``KIS_SANDBOX_URL`` for this test."""
    url = course_sandbox_url()
    monkeypatch.setenv("KIS_SANDBOX_URL", url)
    return url


def _is_notebook(item) -> bool:
    return item.path.suffix == ".ipynb"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a notebook's kernel starts (nbval starts it when the notebook's first cell is set up)."""
    if _is_notebook(item):
        os.environ["KIS_SANDBOX_URL"] = course_sandbox_url()


def pytest_runtest_teardown(item, nextitem):
    if _is_notebook(item) and (nextitem is None or not _is_notebook(nextitem)):
        os.environ["KIS_SANDBOX_URL"] = NO_SANDBOX_YET


def pytest_sessionfinish(session, exitstatus):
    if _course_sandbox is not None:
        _course_sandbox.stop()
