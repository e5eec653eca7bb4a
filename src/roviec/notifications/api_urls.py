from rest_framework.routers import SimpleRouter

from roviec.notifications.api import NotificationViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="api-notifications")

urlpatterns = router.urls
