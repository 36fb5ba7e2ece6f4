"""A throwaway CA and one certificate for every upstream host the stand-in answers for.

    python -m upstream.certs DIR   # writes DIR/ca.pem, DIR/cert.pem, DIR/key.pem

Clients trust ca.pem (REQUESTS_CA_BUNDLE=DIR/ca.pem); standin.py serves cert.pem and key.pem.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import trustme

# Every host akshare's fund functions used by etftool.marketdata call (see fixtures/README.md),
# plus wildcards for East Money's numbered mirrors (88.push2…, 2.push2…).
UPSTREAM_HOSTS = (
    "push2.eastmoney.com",
    "push2delay.eastmoney.com",
    "push2his.eastmoney.com",
    "*.push2.eastmoney.com",
    "*.eastmoney.com",
    "fund.10jqka.com.cn",
)


@dataclass(frozen=True)
class CertFiles:
    ca: Path  # what clients trust
    cert: Path  # the stand-in's certificate chain
    key: Path


def make_certs(directory: Path) -> CertFiles:
    directory.mkdir(parents=True, exist_ok=True)
    authority = trustme.CA(organization_name="ETFTool test upstream")
    issued = authority.issue_cert(*UPSTREAM_HOSTS)
    files = CertFiles(directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
    authority.cert_pem.write_to_path(str(files.ca))
    issued.private_key_pem.write_to_path(str(files.key))
    files.cert.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
    return files


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    made = make_certs(Path(sys.argv[1]))
    print(f"wrote {made.ca}, {made.cert}, {made.key}")
