"""`endorse serve` restarts a helper that exits, and tells every process where the site runs."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIRequestHandler

from endorse.core.management.commands.serve import (
    BurstServer,
    helper_commands,
    served_environment,
    site_address,
)
from endorse.core.supervisor import Supervisor, exit_status

ROOT = Path(__file__).parents[2]


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll until ``condition`` holds: processes take their time, a test doesn't guess it."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_supervisor_restarts_a_helper_that_exits_and_logs_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor = Supervisor(
        {
            "quitter": [sys.executable, "-c", "raise SystemExit(3)"],
            "sleeper": [sys.executable, "-c", "import time; time.sleep(120)"],
        },
        first_delay=0.1,
        poll_every=0.01,
    )
    quitter, sleeper = supervisor.helpers
    with caplog.at_level(logging.INFO, logger="endorse.supervisor"):
        supervisor.start()
        try:
            wait_for(lambda: quitter.starts == 3)
        finally:
            supervisor.stop(timeout=10)

    first, second, third = quitter.pids
    assert caplog.messages[:6] == [
        f"quitter started (pid {first}).",
        f"sleeper started (pid {sleeper.pids[0]}).",
        f"quitter (pid {first}) exited with status 3; restarting it in 0.1 s.",
        f"quitter restarted (pid {second}).",
        # Exiting again at once: the back-off doubles, so a crash loop doesn't spin.
        f"quitter (pid {second}) exited with status 3; restarting it in 0.2 s.",
        f"quitter restarted (pid {third}).",
    ]
    # Stopping stops restarting: no fourth start, and the sleeper was ended, not restarted.
    assert [m for m in caplog.messages[6:] if "restarted" in m] == []
    assert (quitter.starts, sleeper.starts) == (3, 1)
    assert sleeper.process is not None
    assert exit_status(sleeper.process.returncode) == "signal SIGTERM"


def test_a_helper_that_exits_after_stop_restarting_stays_stopped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Ctrl-C reaches the helpers as well as serve: their exit then is not a crash.
    supervisor = Supervisor(
        {"quitter": [sys.executable, "-c", "raise SystemExit(0)"]}, first_delay=0, poll_every=0.01
    )
    supervisor.stop_restarting()
    supervisor.start()
    (quitter,) = supervisor.helpers
    assert quitter.process is not None
    quitter.process.wait(timeout=30)
    supervisor.check()
    supervisor.check()  # the back-off (none here) is over: still no restart
    supervisor.stop()
    assert quitter.starts == 1


def test_serve_supervises_the_worker_and_the_clock() -> None:
    commands = helper_commands()
    assert sorted(commands) == ["clock", "worker"]
    assert commands["worker"] == [sys.executable, str(ROOT / "manage.py"), "worker"]


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "http://127.0.0.1:8101"),
        ("localhost", "http://localhost:8101"),
        ("0.0.0.0", "http://127.0.0.1:8101"),  # noqa: S104 (every interface: link to this machine)
        ("::", "http://[::1]:8101"),
        ("::1", "http://[::1]:8101"),
    ],
)
def test_site_address_is_where_a_browser_reaches_the_server(host: str, address: str) -> None:
    assert site_address(host, 8101) == address


def test_served_environment_gives_the_port_served_unless_the_operator_set_site_url() -> None:
    served = served_environment({"PATH": "/bin"}, host="127.0.0.1", port="8101")
    assert served == {"PATH": "/bin", "SITE_URL": "http://127.0.0.1:8101", "ENDORSE_DEBUG": "false"}
    empty = served_environment({"SITE_URL": ""}, host="127.0.0.1", port="8101")
    assert empty == {"SITE_URL": "http://127.0.0.1:8101", "ENDORSE_DEBUG": "false"}
    behind_a_proxy = {"SITE_URL": "https://endorse.example.org", "ENDORSE_DEBUG": "true"}
    assert served_environment(behind_a_proxy, host="127.0.0.1", port="8101") == behind_a_proxy


def test_a_helper_started_by_serve_builds_links_to_the_port_served() -> None:
    env = served_environment(
        {k: v for k, v in os.environ.items() if k != "SITE_URL"}, host="127.0.0.1", port="8101"
    )
    code = (
        "from endorse.core.urls import site_url; "
        "print(site_url('me')); print(site_url('endorsements:verify', code='ABCD-2345'))"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "http://127.0.0.1:8101/me/",
        "http://127.0.0.1:8101/verify/ABCD-2345/",
    ]


def test_serve_lets_a_burst_of_connections_wait_to_be_accepted() -> None:
    # runserver's own queue holds 10: the rest of 200 autosaves at once were reset.
    server = BurstServer(("127.0.0.1", 0), WSGIRequestHandler)
    clients: list[socket.socket] = []
    try:
        for _ in range(200):  # nobody accepts yet: every one must wait in the queue
            clients.append(socket.create_connection(server.server_address[:2], timeout=5))
    finally:
        for client in clients:
            client.close()
        server.server_close()
    assert len(clients) == 200
