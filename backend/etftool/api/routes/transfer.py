"""Export of all user data as JSON, and its idempotent import (see etftool.userdata.transfer)."""

from fastapi import APIRouter

from etftool.api.deps import ExclusiveWritingSession, Outbound, ReadingSession
from etftool.api.responses import errors
from etftool.api.security import MaySeeSecrets, RequireApiKey
from etftool.api.strict_json import StrictJsonRoute
from etftool.db.types import utc_now
from etftool.userdata import transfer
from etftool.userdata.schemas import ImportReport, UserDataDocument

router = APIRouter(
    tags=["import/export"], dependencies=[RequireApiKey], route_class=StrictJsonRoute, responses=errors(503)
)


@router.get("/export", response_model=UserDataDocument, summary="All user data as one JSON document")
def export_user_data(session: ReadingSession, may_see_secrets: MaySeeSecrets) -> UserDataDocument:
    """Webhook URLs show only scheme, host and port without the API key (when one is set)."""
    return transfer.export_document(session, utc_now(), may_see_secrets)


# Exclusive: it merges into every table and checks the ledger as a whole.
@router.post(
    "/import",
    response_model=ImportReport,
    summary="Merge an exported document into the user data",
    responses=errors(415, 507),
)
def import_user_data(
    body: UserDataDocument, session: ExclusiveWritingSession, policy: Outbound
) -> ImportReport:
    """Idempotent: importing the same document again changes nothing."""
    return transfer.import_document(session, body, policy)
