"""Placeholder: the API router is built in issue 4."""

urlpatterns: list = []
