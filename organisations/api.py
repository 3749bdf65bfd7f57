"""API for organisations, services, people and their roles. Handlers make one domain call each."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from core.api_schemas import ERRORS, BodyIn
from organisations import selectors, services, services_people
from organisations.models import CommunicationNeed, ServiceType
from organisations.roles import Role

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str


class ServiceOut(Schema):
    id: int
    name: str
    service_type: ServiceType
    cqc_location_id: str
    address: str
    postcode: str
    phone: str
    archived_at: datetime | None


class ServiceIn(BodyIn):
    name: str = Field(min_length=1, max_length=200)
    service_type: ServiceType
    cqc_location_id: str = Field("", pattern=r"^(1-\d{6,11})?$")
    address: str = ""
    postcode: str = Field("", max_length=10)
    phone: str = Field("", max_length=30)


class ServicePatch(BodyIn):
    name: str | None = Field(None, min_length=1, max_length=200)
    service_type: ServiceType | None = None
    cqc_location_id: str | None = Field(None, pattern=r"^(1-\d{6,11})?$")
    address: str | None = None
    postcode: str | None = Field(None, max_length=10)
    phone: str | None = Field(None, max_length=30)


class RoleOut(Schema):
    id: int
    person_id: int
    role: Role
    all_services: bool
    service_ids: list[int]

    @staticmethod
    def resolve_service_ids(obj) -> list[int]:
        return sorted(s.id for s in obj.services.all())


class PersonOut(Schema):
    id: int
    full_name: str
    job_title: str
    email: str
    phone: str
    communication_needs: list[CommunicationNeed]
    has_login: bool
    archived_at: datetime | None
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(obj) -> list:
        return list(obj.role_assignments.all())


class PersonIn(BodyIn):
    full_name: str = Field(min_length=1, max_length=200)
    job_title: str = ""
    email: str = ""
    phone: str = ""
    communication_needs: list[CommunicationNeed] = []
    with_login: bool = False


class PersonPatch(BodyIn):
    full_name: str | None = Field(None, min_length=1, max_length=200)
    job_title: str | None = None
    email: str | None = None
    phone: str | None = None
    communication_needs: list[CommunicationNeed] | None = None


class RoleIn(BodyIn):
    role: Role
    all_services: bool = False
    service_ids: list[int] = []


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS}, summary="The token's organisation")
def organisation_list(request):
    return [request.scope.organisation]


@router.get("/services", response={200: list[ServiceOut], **ERRORS}, summary="Services you can see")
def service_list(request, include_archived: bool = False):
    return list(selectors.service_list(scope=request.scope, include_archived=include_archived))


@router.post("/services", response={201: ServiceOut, **ERRORS}, summary="Add a service (administrators)")
def service_create(request, payload: ServiceIn):
    return Status(201, services.service_create(scope=request.scope, **payload.model_dump()))


@router.get("/services/{service_id}", response={200: ServiceOut, **ERRORS})
def service_get(request, service_id: int):
    return selectors.service_get(scope=request.scope, service_id=service_id)


@router.patch(
    "/services/{service_id}", response={200: ServiceOut, **ERRORS}, summary="Change a service (administrators)"
)
def service_update(request, service_id: int, payload: ServicePatch):
    service = selectors.service_get(scope=request.scope, service_id=service_id)
    return services.service_update(scope=request.scope, service=service, **payload.model_dump(exclude_none=True))


@router.get("/people", response={200: list[PersonOut], **ERRORS}, summary="People you can see")
def person_list(request, search: str = ""):
    return list(selectors.person_list(scope=request.scope, search=search[:100]))


@router.post("/people", response={201: PersonOut, **ERRORS}, summary="Add a person (administrators)")
def person_create(request, payload: PersonIn):
    person = services_people.person_create(scope=request.scope, **payload.model_dump())
    return Status(201, selectors.person_get(scope=request.scope, person_id=person.id))


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS})
def person_get(request, person_id: int):
    return selectors.person_get(scope=request.scope, person_id=person_id)


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS}, summary="Change a person (administrators)")
def person_update(request, person_id: int, payload: PersonPatch):
    person = selectors.person_get(scope=request.scope, person_id=person_id)
    services_people.person_update(scope=request.scope, person=person, **payload.model_dump(exclude_none=True))
    return selectors.person_get(scope=request.scope, person_id=person_id)


@router.get("/memberships", response={200: list[RoleOut], **ERRORS}, summary="Roles held by people you can see")
def membership_list(request):
    return list(selectors.role_assignment_list(scope=request.scope))


@router.post("/people/{person_id}/roles", response={201: RoleOut, **ERRORS}, summary="Give a role (administrators)")
def membership_create(request, person_id: int, payload: RoleIn):
    person = selectors.person_get(scope=request.scope, person_id=person_id)
    chosen = list(selectors.service_list(scope=request.scope, include_archived=True).filter(id__in=payload.service_ids))
    if len(chosen) != len(set(payload.service_ids)):
        raise ValidationError({"service_ids": "Choose services of this organisation."})
    assignment = services_people.role_assign(
        scope=request.scope, person=person, role=payload.role, all_services=payload.all_services, services=chosen
    )
    return Status(201, assignment)


@router.delete("/memberships/{membership_id}", response={204: None, **ERRORS}, summary="End a role (administrators)")
def membership_delete(request, membership_id: int):
    assignment = selectors.role_assignment_list(scope=request.scope).get(id=membership_id)
    services_people.role_remove(scope=request.scope, assignment=assignment)
    return Status(204, None)
