from django.urls import path

from settlements import views

app_name = "settlements"

urlpatterns = [
    path("setor/", views.settlement_list, name="settlement_list"),
    path("setor/baru/", views.settlement_create, name="settlement_create"),
    path("setor/<int:pk>/", views.settlement_detail, name="settlement_detail"),
    path("setor/<int:pk>/bukti/", views.settlement_proof, name="settlement_proof"),
    path("setor/<int:pk>/batal/", views.settlement_cancel, name="settlement_cancel"),
    path("rekonsiliasi/bukti/<int:pk>/", views.proof_image, name="proof_image"),
]
