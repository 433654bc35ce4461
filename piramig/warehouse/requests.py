"""Campaign decisions asked from the web application. The application never writes the warehouse (DuckDB allows
one writer, the pipeline): it drops a request in the home's requests/ folder, and the next run applies it with the
same functions as `piramig campaign`, then records what came of it in `audit.campaign_requests`, which the
application reads in the published warehouse.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from piramig.settings import Home
from piramig.vocabulary import CampaignDecision
from piramig.warehouse import campaign
from piramig.warehouse.schema import transaction

APPROVE = "validation"


@dataclass(frozen=True)
class CampaignRequest:
    action: str  # APPROVE, or a CampaignDecision
    year: int
    by: str
    region: str | None = None
    submission_id: str | None = None  # for an approval: the submission the coordinator read
    force: bool = False  # for a closing: close even with regions without data or in anomaly
    requested_at: str = ""
    request_id: str = ""


def write_request(home: Home, request: CampaignRequest) -> CampaignRequest:
    """Drops the request atomically (written beside, then renamed): a run never reads half of one."""
    request = CampaignRequest(**{**asdict(request), "request_id": request.request_id or uuid.uuid4().hex,
                                 "requested_at": request.requested_at or dt.datetime.now().isoformat()})
    home.requests.mkdir(parents=True, exist_ok=True)
    staging = home.requests / f".{request.request_id}.tmp"
    staging.write_text(json.dumps(asdict(request), ensure_ascii=False), encoding="utf-8")
    os.replace(staging, home.requests / f"{request.request_id}.json")
    return request


def waiting_requests(home: Home) -> list[Path]:
    """The requests not applied yet, oldest first."""
    if not home.requests.exists():
        return []
    return sorted(home.requests.glob("*.json"), key=lambda p: (p.stat().st_mtime_ns, p.name))


def read_waiting_requests(home: Home) -> list[CampaignRequest]:
    """The waiting requests themselves, for a page that says what is pending."""
    found = []
    for path in waiting_requests(home):
        try:
            found.append(CampaignRequest(**json.loads(path.read_text(encoding="utf-8"))))
        except FileNotFoundError:
            continue  # applied and removed meanwhile
    return found


def _apply(con: duckdb.DuckDBPyConnection, request: CampaignRequest) -> None:
    if request.action == APPROVE:
        campaign.approve(con, request.year, request.region or "", request.by, request.submission_id)
    elif request.action == CampaignDecision.CLOSE:
        campaign.close(con, request.year, request.by, force=request.force)
    elif request.action == CampaignDecision.REOPEN:
        campaign.reopen(con, request.year, request.by)
    else:
        raise campaign.CampaignError(f"Demande inconnue : « {request.action} ».")


def apply_requests(con: duckdb.DuckDBPyConnection, home: Home) -> list[tuple[CampaignRequest, str | None]]:
    """Applies the waiting requests in order; each is recorded, accepted or refused with the reason, then removed.
    Returns (request, reason of refusal or None)."""
    done = []
    for path in waiting_requests(home):
        request = CampaignRequest(**json.loads(path.read_text(encoding="utf-8")))
        recorded = con.execute("SELECT count(*) FROM audit.campaign_requests WHERE demande_id = ?",
                               [request.request_id]).fetchone()[0]
        if not recorded:  # a run killed after recording and before removing: applied once only
            with transaction(con):
                try:
                    _apply(con, request)
                    reason = None
                except campaign.CampaignError as error:
                    reason = str(error)
                con.execute("INSERT INTO audit.campaign_requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [request.request_id, request.action, request.year, request.region,
                             request.submission_id, request.by, dt.datetime.fromisoformat(request.requested_at),
                             dt.datetime.now(), reason is None, reason])
            done.append((request, reason))
        path.unlink()
    return done
