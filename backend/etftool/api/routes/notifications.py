"""Notification channels (Telegram, ServerChan, WeCom, DingTalk, Feishu, Bark, PushPlus,
ntfy, generic webhook), their test messages and delivery logs (see
etftool.userdata.channels), and the daily summary (see etftool.userdata.summary)."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from etftool.api.deps import Channels, Outbound, ReadingSession, Summary, WritingSession
from etftool.api.identity import CurrentCaller
from etftool.api.responses import errors
from etftool.api.security import MaySeeSecrets, RequireApiKey
from etftool.api.strict_json import StrictJsonRoute
from etftool.userdata import channels
from etftool.userdata.channels import channel_schema, delivery_schema
from etftool.userdata.schemas import (
    MAX_ROW_ID,
    Channel,
    ChannelCreate,
    ChannelDeliveriesResponse,
    ChannelDelivery,
    ChannelsResponse,
    ChannelUpdate,
    SummarySent,
)

router = APIRouter(
    prefix="/notifications",
    tags=["notifications"],
    dependencies=[RequireApiKey],
    route_class=StrictJsonRoute,
    responses=errors(503),
)

ChannelId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="id of the channel")]


@router.get("/channels", response_model=ChannelsResponse, summary="Notification channels")
def list_channels(session: ReadingSession, may_see_secrets: MaySeeSecrets) -> ChannelsResponse:
    """Secrets are masked to a request without the API key (when one is set): URLs keep
    scheme, host and port, tokens and keys read "***"."""
    return ChannelsResponse(
        items=[channel_schema(channel, may_see_secrets) for channel in channels.list_channels(session)]
    )


@router.post(
    "/channels",
    response_model=Channel,
    status_code=status.HTTP_201_CREATED,
    summary="Add a notification channel",
    responses=errors(415, 507),
)
def create_channel(body: ChannelCreate, session: WritingSession, policy: Outbound) -> Channel:
    """422 when a URL's target is one the server may not call (see WEBHOOK_ALLOWED_NETWORKS)."""
    return channel_schema(channels.create_channel(session, body, policy))


@router.patch(
    "/channels/{channel_id}",
    response_model=Channel,
    summary="Rename, switch or reconfigure a channel",
    responses=errors(404, 415, 507),
)
def update_channel(
    channel_id: ChannelId, body: ChannelUpdate, session: WritingSession, policy: Outbound
) -> Channel:
    return channel_schema(channels.update_channel(session, channel_id, body, policy))


@router.delete(
    "/channels/{channel_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a channel and its delivery log",
    responses=errors(404, 507),
)
def delete_channel(channel_id: ChannelId, session: WritingSession) -> Response:
    channels.delete_channel(session, channel_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/channels/{channel_id}/test",
    response_model=ChannelDelivery,
    summary="Send a test message",
    responses=errors(404, 507),
)
def test_channel(channel_id: ChannelId, dispatcher: Channels, caller: CurrentCaller) -> ChannelDelivery:
    """One attempt, disabled channels included; the answer is the delivery as logged, with
    the service's own error when it refused the message."""
    return delivery_schema(dispatcher.send_test(channel_id, caller.user_id))


@router.get(
    "/channels/{channel_id}/deliveries",
    response_model=ChannelDeliveriesResponse,
    summary="A channel's delivery log",
    responses=errors(404),
)
def list_deliveries(channel_id: ChannelId, session: ReadingSession) -> ChannelDeliveriesResponse:
    return ChannelDeliveriesResponse(
        items=[delivery_schema(delivery) for delivery in channels.list_deliveries(session, channel_id)]
    )


@router.post(
    "/summary/send",
    response_model=SummarySent,
    summary="Send today's daily summary now",
    responses=errors(507),
)
def send_summary(job: Summary, caller: CurrentCaller) -> SummarySent:
    """To the enabled channels that opt in, whatever the time, for trying it out; the summary
    after the close still goes out as usual."""
    day, sent_to = job.send_now(caller.user_id)
    return SummarySent(day=day, channels=sent_to)
