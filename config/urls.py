from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from community.views import healthz

admin.site.site_header = _("Kongsi — management")
admin.site.site_title = _("Kongsi")
admin.site.index_title = _("Community management")

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema"),
        name="api-docs",
    ),
    path(
        "manifest.webmanifest",
        TemplateView.as_view(
            template_name="manifest.webmanifest",
            content_type="application/manifest+json",
        ),
        name="manifest",
    ),
    path("healthz", healthz, name="healthz"),
    path("", include("catalog.urls")),
    path("", include("imports.urls")),
    path("", include("orders.urls")),
    path("", include("settlements.urls")),
    path("", include("returns.urls")),
    path("", include("charity.urls")),
    path("", include("training.urls")),
    path("", include("insights.urls")),
    path("", include("community.urls")),
]

if settings.KONGSI_SERVE_MEDIA:
    # Public catalog photos only; private files go through checked views.
    urlpatterns.insert(
        0,
        re_path(
            r"^media/(?P<path>.+)$",
            serve,
            {"document_root": settings.STORAGES["default"]["OPTIONS"]["location"]},
            name="media",
        ),
    )
