"""The tip app's pages: the public portal (no login; public_urls) and the police's inbox (inbox_urls)."""

from antq.tips import inbox_urls, public_urls

app_name = "tips"
urlpatterns = public_urls.urlpatterns + inbox_urls.urlpatterns
