from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("katalog/", views.product_list, name="product_list"),
    path("katalog/kelola/", views.manage, name="manage"),
    path("katalog/kelola/ubah-harga-stok/", views.bulk_edit, name="bulk_edit"),
    path("katalog/kelola/stok-menipis/", views.low_stock, name="low_stock"),
    path("katalog/kelola/ekspor.csv", views.csv_export, name="csv_export"),
    path("katalog/kelola/impor/", views.csv_import, name="csv_import"),
    path(
        "katalog/kelola/produk/<slug:slug>/foto/",
        views.photo_upload,
        name="photo_upload",
    ),
    path("katalog/<slug:slug>/", views.product_detail, name="product_detail"),
    path("katalog/<slug:slug>/foto.zip", views.product_zip, name="product_zip"),
]
