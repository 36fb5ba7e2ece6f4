"""Price and signal alerts and the record of their triggers (see etftool.userdata.alerts for the
one-shot and re-arming semantics)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from etftool.api.deps import Monitor, Outbound, Quotes, ReadingSession, WritingSession
from etftool.api.responses import errors
from etftool.api.security import MaySeeSecrets, RequireApiKey
from etftool.api.strict_json import StrictJsonRoute
from etftool.userdata import alerts
from etftool.userdata.alerts import alert_schema, trigger_schema
from etftool.userdata.quotes import fetch_known_quote
from etftool.userdata.schemas import (
    MAX_ROW_ID,
    Alert,
    AlertCreate,
    AlertsResponse,
    AlertUpdate,
    TriggeredAlertsResponse,
)

router = APIRouter(
    prefix="/alerts",
    tags=["alerts"],
    dependencies=[RequireApiKey],
    route_class=StrictJsonRoute,
    responses=errors(503),
)

AlertId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="id of the alert")]


@router.get("", response_model=AlertsResponse, summary="Alerts")
def list_alerts(
    session: ReadingSession,
    may_see_secrets: MaySeeSecrets,
    active: Annotated[bool | None, Query(description="only active or inactive ones")] = None,
) -> AlertsResponse:
    """Webhook URLs show only scheme, host and port to a request without the API key (when one is set)."""
    return AlertsResponse(
        items=[alert_schema(alert, may_see_secrets) for alert in alerts.list_alerts(session, active)]
    )


@router.post(
    "",
    response_model=Alert,
    status_code=status.HTTP_201_CREATED,
    summary="Create an alert",
    responses=errors(415, 507),
)
def create_alert(body: AlertCreate, session: WritingSession, quotes: Quotes, policy: Outbound) -> Alert:
    """422 when the webhook's target is one webhooks may not call (see WEBHOOK_ALLOWED_NETWORKS)."""
    fetch_known_quote(quotes, body.code, ["body", "code"])
    return alert_schema(alerts.create_alert(session, body, policy))


@router.get(
    "/triggered",
    response_model=TriggeredAlertsResponse,
    summary="Triggered alerts, newest first",
    responses=errors(404),
)
def list_triggered_alerts(
    session: ReadingSession,
    alert_id: Annotated[
        int | None, Query(ge=1, le=MAX_ROW_ID, description="only this alert's triggers")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=alerts.MAX_TRIGGERS_LISTED)] = 200,
) -> TriggeredAlertsResponse:
    return TriggeredAlertsResponse(
        items=[trigger_schema(trigger) for trigger in alerts.list_triggers(session, alert_id, limit)]
    )


@router.post(
    "/check",
    response_model=TriggeredAlertsResponse,
    summary="Check every active alert now",
    responses=errors(507),
)
def check_alerts(monitor: Monitor) -> TriggeredAlertsResponse:
    """Runs what the periodic check runs, webhooks included; returns what triggered."""
    return TriggeredAlertsResponse(items=[trigger_schema(trigger) for trigger in monitor.check()])


@router.patch(
    "/{alert_id}",
    response_model=Alert,
    summary="Change, pause or re-arm an alert",
    responses=errors(404, 415, 507),
)
def update_alert(alert_id: AlertId, body: AlertUpdate, session: WritingSession, policy: Outbound) -> Alert:
    return alert_schema(alerts.update_alert(session, alert_id, body, policy))


@router.delete(
    "/{alert_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an alert and its triggers",
    responses=errors(404, 507),
)
def delete_alert(alert_id: AlertId, session: WritingSession) -> Response:
    alerts.delete_alert(session, alert_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
