"""The servers load.py runs: gunicorn with the production settings, the task worker and
the clock (as ``endorse serve`` runs them beside the web process), a loopback SMTP sink
for their emails; and what /proc says about each process (CPU time, resident memory)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _alliance_db import ROOT, server_environment

TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def smtp_sink() -> tuple[Any, int]:
    """A local mail server that accepts and drops everything (aiosmtpd, from the lock)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


@dataclass
class Servers:
    port: int
    processes: dict[str, subprocess.Popen[bytes]]

    def pids(self) -> dict[str, int]:
        """Every server process by name: gunicorn's master and each of its workers."""
        found = {name: p.pid for name, p in self.processes.items()}
        master = self.processes["gunicorn"].pid
        children = Path(f"/proc/{master}/task/{master}/children")
        for n, pid in enumerate(children.read_text().split() if children.exists() else ()):
            found[f"gunicorn worker {n + 1}"] = int(pid)
        return found

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def start(*, workers: int, worker_class: str, threads: int, smtp_port: int) -> Servers:
    env = server_environment()
    env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), EMAIL_USE_TLS="false")
    port = free_port()
    bin_dir = Path(sys.executable).parent
    manage = str(ROOT / "manage.py")
    commands = {
        "gunicorn": [str(bin_dir / "gunicorn"), "--config", str(ROOT / "config/gunicorn.conf.py"),
                     "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                     "--worker-class", worker_class, "--threads", str(threads),
                     "--timeout", "60", "--chdir", str(ROOT)],
        "task worker": [sys.executable, manage, "worker"],
        "clock": [sys.executable, manage, "clock"],
    }  # fmt: skip
    log = (ROOT / "var" / "alliance-servers.log").open("ab")  # their output, off the report
    processes = {
        name: subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)  # noqa: S603
        for name, command in commands.items()
    }
    servers = Servers(port, processes)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=5) as r:
                if r.status == 200:
                    return servers
        except OSError:
            time.sleep(0.5)
    servers.stop()
    raise SystemExit("gunicorn did not answer within 60 s")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process so far (its children that ended included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / TICKS


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pss_mib(pid: int) -> float:
    """Proportional set size: the pages a process shares with others (gunicorn's workers
    with their master) counted in shares, so the sum over processes is what they hold."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0
