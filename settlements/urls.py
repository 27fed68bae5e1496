from django.urls import path

from settlements import reconciliation_views, views

app_name = "settlements"

urlpatterns = [
    path("setor/", views.settlement_list, name="settlement_list"),
    path("setor/baru/", views.settlement_create, name="settlement_create"),
    path("setor/<int:pk>/", views.settlement_detail, name="settlement_detail"),
    path("setor/<int:pk>/bukti/", views.settlement_proof, name="settlement_proof"),
    path("setor/<int:pk>/batal/", views.settlement_cancel, name="settlement_cancel"),
    path("rekonsiliasi/bukti/<int:pk>/", views.proof_image, name="proof_image"),
]

# The treasurer's phone page (leader too): statements, photos, unmatched lines.
urlpatterns += [
    path(
        "rekonsiliasi/",
        reconciliation_views.reconciliation_page,
        name="reconciliation",
    ),
    path(
        "rekonsiliasi/baris/<int:pk>/cocokkan/",
        reconciliation_views.line_match,
        name="reconciliation_line_match",
    ),
    path(
        "rekonsiliasi/baris/<int:pk>/sisihkan/",
        reconciliation_views.line_ignore,
        name="reconciliation_line_ignore",
    ),
    path(
        "rekonsiliasi/setoran/<int:pk>/konfirmasi/",
        reconciliation_views.settlement_confirm,
        name="reconciliation_confirm",
    ),
    path(
        "rekonsiliasi/setoran/<int:pk>/tolak/",
        reconciliation_views.settlement_reject,
        name="reconciliation_reject",
    ),
]
