"""A tiny ListenBrainz: validate-token and submit-listens, recording what arrives."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeListenBrainz:
    def __init__(self) -> None:
        self.tokens = {"good-token-123": "ana_lb"}
        self.submissions: list[dict] = []  # accepted submit-listens bodies
        self.failures: list[int] = []  # statuses to answer first, one per request (e.g. [503])
        self.requests: list[str] = []
        self.delay = 0.0  # seconds before answering validate-token (a slow service)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _token(self) -> str | None:
                auth = self.headers.get("Authorization", "")
                return auth[len("Token "):] if auth.startswith("Token ") else None

            def do_GET(self) -> None:
                fake.requests.append(f"GET {self.path}")
                time.sleep(fake.delay)
                if self.path != "/1/validate-token":
                    return self._send(404, {"code": 404, "error": "Not found"})
                name = fake.tokens.get(self._token() or "")
                if name is None:
                    return self._send(200, {"code": 200, "message": "Token invalid.", "valid": False})
                return self._send(200, {"code": 200, "message": "Token valid.", "valid": True, "user_name": name})

            def do_POST(self) -> None:
                fake.requests.append(f"POST {self.path}")
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                if fake.failures:
                    return self._send(fake.failures.pop(0), {"code": 503, "error": "down"})
                if self.path != "/1/submit-listens":
                    return self._send(404, {"code": 404, "error": "Not found"})
                if (self._token() or "") not in fake.tokens:
                    return self._send(401, {"code": 401, "error": "Invalid authorization token."})
                fake.submissions.append(body)
                return self._send(200, {"status": "ok"})

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def of_type(self, listen_type: str) -> list[dict]:
        return [s for s in self.submissions if s.get("listen_type") == listen_type]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
