"""Set-up for the whole test suite (pytest + nbval).

nbval runs every notebook in notebooks/ in a fresh kernel. Whatever the learner's .env says, the tests run
in sandbox mode, against a sandbox of their own (fresh state: no token issued a minute ago by another run),
with a private token cache, so they need no keys and never touch a real account. Kernels inherit this
process's environment, which is why it is set at import time."""

import os
import tempfile

from kislearn.sandbox import Sandbox
from kislearn.settings import use_sandbox_only

_sandbox = Sandbox(port=0).start()
use_sandbox_only(os.environ, tempfile.mkdtemp(prefix="kislearn-nbval-"), _sandbox.url)


def pytest_sessionfinish(session, exitstatus):
    _sandbox.stop()
