"""The stand-in as the container tests run it: a program on a port, reached as a proxy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests  # arrives with akshare, which the conftest imports
import upstream.standin
from upstream.certs import CertFiles

from tests.marketdata.upstream_data import fixture_body

KLINE = "https://push2his.eastmoney.com/api/qt/stock/kline/get"


def start(certs: CertFiles, *mode: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    program = subprocess.Popen(
        [
            sys.executable,
            upstream.standin.__file__,
            "--port",
            "0",
            "--cert",
            str(certs.cert),
            "--key",
            str(certs.key),
            *mode,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert program.stdout is not None
    banner = program.stdout.readline()
    address = re.search(r"http://127\.0\.0\.1:\d+", banner)
    assert address, banner
    return program, {"https": address.group(0)}


@pytest.fixture
def standin(upstream_certs: CertFiles) -> Iterator[dict[str, str]]:
    program, proxies = start(upstream_certs)
    yield proxies
    program.terminate()
    program.wait(timeout=10)


def get(url: str, proxies: dict[str, str], ca: Path, **params: str) -> requests.Response:
    return requests.get(url, params=params, proxies=proxies, verify=str(ca), timeout=10)


def test_answers_the_fixture_matching_host_path_and_parameters(
    standin: dict[str, str], upstream_certs: CertFiles
) -> None:
    response = get(KLINE, standin, upstream_certs.ca, secid="1.510300", klt="101", fqt="2", beg="0", ut="x")
    assert response.status_code == 200
    assert response.json() == fixture_body("em_kline_510300_hfq.json")


def test_names_a_request_no_fixture_answers(standin: dict[str, str], upstream_certs: CertFiles) -> None:
    response = get(KLINE, standin, upstream_certs.ca, secid="1.519999", klt="101", fqt="1")
    assert response.status_code == 404
    assert response.json()["url"] == KLINE and response.json()["query"]["secid"] == "1.519999"


def test_error_mode_answers_502(upstream_certs: CertFiles) -> None:
    program, proxies = start(upstream_certs, "--mode", "error")
    try:
        assert get(KLINE, proxies, upstream_certs.ca, secid="1.510300").status_code == 502
    finally:
        program.terminate()
        program.wait(timeout=10)


def test_fixture_files_are_valid() -> None:
    for path in upstream.standin.FIXTURES.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"url", "match", "status", "content_type", "body"}, path.name
        assert "?" not in data["url"] and data["url"].startswith("https://"), path.name
