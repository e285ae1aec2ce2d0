"""A stand-in for Stripe's API on loopback: the Stripe library talks to it over HTTP through
its own configurable base address (``ENDORSE_STRIPE_API_BASE``), so our code runs exactly as
it would against Stripe. It answers the calls we make, as Stripe documents them, and keeps
every request for the test to read."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest
import stripe

SECRET_KEY = "sk_test_51Standin0000000000000000KEY4242"
WEBHOOK_SECRET = "whsec_standin0000000000000000000SIGN"


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class Standin:
    base: str = ""
    calls: list[Call] = field(default_factory=list)
    # The next calls' answers instead of the usual ones: (HTTP status, JSON body) each.
    failures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    refund_status: str = "succeeded"
    # Checkout sessions made here, by id, as Stripe keeps them (their status changes).
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def fail(self, status: int, message: str, times: int = 1) -> None:
        kind = "api_error" if status >= 500 else "invalid_request_error"
        self.failures += [(status, {"error": {"type": kind, "message": message}})] * times

    def posts(self, path: str) -> list[Call]:
        return [c for c in self.calls if c.method == "POST" and c.path == path]


def _error(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"type": kind, "message": message}}


def _handler(state: Standin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: dict[str, Any] | str) -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            kind = "text/html" if isinstance(body, str) else "application/json"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            state.calls.append(Call("GET", self.path, dict(self.headers), {}))
            if self.path.startswith("/v1/checkout/sessions/"):
                found = state.sessions.get(self.path.rsplit("/", 1)[1])
                return (
                    self._send(200, found)
                    if found
                    else self._send(404, _error("No such checkout.session"))
                )
            if self.path.startswith("/pay/"):
                self._send(200, "<!doctype html><html lang='en'><head><title>Stand-in "
                                "Checkout</title></head><body><main><h1>Stand-in Checkout"
                                "</h1></main></body></html>")  # fmt: skip
            else:
                self._send(404, _error("No such page"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            state.calls.append(Call("POST", self.path, dict(self.headers), form))
            if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                return self._send(401, _error("Invalid API Key provided"))
            if state.failures:
                status, body = state.failures.pop(0)
                return self._send(status, body)
            if self.path == "/v1/checkout/sessions":
                session = self._session(form)
                state.sessions[session["id"]] = session
                return self._send(200, session)
            if self.path.startswith("/v1/checkout/sessions/") and self.path.endswith("/expire"):
                found = state.sessions.get(self.path.split("/")[4])
                if found is None:
                    return self._send(404, _error("No such checkout.session"))
                if found["status"] != "open":
                    return self._send(400, _error(f"This Checkout Session is {found['status']}."))
                found["status"] = "expired"
                return self._send(200, found)
            if self.path == "/v1/refunds":
                return self._send(200, self._refund(form))
            return self._send(404, _error(f"Unrecognized request URL (POST: {self.path})"))

        def _session(self, form: dict[str, str]) -> dict[str, Any]:
            session_id = "cs_test_" + secrets.token_hex(12)
            total = sum(
                int(value)
                * int(form.get(key.replace("[price_data][unit_amount]", "[quantity]"), 1))
                for key, value in form.items()
                if key.endswith("[price_data][unit_amount]")
            )
            return {
                "id": session_id,
                "object": "checkout.session",
                "mode": form.get("mode"),
                "status": "open",
                "payment_status": "unpaid",
                "amount_total": total,
                "currency": form.get("line_items[0][price_data][currency]"),
                "client_reference_id": form.get("client_reference_id"),
                "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
                "expires_at": int(form.get("expires_at", "0")),
                "payment_intent": None,
                "url": f"{state.base}/pay/{session_id}",
            }

        def _refund(self, form: dict[str, str]) -> dict[str, Any]:
            if not form.get("payment_intent", "").startswith("pi_"):
                return _error("No such payment_intent")
            return {
                "id": "re_" + secrets.token_hex(12),
                "object": "refund",
                "amount": int(form["amount"]),
                "payment_intent": form["payment_intent"],
                "status": state.refund_status,
            }

    return Handler


@pytest.fixture
def stripe_api(settings: Any) -> Iterator[Standin]:
    """The stand-in, running; the Stripe library is pointed at it for the test."""
    state = Standin()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ENDORSE_STRIPE_API_BASE = state.base
    yield state
    server.shutdown()
    server.server_close()


def signed(
    event: dict[str, Any], secret: str = WEBHOOK_SECRET, timestamp: int | None = None
) -> tuple[bytes, str]:
    """The body and ``Stripe-Signature`` header Stripe would send, made with the library's
    own signing scheme."""
    body = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)
    return body.encode(), header


def checkout_event(
    kind: str, session_id: str, *, association: str, amount: int, currency: str = "usd",
    payment_status: str = "paid", status: str = "complete", event_id: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """An event about a Checkout session, shaped as Stripe sends it."""
    return {
        "id": event_id or "evt_" + secrets.token_hex(12),
        "object": "event",
        "api_version": "2025-10-29.clover",
        "type": kind,
        "livemode": False,
        "data": {
            "object": {
                "id": session_id,
                "object": "checkout.session",
                "status": status,
                "payment_status": payment_status,
                "amount_total": amount,
                "currency": currency,
                "metadata": {"association": association},
                "payment_intent": "pi_" + session_id[-12:],
            }
        },
    }
