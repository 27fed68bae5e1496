from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("retur/", views.return_list, name="return_list"),
    path("retur/ajukan/<int:order_pk>/", views.return_create, name="return_create"),
    path("retur/antrian/", views.queue, name="queue"),
    path("retur/saldo/", views.credit, name="credit"),
    path("retur/saldo/koreksi/", views.credit_adjust, name="credit_adjust"),
    path("retur/foto/<int:pk>/", views.photo, name="photo"),
    path("retur/<int:pk>/", views.return_detail, name="return_detail"),
    path("retur/<int:pk>/terima/", views.return_approve, name="return_approve"),
    path("retur/<int:pk>/tolak/", views.return_reject, name="return_reject"),
]
