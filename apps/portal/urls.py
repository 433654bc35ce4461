from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.portal.accounts.forms import ThrottledAuthenticationForm

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm,
                                                    redirect_authenticated_user=True), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/change/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("", include("apps.portal.campaigns.urls")),
]
