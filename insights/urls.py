from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("ringkasan/", views.dashboard, name="dashboard"),
    path("ringkasan/pesanan/", views.order_list, name="order_list"),
    path("ringkasan/unduh/", views.export_page, name="exports"),
    path("ringkasan/unduh/file/", views.export_download, name="export_download"),
]
