"""The public portal's routes (no login, no session; antq/tips/public_views.py). Paths are Vietnamese words
without diacritics, as elsewhere in ANTQ."""

from django.urls import URLPattern, path

from antq.tips import public_views

urlpatterns: list[URLPattern] = [
    path("", public_views.portal, name="portal"),
    path("tra-cuu/", public_views.lookup, name="lookup"),
    path("tra-cuu/gui-them/", public_views.reply, name="reply"),
]
