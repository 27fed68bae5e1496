from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("pesanan/impor/", views.import_start, name="import_start"),
    path("pesanan/impor/<int:pk>/", views.import_review, name="import_review"),
    path("pesanan/impor/<int:pk>/sku/", views.import_sku, name="import_sku"),
    path(
        "pesanan/impor/<int:pk>/konfirmasi/",
        views.import_confirm,
        name="import_confirm",
    ),
    path("pesanan/stok-habis/<int:pk>/", views.stockout_tick, name="stockout_tick"),
]
