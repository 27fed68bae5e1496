from rest_framework.routers import SimpleRouter

from imports import api

router = SimpleRouter()
router.register("orders/imports", api.OrderImportViewSet, basename="order-import")

urlpatterns = router.urls
