from rest_framework.routers import SimpleRouter

from roviec.documents.api import DocumentTypeViewSet, DocumentViewSet
from roviec.documents.ingest_api import IngestionViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-documents")
router.register("document-types", DocumentTypeViewSet, basename="api-document-types")
router.register("ingestions", IngestionViewSet, basename="api-ingestions")

urlpatterns = router.urls
