from rest_framework.routers import SimpleRouter

from roviec.tasks.api import ExtensionViewSet, ReportViewSet, TaskViewSet

router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="api-tasks")
router.register("reports", ReportViewSet, basename="api-reports")
router.register("extensions", ExtensionViewSet, basename="api-extensions")

urlpatterns = router.urls
