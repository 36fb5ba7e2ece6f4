"""ChannelSender's retries: which answers are tried again, and the growing waits between."""

import ipaddress
from collections.abc import Iterator
from itertools import pairwise

import httpx

from etftool.userdata.channel_sender import ChannelSender
from etftool.userdata.outbound import OutboundPolicy

POLICY = OutboundPolicy(resolve=lambda _host, _port: [ipaddress.ip_address("93.184.215.14")])
ROBOT = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6"
# How the sender words the robot's answer to too many messages.
BUSY = "errcode 45009: api freq out of limit"


def answer(status: int) -> httpx.Response:
    """As the robot answers: a success, or an error code and its words."""
    if status == 200:
        return httpx.Response(200, json={"errcode": 0, "errmsg": "ok"})
    return httpx.Response(status, json={"errcode": 45009, "errmsg": "api freq out of limit"})


def sender_answering(statuses: list[int], retry_wait_s: float) -> ChannelSender:
    """A sender whose service answers each attempt with the next of `statuses`."""
    answers: Iterator[int] = iter(statuses)
    transport = httpx.MockTransport(lambda _request: answer(next(answers)))
    return ChannelSender(
        timeout_s=5.0, attempts=len(statuses), retry_wait_s=retry_wait_s, policy=POLICY, transport=transport
    )


def robot_message() -> httpx.Request:
    return httpx.Request("POST", ROBOT, json={"msgtype": "text", "text": {"content": "hello"}})


def test_busy_answers_are_tried_again_after_waits_that_double() -> None:
    outcome = sender_answering([503, 429, 200], retry_wait_s=0.2).send("wecom", robot_message)

    assert [attempt.error for attempt in outcome.attempts] == [f"HTTP 5xx: {BUSY}", f"HTTP 4xx: {BUSY}", None]
    waits = [(later.at - earlier.at).total_seconds() for earlier, later in pairwise(outcome.attempts)]
    # At least the back-off: 0.2 s, then twice that (a busy machine only adds to them).
    assert waits[0] >= 0.2 and waits[1] >= 0.4, waits


def test_a_refusal_is_not_tried_again() -> None:
    outcome = sender_answering([400, 200], retry_wait_s=0.0).send("wecom", robot_message)

    assert [attempt.error for attempt in outcome.attempts] == [f"HTTP 4xx: {BUSY}"]
    assert not outcome.delivered
