from rest_framework.routers import SimpleRouter

from roviec.inspections.api import (
    ComplaintViewSet,
    DisciplineCaseViewSet,
    FindingVerdictViewSet,
    InspectionViewSet,
    ProgrammeViewSet,
)

router = SimpleRouter()
router.register("inspections", InspectionViewSet, basename="api-inspections")
router.register("inspection-findings", FindingVerdictViewSet, basename="api-inspection-findings")
router.register("inspection-programmes", ProgrammeViewSet, basename="api-inspection-programmes")
router.register("discipline-cases", DisciplineCaseViewSet, basename="api-discipline-cases")
router.register("complaints", ComplaintViewSet, basename="api-complaints")

urlpatterns = router.urls
