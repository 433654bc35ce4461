from django.urls import path, register_converter

from apps.portal.campaigns import views


class RegionCode:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RegionCode, "region")
app_name = "campaigns"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("depot/", views.UploadView.as_view(), name="upload"),
    path("depot/<uuid:pk>/envoyer/", views.SendView.as_view(), name="send"),
    path("region/<region:code>/", views.RegionView.as_view(), name="region"),
    path("region/<region:code>/<int:year>/", views.RegionYearView.as_view(), name="region_year"),
    path("region/<region:code>/<int:year>/valider/", views.ApproveView.as_view(), name="approve"),
    path("region/<region:code>/<int:year>/indicateurs.csv", views.IndicatorsDownloadView.as_view(),
         name="indicators_csv"),
    path("region/<region:code>/<int:year>/synthese.<str:extension>", views.SynthesisView.as_view(),
         name="synthesis"),
    path("region/<region:code>/<int:year>/envois/<slug:submission_id>.<str:extension>", views.ReportView.as_view(),
         name="report"),
    path("campagnes/", views.CampaignTableView.as_view(), name="campaign"),
    path("campagnes/<int:year>/", views.CampaignTableView.as_view(), name="campaign_year"),
    path("campagnes/<int:year>/clore/", views.CloseView.as_view(), name="close"),
    path("campagnes/<int:year>/national.<str:extension>", views.NationalSynthesisView.as_view(),
         name="national_synthesis"),
]
