from django.db import models


class Role(models.TextChoices):
    PARTNER = "co_production_partner", "Co-production partner"
    STAFF = "staff", "Staff"
    SERVICE_MANAGER = "service_manager", "Service manager"
    QUALITY_LEAD = "quality_lead", "Quality lead"
    LEADER = "leader", "Leader or board member"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"
