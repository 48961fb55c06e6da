"""No link a user is shown answers them 404, 403 or 500 (issue 17).

For each role of the test world: log in, open the start page (following its redirect), follow every internal link
on it and on every page one click away (GET only, same origin; logout, downloads and the API left out), and assert
each answers 200 or a redirect to such a page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

# Downloads (generated files) and pages that are not a person's navigation.
SKIP = re.compile(r"(\.(xlsx|docx|pdf|csv|png|jpg|zip)$)|^/api/|^/static/|^/media/|dang-xuat|/tai-ve|/tai-xuong|/mau/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal_links(page_path: str, html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    links = set()
    for href in parser.hrefs:
        if href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urlsplit(urljoin(f"http://testserver{page_path}", href))
        if url.netloc != "testserver" or SKIP.search(url.path):
            continue
        links.add(url.path + (f"?{url.query}" if url.query else ""))
    return links


def _get(client, path: str):
    response = client.get(path)
    hops = 0
    while response.status_code in (301, 302) and hops < 5:
        path = urljoin(f"http://testserver{path}", response["Location"]).removeprefix("http://testserver")
        response = client.get(path)
        hops += 1
    return path, response


ROLES = ["ministry_officer", "province_officer", "commune_officer", "viewer", "team_leader"]
# Rows every role's pages link to: teams, members, a leader, sites, activities, proposals, entered figures.
WORLD = ["leader", "team_leader", "other_team", "dong_site", "tan_site", "activity", "festival", "submitted_proposal"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_link_one_click_from_home_answers(client, request, settings, role):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    for name in WORLD:
        request.getfixturevalue(name)
    user = request.getfixturevalue(role)
    client.force_login(user)
    start, response = _get(client, "/")
    assert response.status_code == 200, start
    broken: dict[str, str] = {}
    seen = {start}
    first = _internal_links(start, response.content.decode())
    pages = [(start, first)]
    for link in sorted(first - seen):
        seen.add(link)
        final, answer = _get(client, link)
        if answer.status_code != 200:
            broken[link] = f"{answer.status_code} (on {start})"
        elif answer.get("Content-Type", "").startswith("text/html"):
            pages.append((final, _internal_links(final, answer.content.decode())))
    for page, links in pages[1:]:
        for link in sorted(links - seen):
            seen.add(link)
            _final, answer = _get(client, link)
            if answer.status_code != 200:
                broken[link] = f"{answer.status_code} (on {page})"
    assert len(seen) > 5, seen  # the crawl really walked the user's pages
    assert not broken, broken


@pytest.mark.django_db
def test_a_team_leader_lands_on_their_team_page(client, team_leader, team):
    """After login (and from the start page) a team leader lands on their team's page, not the commune's."""
    from tests.conftest import PASSWORD

    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": team_leader.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/luc-luong/to-cua-toi/"
    assert team.name in response.content.decode()


@pytest.mark.django_db
def test_a_commune_officer_sees_units_above_theirs_as_plain_text(client, commune_officer, province_officer):
    """The breadcrumb names the province and the nation but links only what the user may open."""
    client.force_login(commune_officer)
    crumbs = re.search(r'<nav class="crumbs">(.*?)</nav>', client.get("/dia-ban/xa/12688/").content.decode()).group(1)
    assert "<span>Toàn quốc</span>" in crumbs and "<span>Tỉnh Hưng Yên</span>" in crumbs, crumbs
    assert "/dia-ban/tinh/33/" not in crumbs
    client.force_login(province_officer)
    crumbs = re.search(r'<nav class="crumbs">(.*?)</nav>', client.get("/dia-ban/xa/12688/").content.decode()).group(1)
    assert '<a href="/dia-ban/tinh/33/">Tỉnh Hưng Yên</a>' in crumbs and "<span>Toàn quốc</span>" in crumbs, crumbs
