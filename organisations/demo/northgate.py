"""The main demo organisation: six services, the people who run and use them with their roles, and
any extra services and people asked for (for benchmarks)."""

from __future__ import annotations

import datetime as dt
import random

from core import clock
from organisations import services
from organisations.demo._common import DemoLogin, DemoResult, _person
from organisations.models import CommunicationNeed, Person, RoleAssignment, Service, ServiceType
from organisations.roles import Role
from organisations.scope import system_scope
from themes.models import Framework, FrameworkVersion
from themes.services import framework_install, organisation_set_safeguarding_lead

# (name, type, CQC location ID, address, postcode, phone). The phone numbers are in the range Ofcom
# keeps for drama and examples (01632 960000-960999): no real line answers them.
NORTHGATE_SERVICES = [
    (
        "Rowan House",
        ServiceType.CARE_HOME_NURSING,
        "1-101234567",
        "14 Rowan Lane\nHarrogate",
        "HG1 2AB",
        "01632 960 101",
    ),
    ("Beech Court", ServiceType.CARE_HOME, "1-101234568", "2 Beech Road\nKnaresborough", "HG5 0AA", "01632 960 102"),
    (
        "Millbrook Supported Living",
        ServiceType.SUPPORTED_LIVING,
        "1-101234569",
        "Millbrook Way\nRipon",
        "HG4 1AB",
        "01632 960 103",
    ),
    (
        "Northgate Home Care",
        ServiceType.HOME_CARE,
        "1-101234570",
        "Unit 4, Station Yard\nHarrogate",
        "HG1 1TT",
        "01632 960 104",
    ),
    (
        "Northgate Community Mental Health",
        ServiceType.COMMUNITY_MENTAL_HEALTH,
        "1-101234571",
        "Church Street\nSelby",
        "YO8 4AA",
        "01632 960 105",
    ),
    ("Willow Day Opportunities", ServiceType.DAY_SERVICE, "", "The Old School\nTadcaster", "LS24 9AA", ""),
]
FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farid",
    "Gemma",
    "Harry",
    "Imogen",
    "Jamal",
    "Katie",
    "Liam",
    "Maya",
    "Nathan",
    "Olivia",
    "Patrick",
    "Rosa",
    "Samuel",
    "Tara",
    "Usman",
    "Victoria",
    "Wes",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Nowak",
    "Owen",
    "Patel",
    "Roberts",
    "Singh",
    "Taylor",
    "Walker",
]
# A tenant who came to Millbrook's quality meetings and took part in its co-production, moved out
# about seven months ago, and asked for her details to be removed: the demo removes them
# (`organisations.demo.data_protection`), so what she took part in is counted under a neutral name.
FORMER_MEMBER = "Doreen Pickering"
FORMER_MEMBER_LEFT_DAYS_AGO = 210


