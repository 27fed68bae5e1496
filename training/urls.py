from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("belajar/", views.path, name="path"),
    path("belajar/murid/", views.mentor_home, name="mentor"),
    path("belajar/murid/<int:pk>/", views.trainee_detail, name="trainee"),
    path(
        "belajar/murid/<int:pk>/centang/<int:item_id>/",
        views.item_tick,
        name="item_tick",
    ),
    path(
        "belajar/murid/<int:pk>/batal/<int:item_id>/",
        views.item_untick,
        name="item_untick",
    ),
    path("belajar/bukti/<int:check_id>/", views.evidence, name="evidence"),
    path("belajar/kamus/", views.glossary, name="glossary"),
    path("belajar/segmentasi/", views.segmentation, name="segmentation"),
    path("belajar/promo/", views.promo, name="promo"),
    path("belajar/promo/<int:pk>/hapus/", views.promo_delete, name="promo_delete"),
]
