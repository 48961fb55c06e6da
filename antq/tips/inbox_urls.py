"""The police inbox's routes (officers, scoped by unit)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
