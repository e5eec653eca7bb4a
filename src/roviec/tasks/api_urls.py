from rest_framework.routers import SimpleRouter

from roviec.tasks.api import ReportViewSet, TaskViewSet

router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="api-tasks")
router.register("reports", ReportViewSet, basename="api-reports")

urlpatterns = router.urls