def _build_northgate(rng: random.Random, *, extra_services: int, extra_people: int) -> DemoResult:
    org = services.organisation_create(name="Northgate Care Partnership", slug="northgate-care")
    scope = system_scope(organisation=org, label="Demo set-up")
    result = DemoResult(organisation=org)
    svc = {}
    for name, kind, cqc, address, postcode, phone in NORTHGATE_SERVICES:
        svc[name] = services.service_create(
            scope=scope,
            name=name,
            service_type=kind,
            cqc_location_id=cqc,
            address=address,
            postcode=postcode,
            phone=phone,
        )
    rowan, beech, millbrook, homecare, cmht, willow = svc.values()

    def add(name, job, role, *, what, svcs=(), all_services=False, login=True, needs=()):
        email = name.lower().replace(" ", ".").replace("'", "") + "@northgate.example"
        _person(
            scope,
            name=name,
            job=job,
            role=role,
            services_=svcs,
            all_services=all_services,
            email=email if login or rng.random() < 0.5 else "",
            login=login,
            needs=needs,
        )
        if login:
            result.logins.append(DemoLogin(email=email, name=name, what=what))

    add(
        "Priya Shah",
        "Systems and governance administrator",
        Role.ADMINISTRATOR,
        all_services=True,
        what="administrator: manages services, people and roles; reads the audit log",
    )
    add(
        "Grace Okafor",
        "Head of quality and safety",
        Role.QUALITY_LEAD,
        all_services=True,
        what="quality lead for every service",
    )
    add("David Mensah", "Chief executive", Role.LEADER, all_services=True, what="leader and board member")
    add(
        "Ruth Adeyemi",
        "Non-executive director for quality",
        Role.LEADER,
        all_services=True,
        what="board member",
    )
    add(
        "Tom Hargreaves",
        "Registered manager",
        Role.SERVICE_MANAGER,
        svcs=[rowan, beech],
        what="service manager of Rowan House and Beech Court",
    )
    add(
        "Sian Rowlands",
        "Registered manager",
        Role.SERVICE_MANAGER,
        svcs=[millbrook, willow],
        what="service manager of Millbrook and Willow",
    )
    add(
        "Kwame Boateng",
        "Home care manager",
        Role.SERVICE_MANAGER,
        svcs=[homecare],
        what="home care manager",
    )
    add(
        "Dr Laura Finch",
        "Team manager",
        Role.SERVICE_MANAGER,
        svcs=[cmht],
        what="mental health team manager",
    )
    add("Aisha Rahman", "Senior care assistant", Role.STAFF, svcs=[rowan], what="staff at Rowan House")
    for i, service in enumerate([beech, millbrook, homecare, cmht, willow]):
        add(
            f"{FIRST_NAMES[i]} {LAST_NAMES[i]}", "Support worker", Role.STAFF, svcs=[service], what="staff", login=False
        )
    add(
        "Helen Brooks",
        "Commissioning manager, North Yorkshire ICB",
        Role.COMMISSIONER,
        svcs=[rowan, homecare],
        what="commissioner: only Rowan House and Northgate Home Care, no personal data",
    )
    add(
        "Margaret Wilson",
        "Expert by experience (Rowan House resident)",
        Role.PARTNER,
        svcs=[rowan],
        what="co-production partner",
        needs=[CommunicationNeed.LARGE_PRINT],
    )
    add("Jean Taylor", "Family carer, Beech Court", Role.PARTNER, svcs=[beech], what="partner who checks an action")
    add(
        "Callum Reid",
        "Co-production forum member, Millbrook",
        Role.PARTNER,
        svcs=[millbrook],
        what="partner who checks an action",
        needs=[CommunicationNeed.EASY_READ, CommunicationNeed.ASSISTED],
    )
    add(
        "Sam Okoro",
        "Peer advocate",
        Role.PARTNER,
        svcs=[cmht, willow],
        what="partner who checks an action",
        needs=[CommunicationNeed.AUDIO],
    )
    add(
        "Bernard Hughes",
        "Home care client",
        Role.PARTNER,
        svcs=[homecare],
        what="partner",
        login=False,
        needs=[CommunicationNeed.BSL],
    )
    _person(
        scope,
        name=FORMER_MEMBER,
        job="Tenant, Millbrook tenants' meeting",
        role=Role.PARTNER,
        services_=[millbrook],
        email="doreen.pickering@example.com",
        needs=[CommunicationNeed.EASY_READ],
    )

    kinds = [k for k in ServiceType if k != ServiceType.OTHER]
    extra = [
        Service(
            organisation=org,
            name=f"{rng.choice(LAST_NAMES)} {rng.choice(['House', 'Lodge', 'Court', 'Care'])} {i + 1}",
            service_type=rng.choice(kinds),
        )
        for i in range(extra_services)
    ]
    Service.objects.bulk_create(extra, batch_size=1000)
    all_services = list(Service.objects.for_org(org))
    people = [
        Person(
            organisation=org,
            full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            job_title="Support worker",
        )
        for _ in range(extra_people)
    ]
    Person.objects.bulk_create(people, batch_size=1000)
    if people:
        assignments = RoleAssignment.objects.bulk_create(
            [RoleAssignment(organisation=org, person=p, role=Role.STAFF) for p in people], batch_size=1000
        )
        through = RoleAssignment.services.through
        through.objects.bulk_create(
            [through(roleassignment_id=a.id, service_id=rng.choice(all_services).id) for a in assignments],
            batch_size=1000,
        )
    organisation_set_safeguarding_lead(
        scope=scope, person_id=Person.objects.for_org(org).get(full_name="Grace Okafor").id
    )
    # The lists of themes were in use before the demo's eighteen months of feedback began, as they
    # would be at a provider coding with them: installed and published a little before that.
    began = clock.now() - dt.timedelta(days=19 * 30)
    for key in ("social-care", "nhs-pe-v6"):
        installed = framework_install(scope=scope, key=key)
        Framework.objects.for_org(org).filter(pk=installed.pk).update(created_at=began)
        FrameworkVersion.objects.for_org(org).filter(framework=installed).update(created_at=began, published_at=began)
    result.services = len(all_services)
    result.people = Person.objects.for_org(org).count()
    return result
