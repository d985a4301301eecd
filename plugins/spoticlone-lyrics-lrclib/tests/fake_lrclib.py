"""A tiny LRCLIB: ``GET /api/get`` answers from ``songs`` (by track and artist) and records calls."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeLrclib:
    def __init__(self) -> None:
        self.songs: dict[tuple[str, str], dict] = {}
        self.requests: list[dict[str, str]] = []
        self.status: int | None = None  # force an answer (e.g. 503) for every request
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append({"path": url.path, **query})
                song = fake.songs.get((query.get("track_name", ""), query.get("artist_name", "")))
                if fake.status is not None:
                    self._send(fake.status, {"message": "down"})
                elif url.path != "/api/get" or song is None:
                    self._send(404, {"code": 404, "name": "TrackNotFound", "message": "Failed to find specified track"})
                else:
                    self._send(200, song)

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
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def add(self, title: str, artist: str, synced: str | None, plain: str = "") -> None:
        self.songs[(title, artist)] = {"id": 42, "trackName": title, "artistName": artist,
                                       "syncedLyrics": synced, "plainLyrics": plain, "instrumental": False}

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
