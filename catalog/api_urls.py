from rest_framework.routers import SimpleRouter

from catalog import api

router = SimpleRouter()
router.register("categories", api.CategoryViewSet, basename="category")
router.register("products", api.ProductViewSet, basename="product")
router.register("variants", api.VariantViewSet, basename="variant")

urlpatterns = router.urls
