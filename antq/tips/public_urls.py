"""The public portal's routes (no login)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
