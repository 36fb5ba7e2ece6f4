"""Each channel kind's request, in the format its service documents, and how to read its
answer. Building a request is pure: the time (for signatures) is passed in.

- Telegram: POST {api}/bot<token>/sendMessage, JSON chat_id + text (HTML parse mode);
  answers {"ok": true} or {"ok": false, "description": ...}.
- ServerChan: POST {api}/<SendKey>.send, form title + desp (markdown); answers {"code": 0}.
- WeCom group robot: POST the webhook, JSON msgtype "markdown"; answers {"errcode": 0}.
- DingTalk robot: POST the webhook with timestamp (ms) and sign =
  base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")) added to its query, JSON msgtype
  "markdown"; answers {"errcode": 0}.
- Feishu/Lark bot: POST the webhook, JSON msg_type "text", with timestamp (s) and sign =
  base64(HMAC-SHA256(key="<timestamp>\n<secret>", message="")) when it has a secret;
  answers {"code": 0}.
- Bark: POST {server}/push, JSON device_key, title, body, url, group; answers {"code": 200}.
- PushPlus: POST {api}/send, JSON token, title, content, template "markdown"; answers
  {"code": 200}.
- ntfy: POST {server}/ with JSON topic, title, message, markdown, click (JSON publishing
  keeps non-ASCII titles out of headers); a bearer token for protected topics.
- Generic webhook: POST JSON of the message and the trigger; with a secret,
  X-ETFTool-Timestamp and X-ETFTool-Signature: sha256=hex(HMAC-SHA256(secret,
  "<timestamp>.<body>")).
"""

import base64
import hashlib
import hmac
import html
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from etftool.userdata.models import ERROR_LENGTH
from etftool.userdata.notify_messages import Message
from etftool.userdata.settings import NotifySettings

USER_AGENT = "ETFTool-notifications"
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}


