from django.contrib import admin
from django.urls import include, path

from programmas.api import api

admin.site.site_header = "Batenplan"
admin.site.site_title = "Batenplan"

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("programmas.urls")),
]
