"""The API app's own endpoints: who am I (`/me`) and my API tokens (`/tokens`)."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from antq.accounts.scope import scope_for
from antq.api import selectors, services
from antq.api.auth import api_user, session_auth
from antq.api.filters import Id
from antq.api.models import ApiToken
from antq.api.pagination import PagePagination
from antq.geo.models import AdminUnit

router = Router(tags=["Tài khoản và mã truy cập"])


class GrantOut(Schema):
    role: str
    unit_code: str
    unit_name: str
    level: str


class MeOut(Schema):
    username: str
    full_name: str
    grants: list[GrantOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None = Field(None, description="Lần dùng gần nhất (chính xác đến khoảng một phút).")
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(Schema):
    name: str


@router.get("/me", response=MeOut, url_name="me", summary="Tài khoản đang gọi API và phạm vi của nó")
def me(request: HttpRequest) -> dict[str, object]:
    user = api_user(request)
    grants = scope_for(user).grants
    units = AdminUnit.objects.in_bulk([g.unit_id for g in grants])
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "grants": [
            {"role": g.role, "unit_code": units[g.unit_id].code, "unit_name": units[g.unit_id].name, "level": g.level}
            for g in grants
        ],
    }


@router.get("/tokens", response=list[TokenOut], url_name="token_list", summary="Các mã truy cập của tôi")
@paginate(PagePagination)
def token_list(request: HttpRequest) -> QuerySet[ApiToken]:
    return selectors.api_tokens_for(api_user(request))


# Issuing needs the browser session: a leaked token must not be able to mint more tokens.
@router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    auth=[session_auth],
    url_name="token_create",
    summary="Cấp mã truy cập mới (chỉ hiện mã một lần)",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    user = api_user(request)
    token, raw = services.api_token_create(actor=user, user=user, name=payload.name)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.post("/tokens/{token_id}/revoke", response=TokenOut, url_name="token_revoke", summary="Thu hồi mã truy cập")
def token_revoke(request: HttpRequest, token_id: Id) -> ApiToken:
    token = selectors.get_api_token_for(api_user(request), token_id)
    return services.api_token_revoke(actor=api_user(request), token=token)
