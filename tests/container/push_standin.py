"""Stand-in push services (Telegram's Bot API and a WeCom group robot), run inside a container
on its loopback with the image's Python: each request is appended to a JSON-lines file as
time received (Unix seconds), path, query, content type and body, and answered as the real
service answers a success.

    python push_standin.py PORT RECORD_FILE [ADDRESS]

ADDRESS is where it listens, 127.0.0.1 unless given (0.0.0.0 for a container of its own).
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# What each service answers a message it accepted, by path.
ANSWERS = {
    "/cgi-bin/webhook/send": {"errcode": 0, "errmsg": "ok"},
}
TELEGRAM_ANSWER = {"ok": True, "result": {"message_id": 1}}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "a", encoding="utf-8") as record:
            entry = {
                "at": time.time(),
                "path": url.path,
                "query": url.query,
                "content_type": self.headers.get("Content-Type", ""),
                "body": json.loads(body),
            }
            record.write(json.dumps(entry, ensure_ascii=False) + "\n")
        is_telegram = url.path.startswith("/bot") and url.path.endswith("/sendMessage")
        answer = TELEGRAM_ANSWER if is_telegram else ANSWERS.get(url.path)
        self.send_response(200 if answer else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(answer or {"error": "unknown path"}).encode())


if __name__ == "__main__":
    address = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
    ThreadingHTTPServer((address, int(sys.argv[1])), Handler).serve_forever()
