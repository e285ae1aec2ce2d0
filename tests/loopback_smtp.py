"""A real SMTP server on the loopback interface (aiosmtpd), counting what it takes."""

from __future__ import annotations

import email
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    """The server's handler: every message it took, or a refusal at the end of DATA."""

    def __init__(self, refuse: str = "") -> None:
        self.refuse = refuse
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        message = email.message_from_bytes(envelope.original_content)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def received(self, header: str = "X-Endorse-Notification") -> list[str]:
        with self.lock:
            return [str(message[header]) for message in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(refuse: str = "") -> Iterator[Inbox]:
    inbox = Inbox(refuse)
    inbox.port = free_port()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per command otherwise
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
