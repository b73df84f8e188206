"""A mail backend for a worker in another process: each message is a file the test can count, and, while
the gate is shut, sending waits at the gate, so the test knows the worker is in the middle of a send."""

import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class GatedFileBackend(BaseEmailBackend):
    def __init__(self, *, folder, gate, **kwargs):
        super().__init__(**kwargs)
        self.folder, self.gate = Path(folder), Path(gate)

    def send_messages(self, messages):
        if not self.gate.exists():
            self.gate.with_suffix(".waiting").touch()
            deadline = time.monotonic() + 60
            while not self.gate.exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        for message in messages:
            (self.folder / f"{uuid.uuid4()}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
