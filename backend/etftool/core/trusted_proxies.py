"""nginx's settings for the reverse proxies of TRUSTED_PROXIES, written at start-up.

docker/nginx.conf includes the file `nginx_settings` makes. It sets `$from_trusted_proxy` (1 for
a connection from a trusted proxy, else 0), which decides whether the proxy's X-Forwarded-Proto
reaches the API, and has nginx take the client's address from X-Forwarded-For (the last
address in it that is not a trusted proxy) for such connections.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

FILE_NAME = "nginx-trusted-proxies.conf"


def nginx_settings(trusted_proxies: Sequence[str]) -> str:
    networks = [str(ipaddress.ip_network(proxy, strict=False)) for proxy in trusted_proxies]
    lines = [
        "# Written at start-up from TRUSTED_PROXIES (etftool.core.trusted_proxies).",
        "geo $realip_remote_addr $from_trusted_proxy {",
        "    default 0;",
        *(f"    {network} 1;" for network in networks),
        "}",
    ]
    if networks:
        lines += [f"set_real_ip_from {network};" for network in networks]
        lines += ["real_ip_header X-Forwarded-For;", "real_ip_recursive on;"]
    return "\n".join(lines) + "\n"
