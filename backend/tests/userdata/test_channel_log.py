from datetime import UTC, datetime, timedelta

from etftool.db import Database
from etftool.userdata import channels, schemas
from etftool.userdata.channel_sender import Attempt
from etftool.userdata.outbound import OutboundPolicy


def test_a_channel_keeps_its_newest_100_attempts(database: Database) -> None:
    start = datetime(2024, 6, 28, 1, 30, tzinfo=UTC)
    with database.writing() as session:
        channel_id, other_id = (
            channels.create_channel(
                session,
                schemas.ChannelCreate.model_validate({"name": "x", "config": config}),
                OutboundPolicy(),
            ).id
            for config in ({"kind": "bark", "device_key": "k"}, {"kind": "ntfy", "topic": "t"})
        )
    for number in range(105):
        with database.writing() as session:
            channels.record_attempts(
                session,
                other_id if number == 3 else channel_id,
                event="alert",
                trigger_id=number,
                attempts=[
                    Attempt(start + timedelta(seconds=number), number, "timeout" if number % 2 else None)
                ],
            )
    with database.writing() as session:
        retried = channels.record_attempts(
            session,
            other_id,
            event="test",
            trigger_id=None,
            attempts=[Attempt(start, 5, "HTTP 5xx"), Attempt(start, 7, None)],
        )

    with database.reading() as session:
        kept = channels.list_deliveries(session, channel_id)
        others = channels.list_deliveries(session, other_id)

    assert len(kept) == 100
    assert [delivery.trigger_id for delivery in kept[:2]] == [104, 103]
    assert kept[-1].trigger_id == 5  # 0, 1, 2 and 4 dropped; 3 is the other channel's
    assert [(entry.attempt, entry.delivered, entry.error) for entry in others[:2]] == [
        (2, True, None),
        (1, False, "HTTP 5xx"),
    ]
    assert retried.id == others[0].id
    assert [entry.trigger_id for entry in others[2:]] == [3]
