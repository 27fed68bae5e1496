from django.urls import path

from insights import views
from insights.impact import views as impact_views

app_name = "insights"

urlpatterns = [
    path("ringkasan/", views.dashboard, name="dashboard"),
    path("ringkasan/pesanan/", views.order_list, name="order_list"),
    path("ringkasan/unduh/", views.export_page, name="exports"),
    path("ringkasan/unduh/file/", views.export_download, name="export_download"),
    path("ringkasan/dampak/", impact_views.report_page, name="impact"),
    path("ringkasan/dampak/laporan.pdf", impact_views.report_pdf, name="impact_pdf"),
    path(
        "ringkasan/dampak/unduh/<slug:table>/",
        impact_views.table_download,
        name="impact_table",
    ),
    path(
        "ringkasan/dampak/pengaturan/",
        impact_views.settings_page,
        name="impact_settings",
    ),
]
