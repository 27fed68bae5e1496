from django.urls import path

from community import offline, views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("profil/", views.profile, name="profile"),
    path("profil/toko/baru/", views.shop_create, name="shop_create"),
    path("profil/toko/<int:pk>/", views.shop_edit, name="shop_edit"),
    path("anggota/", views.member_directory, name="member_list"),
    path("anggota/daftar/", views.member_register, name="member_register"),
    path("pemberitahuan/dibaca/", views.notifications_read, name="notifications_read"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
    path("profil/hemat-kuota/", offline.low_data_toggle, name="low_data"),
]
