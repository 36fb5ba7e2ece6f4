from datetime import UTC, datetime, timedelta

from etftool.db import Database
from etftool.userdata import channels, schemas
from etftool.userdata.outbound import OutboundPolicy


def test_a_channel_keeps_its_newest_100_deliveries(database: Database) -> None:
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
            channels.record_delivery(
                session,
                other_id if number == 3 else channel_id,
                event="alert",
                trigger_id=number,
                attempted_at=start + timedelta(seconds=number),
                delivered=number % 2 == 0,
                attempts=1,
                latency_ms=number,
                error=None if number % 2 == 0 else "timeout",
            )

    with database.reading() as session:
        kept = channels.list_deliveries(session, channel_id)
        others = channels.list_deliveries(session, other_id)

    assert len(kept) == 100
    assert [delivery.trigger_id for delivery in kept[:2]] == [104, 103]
    assert kept[-1].trigger_id == 5  # 0, 1, 2 and 4 dropped; 3 is the other channel's
    assert [delivery.trigger_id for delivery in others] == [3]