def build_request(
    config: Mapping[str, Any], message: Message, settings: NotifySettings, now_ms: int
) -> httpx.Request:
    kind = config["kind"]
    if kind == "telegram":
        return _post(
            f"{_base(settings.telegram_api_url)}/bot{config['bot_token']}/sendMessage",
            {
                "chat_id": config["chat_id"],
                "text": _telegram_html(message),
                "parse_mode": "HTML",
                "disable_web_page_preview": True,
            },
        )
    if kind == "serverchan":
        return httpx.Request(
            "POST",
            f"{_base(settings.serverchan_api_url)}/{config['send_key']}.send",
            data={"title": message.title, "desp": message.markdown(heading=False)},
            headers={"User-Agent": USER_AGENT},
        )
    if kind == "wecom":
        return _post(
            config["webhook_url"], {"msgtype": "markdown", "markdown": {"content": message.markdown()}}
        )
    if kind == "dingtalk":
        url = config["webhook_url"]
        if config.get("secret"):
            url = _with_query(url, timestamp=str(now_ms), sign=dingtalk_sign(config["secret"], now_ms))
        return _post(
            url, {"msgtype": "markdown", "markdown": {"title": message.title, "text": message.markdown()}}
        )
    if kind == "feishu":
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": message.text}}
        if config.get("secret"):
            seconds = now_ms // 1000
            body = {"timestamp": str(seconds), "sign": feishu_sign(config["secret"], seconds), **body}
        return _post(config["webhook_url"], body)
    if kind == "bark":
        bark: dict[str, Any] = {
            "device_key": config["device_key"],
            "title": message.title,
            "body": message.body_text,
            "group": "ETFTool",
        }
        if message.link:
            bark["url"] = message.link
        return _post(f"{_base(config.get('server_url') or settings.bark_api_url)}/push", bark)
    if kind == "pushplus":
        return _post(
            f"{_base(settings.pushplus_api_url)}/send",
            {
                "token": config["token"],
                "title": message.title,
                "content": message.markdown(heading=False),
                "template": "markdown",
            },
        )
    if kind == "ntfy":
        ntfy: dict[str, Any] = {
            "topic": config["topic"],
            "title": message.title,
            "message": message.markdown(heading=False),
            "markdown": True,
            "tags": ["chart_with_upwards_trend"],
        }
        if message.link:
            ntfy["click"] = message.link
        headers = {"Authorization": f"Bearer {config['access_token']}"} if config.get("access_token") else {}
        return _post(f"{_base(config.get('server_url') or settings.ntfy_api_url)}/", ntfy, headers)
    if kind == "webhook":
        content = json.dumps(webhook_payload(message), ensure_ascii=False).encode()
        headers = dict(JSON_HEADERS)
        if config.get("secret"):
            timestamp = str(now_ms // 1000)
            headers["X-ETFTool-Timestamp"] = timestamp
            headers["X-ETFTool-Signature"] = webhook_signature(config["secret"], timestamp, content)
        return httpx.Request("POST", config["url"], content=content, headers=headers)
    raise ValueError(f"unknown channel kind {kind!r}")


def answer_error(kind: str, status: int, body: bytes) -> str | None:
    """None when the service accepted the message, else what went wrong, with the service's
    own words when it gives them. Services such as DingTalk answer 200 with an error code."""
    accepted, detail = _READERS[kind](_json_object(body))
    if status < 300 and accepted:
        return None
    failure = "the service refused the message" if status < 300 else f"HTTP {status // 100}xx"
    return f"{failure}: {detail}"[:ERROR_LENGTH] if detail else failure


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(body)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _coded(
    answer: dict[str, Any], code_key: str, success: int, message_keys: tuple[str, ...]
) -> tuple[bool, str | None]:
    if code_key not in answer:
        return False, None
    words = next((answer[key] for key in message_keys if answer.get(key)), "")
    return answer[code_key] == success, f"{code_key} {answer[code_key]}: {words}".rstrip(": ")


AnswerReader = Callable[[dict[str, Any]], tuple[bool, str | None]]
_READERS: dict[str, AnswerReader] = {
    "telegram": lambda answer: (answer.get("ok") is True, answer.get("description")),
    "serverchan": lambda answer: _coded(answer, "code", 0, ("message", "info")),
    "wecom": lambda answer: _coded(answer, "errcode", 0, ("errmsg",)),
    "dingtalk": lambda answer: _coded(answer, "errcode", 0, ("errmsg",)),
    "feishu": lambda answer: _coded(answer, "code", 0, ("msg",)),
    "bark": lambda answer: _coded(answer, "code", 200, ("message",)),
    "pushplus": lambda answer: _coded(answer, "code", 200, ("msg",)),
    # The status says it.
    "ntfy": lambda answer: (True, answer.get("error")),
    "webhook": lambda answer: (True, None),
}


def webhook_payload(message: Message) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "event": message.event,
        "title": message.title,
        "message": message.text,
        "link": message.link,
    }
    notice = message.notice
    if notice is not None:
        payload.update(
            trigger_id=notice.trigger_id,
            alert_id=notice.alert_id,
            code=notice.code,
            name=notice.name,
            condition=notice.condition,
            threshold=notice.threshold,
            price=notice.price,
            change_pct=notice.change_pct,
            triggered_at=notice.triggered_at.isoformat(),
        )
    return payload


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    # Feishu keys the HMAC with the string to sign and hashes nothing (its documented sample).
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _post(url: str, body: dict[str, Any], headers: Mapping[str, str] | None = None) -> httpx.Request:
    content = json.dumps(body, ensure_ascii=False).encode()
    return httpx.Request("POST", url, content=content, headers={**JSON_HEADERS, **(headers or {})})


def _base(url: str) -> str:
    return url.rstrip("/")


def _with_query(url: str, **parameters: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in parameters]
    return urlunsplit(parts._replace(query=urlencode([*query, *parameters.items()])))


def _telegram_html(message: Message) -> str:
    lines = [f"<b>{html.escape(message.title)}</b>"]
    lines += [
        f"{html.escape(label)}: {html.escape(value)}" if label else html.escape(value)
        for label, value in message.lines
    ]
    if message.link:
        lines.append(f'<a href="{html.escape(message.link)}">{html.escape(message.link_label)}</a>')
    return "\n".join(lines)
