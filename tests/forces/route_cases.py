"""Scope cases for the forces routes (collected by tests/test_routes.py)."""

from tests.test_routes import Case, _u


def _team(get):
    return f"/luc-luong/to/{get('team').pk}/"


def _member(get):
    return f"/luc-luong/thanh-vien/{get('leader').pk}/"


def _proposal(get):
    from antq.forces import services
    from tests.forces.test_views import team_leader_user

    team, leader = get("team"), get("leader")
    proposal = services.proposal_create(
        actor=team_leader_user(team), team=team, kind="end", member=leader, payload={}, reason="Chuyển đi"
    )
    return f"/luc-luong/de-nghi/{proposal.pk}/xu-ly/"


EXEMPT = {
    "api/v1/forces/teams": "list filtered by scope (tests/forces/test_api.py)",
    "api/v1/forces/members": "list filtered by scope (tests/forces/test_api.py)",
    "api/v1/forces/trainings": "list filtered by scope (tests/forces/test_api.py)",
}

CASES = {
    "api/v1/forces/teams/<team_id>": (
        Case("commune_officer", lambda get: f"/api/v1/forces/teams/{get('team').pk}"),
        Case("other_commune_officer", lambda get: f"/api/v1/forces/teams/{get('team').pk}"),
    ),
    "api/v1/forces/members/<member_id>": (
        Case("commune_officer", lambda get: f"/api/v1/forces/members/{get('leader').pk}"),
        Case("viewer", lambda get: f"/api/v1/forces/members/{get('leader').pk}"),
    ),
    "luc-luong/xa/<str:code>/danh-sach.xlsx": (
        Case("commune_officer", _u("/luc-luong/xa/12688/danh-sach.xlsx")),
        Case("viewer", _u("/luc-luong/xa/12688/danh-sach.xlsx")),
    ),
    "luc-luong/xa/<str:code>/nhap-danh-sach/": (
        Case("commune_officer", _u("/luc-luong/xa/12688/nhap-danh-sach/")),
        Case("other_commune_officer", _u("/luc-luong/xa/12688/nhap-danh-sach/")),
    ),
    "luc-luong/xa/<str:code>/": (
        Case("commune_officer", _u("/luc-luong/xa/12688/")),
        Case("other_commune_officer", _u("/luc-luong/xa/12688/")),
    ),
    "luc-luong/xa/<str:code>/them-to/": (
        Case("commune_officer", _u("/luc-luong/xa/12688/them-to/")),
        Case("viewer", _u("/luc-luong/xa/12688/them-to/")),
    ),
    "luc-luong/tinh/<str:code>/": (
        Case("province_officer", _u("/luc-luong/tinh/33/")),
        Case("province_officer", _u("/luc-luong/tinh/08/")),
    ),
    "luc-luong/to/<int:pk>/": (Case("commune_officer", _team), Case("other_commune_officer", _team)),
    "luc-luong/to/<int:pk>/sua/": (
        Case("commune_officer", lambda get: _team(get) + "sua/"),
        Case("other_commune_officer", lambda get: _team(get) + "sua/"),
    ),
    "luc-luong/to/<int:pk>/giai-the/": (
        Case(
            "commune_officer",
            lambda get: _team(get) + "giai-the/",
            method="post",
            ok=(302,),
            data={"on": "01/05/2025", "reason": "Sáp nhập", "confirm": "1"},
        ),
        Case("other_commune_officer", lambda get: _team(get) + "giai-the/", method="post"),
    ),
    "luc-luong/to/<int:pk>/them-thanh-vien/": (
        Case("commune_officer", lambda get: _team(get) + "them-thanh-vien/"),
        Case("viewer", lambda get: _team(get) + "them-thanh-vien/"),
    ),
    "luc-luong/thanh-vien/<int:pk>/": (Case("commune_officer", _member), Case("other_province_officer", _member)),
    "luc-luong/thanh-vien/<int:pk>/sua/": (
        Case("commune_officer", lambda get: _member(get) + "sua/"),
        Case("other_commune_officer", lambda get: _member(get) + "sua/"),
    ),
    "luc-luong/thanh-vien/<int:pk>/<slug:action>/": (
        Case(
            "commune_officer",
            lambda get: _member(get) + "training/",
            method="post",
            ok=(302,),
            data={
                "course": "Tập huấn",
                "start_date": "01/09/2024",
                "end_date": "02/09/2024",
                "hours": 8,
                "passed": "on",
            },
        ),
        Case("other_commune_officer", lambda get: _member(get) + "training/", method="post"),
    ),
    "luc-luong/to-cua-toi/": (
        Case("team_leader", _u("/luc-luong/to-cua-toi/")),
        Case("commune_officer", _u("/luc-luong/to-cua-toi/")),
    ),
    "luc-luong/de-nghi/<int:pk>/xu-ly/": (
        Case("commune_officer", _proposal, method="post", ok=(302,), data={"decision": "reject"}),
        Case("other_commune_officer", _proposal, method="post", data={"decision": "reject"}),
    ),
}
