"""Readers for bench_balancer.py, run inside a container with the image's Python: CLIENTS
threads GET PATH from BASE_URL over and over for SECONDS; prints, as JSON, the answers counted
by status.

    python read_load.py BASE_URL PATH CLIENTS SECONDS
"""

import collections
import json
import sys
import threading
import time
import urllib.error
import urllib.request


def main() -> None:
    base_url, path, clients, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    deadline = time.monotonic() + seconds
    statuses: collections.Counter[int] = collections.Counter()
    guard = threading.Lock()

    def read() -> None:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base_url + path, timeout=30) as reply:
                    reply.read()
                    status = reply.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            with guard:
                statuses[status] += 1

    threads = [threading.Thread(target=read) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(statuses))


if __name__ == "__main__":
    main()
