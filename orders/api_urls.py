from rest_framework.routers import SimpleRouter

from orders import api

router = SimpleRouter()
router.register("orders", api.OrderViewSet, basename="order")

urlpatterns = router.urls
