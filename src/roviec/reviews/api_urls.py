from rest_framework.routers import SimpleRouter

from roviec.reviews.api import ReviewRunViewSet

router = SimpleRouter()
router.register("reviews", ReviewRunViewSet, basename="api-reviews")

urlpatterns = router.urls
