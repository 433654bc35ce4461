"""Accounts, as `piramig users` manages them (the admin pages do the same through Django's admin)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from apps.portal.accounts.models import Account, Role, valid_regions


class AccountError(Exception):
    """A refused account operation, said in French."""


@dataclass(frozen=True)
class AccountLine:
    email: str
    role: str
    regions: list[str]
    active: bool


def add_user(email: str, role: str, regions: list[str], password: str) -> Account:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise AccountError(f"adresse électronique invalide : {email}") from error
    if role not in Role.values:
        raise AccountError(f"rôle « {role} » inconnu : {', '.join(Role.values)}")
    try:
        regions = valid_regions(regions)
    except ValueError as error:
        raise AccountError(str(error)) from error
    if role == Role.COORDINATOR and not regions:
        raise AccountError("un compte coordinateur a au moins une région (--region CODE)")
    if role != Role.COORDINATOR and regions:
        raise AccountError("seul un compte coordinateur a des régions : la DGOS lit toutes les régions")
    User = get_user_model()
    if User.objects.filter(username=email).exists():
        raise AccountError(f"le compte {email} existe déjà")
    try:
        validate_password(password)
    except ValidationError as error:
        raise AccountError("mot de passe refusé : " + " ".join(error.messages)) from error
    admin = role == Role.ADMIN
    with transaction.atomic():
        user = User.objects.create_user(username=email, email=email, password=password,
                                        is_staff=admin, is_superuser=admin)
        return Account.objects.create(user=user, role=role, regions=regions)


def list_users() -> list[AccountLine]:
    return [AccountLine(a.user.username, a.role, list(a.regions), a.user.is_active)
            for a in Account.objects.select_related("user").order_by("user__username")]


def disable_user(email: str) -> None:
    updated = get_user_model().objects.filter(username=email.strip().lower()).update(is_active=False)
    if not updated:
        raise AccountError(f"aucun compte {email}")
