from rest_framework.routers import SimpleRouter

from roviec.orgs.api import PersonViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="api-units")
router.register("people", PersonViewSet, basename="api-people")

urlpatterns = router.urls
