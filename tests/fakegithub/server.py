"""The HTTP side: a threading HTTP/1.1 server on loopback that hands requests to the engine."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.fakegithub.engine import Engine, encode
from tests.fakegithub.protocol import Request


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as PyGithub's and requests' pools expect
    server_version = "GitHub.com"
    # One segment per answer and no Nagle: otherwise delayed ACKs add ~40 ms to every request.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet; the engine records every request."""

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        headers = {k.lower(): v for k, v in self.headers.items()}
        engine: Engine = self.server.engine  # type: ignore[attr-defined]
        response = engine.handle(Request(self.command, unquote(split.path), query, headers, body))
        if response is None:  # a dropped connection: no status line at all
            self.close_connection = True
            return
        payload = encode(response.body)
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name == "content-type" and response.body is None:
                continue
            self.send_header(name, value)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD" and response.status not in (204, 304):
            self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _serve


class Server:
    """Serve an engine on 127.0.0.1 from a daemon thread."""

    def __init__(self, engine: Engine, port: int = 0) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.engine = engine  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
