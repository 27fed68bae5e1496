from django.urls import path

from orders import packing_views, share, views

app_name = "orders"

urlpatterns = [
    path("pesanan/", views.order_list, name="order_list"),
    path("pesanan/baru/", views.order_create, name="order_create"),
    path("pesanan/pisah-alamat/", views.recipient_parse, name="recipient_parse"),
    path("pesanan/bagikan/", share.share_receive, name="share_target"),
    path("pesanan/bagikan/lampirkan/", share.share_attach, name="share_attach"),
    path("pesanan/pengiriman/", views.fulfilment, name="fulfilment"),
    path("pesanan/pengiriman/massal/", views.fulfilment_bulk, name="fulfilment_bulk"),
    path(
        "pesanan/pengiriman/label/",
        packing_views.fulfilment_labels,
        name="fulfilment_labels",
    ),
    path(
        "pesanan/pengiriman/ambil/",
        packing_views.fulfilment_pick_list,
        name="fulfilment_pick_list",
    ),
    path("pesanan/pengiriman/pindai/", packing_views.scan_to_pack, name="scan_to_pack"),
    path("pesanan/pengiriman/pindai/kemas/", packing_views.scan_pack, name="scan_pack"),
    path("pesanan/<int:pk>/", views.order_detail, name="order_detail"),
    path("pesanan/<int:pk>/ubah/", views.order_edit, name="order_edit"),
    path("pesanan/<int:pk>/label/", views.order_label, name="order_label"),
    path("pesanan/<int:pk>/slip/", views.packing_slip, name="packing_slip"),
    path("pesanan/<int:pk>/kirim/", views.order_submit_view, name="order_submit"),
    path("pesanan/<int:pk>/batal/", views.order_cancel_view, name="order_cancel"),
    path("pesanan/<int:pk>/kemas/", views.order_pack_view, name="order_pack"),
    path("pesanan/<int:pk>/resi/", views.order_ship_view, name="order_ship"),
    path(
        "pesanan/<int:pk>/resi-awal/",
        packing_views.order_tracking,
        name="order_tracking",
    ),
    path("pesanan/<int:pk>/selesai/", views.order_complete_view, name="order_complete"),
]
