"""Preview server on 127.0.0.1. It serves the last good build."""

from __future__ import annotations

import functools
import http.server

from .config import Config


def serve(config: Config, port: int, say) -> int:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(config.out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        say(f"Serving {config.out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
