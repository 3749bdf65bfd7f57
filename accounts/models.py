"""Logins and API tokens. What a login may do inside an organisation lives in organisations."""

import hashlib

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models

from core.tenancy import TenantManager


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A login needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str):
        """Signing in: an email address is the same whatever its capitals ("Margaret.Wilson@..."),
        as logins are saved in lower case and people type them as they like."""
        return self.get(email__iexact=(username or "").strip())

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields["is_staff"] = True
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser):
    """A login. The same login can belong to people in several organisations."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Only for operators of the deployment.")
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email


def hash_token(raw: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token for one organisation. Only its hash is stored."""

    TENANT_PATH = "organisation"
    PREFIX_LENGTH = 8

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, help_text="The first characters, to recognise a token.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, *, now) -> bool:
        return self.revoked_at is None and self.expires_at > now
