from rest_framework.routers import SimpleRouter

from training import api

router = SimpleRouter()
router.register("training/stages", api.StageViewSet, basename="training-stage")
router.register(
    "training/enrollments", api.EnrollmentViewSet, basename="training-enrollment"
)

urlpatterns = router.urls
