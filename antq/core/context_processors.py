"""Template context shared by every page."""

from django.http import HttpRequest
from django.urls import reverse

from antq.core.extensions import NAV, NavEntry


def _current(request: HttpRequest, entries: list[NavEntry]) -> NavEntry | None:
    """The menu entry of the section being shown (the phone's menu bar names it): the entry whose page is the
    longest prefix of this path, else the one of the same app."""
    path = request.path
    best: tuple[int, NavEntry] | None = None
    for entry in entries:
        url = reverse(entry.url_name)
        if path.startswith(url) and (best is None or len(url) > best[0]):
            best = (len(url), entry)
    if best is not None and best[0] > 1:
        return best[1]
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "")
    return next((e for e in entries if namespace and e.url_name.split(":")[0] == namespace), None)


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu entries this user may see (each view still enforces scope itself) and the current one."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_entries": [], "nav_current": None}
    entries = [entry for entry in NAV if entry.visible(user)]
    return {"nav_entries": entries, "nav_current": _current(request, entries) if entries else None}
