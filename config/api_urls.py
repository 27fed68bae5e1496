"""``/api/v1/``: each app contributes its own routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("community.api_urls")),
    path("", include("catalog.api_urls")),
    # Before orders: "orders/imports/" must not reach the orders router.
    path("", include("imports.api_urls")),
    path("", include("orders.api_urls")),
    path("", include("settlements.api_urls")),
    path("", include("returns.api_urls")),
    path("", include("charity.api_urls")),
    path("", include("training.api_urls")),
    path("", include("insights.api_urls")),
]
