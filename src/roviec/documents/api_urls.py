from rest_framework.routers import SimpleRouter

from roviec.documents.api import DocumentTypeViewSet, DocumentViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-documents")
router.register("document-types", DocumentTypeViewSet, basename="api-document-types")

urlpatterns = router.urls
