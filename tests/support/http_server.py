"""Test helpers for the production modules: a scripted HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ScriptedServer:
    """An HTTP server in a thread; each GET pops the next scripted response.

    A response is a dict: ``status``, ``body`` (bytes), ``headers``, ``delay`` (seconds
    before answering), ``declared_length`` (a Content-Length that lies). POST bodies are
    recorded in ``posts`` (parsed JSON when possible).
    """

    def __init__(self):
        self.script: deque[dict] = deque()
        self.requests: list[dict] = []
        self.posts: list[object] = []
        self.post_status = 200
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                outer.requests.append({"path": self.path, "headers": dict(self.headers)})
                spec = outer.script.popleft() if outer.script else {"status": 404}
                time.sleep(spec.get("delay", 0))
                body = spec.get("body", b"")
                self.send_response(spec.get("status", 200))
                for name, value in spec.get("headers", {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(spec.get("declared_length", len(body))))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass
                self.close_connection = True

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    outer.posts.append(json.loads(raw))
                except ValueError:
                    outer.posts.append(raw)
                self.send_response(outer.post_status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler
