"""Records that point at a person, made through the services that make them, for the tests of
what Heard holds about a person and of removing a person who uses services."""

from core import clock
from feedback.models import QUESTION_BETTER, Channel, ReplyMethod
from feedback.services import FeedbackInput, feedback_record
from governance import services as gov
from governance.models import Meeting
from governance.models.coproduction import Rung
from governance.tests.conftest import scope_of


def give_feedback(team, person, service, *, text="The night staff were kind to me.", contact="01632 960 001"):
    return feedback_record(
        scope=scope_of(team.staff),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.IN_PERSON,
            received_on=clock.today(),
            comments=[(QUESTION_BETTER, text)],
            person_id=person.id,
            wants_reply=True,
            reply_method=ReplyMethod.PHONE,
            reply_contact=contact,
        ),
    )


def attend(team, person, service, *, meeting: Meeting | None = None) -> Meeting:
    """``person`` at ``meeting``, or at a new co-production forum at ``service``."""
    qs = scope_of(team.quality)
    meeting = meeting or gov.meeting_create(
        scope=qs,
        meeting_type="coproduction_forum",
        service_id=service.id,
        held_on=clock.today(),
        chair_id=team.quality.id,
    )
    gov.meeting_attendance_record(
        scope=qs, meeting_id=meeting.id, person_id=person.id, role="uses_services", supported=True, support="Easy read"
    )
    return meeting


def take_part(team, people, service):
    return gov.coproduction_record(
        scope=scope_of(team.quality),
        kind="forum",
        service_id=service.id,
        held_on=clock.today(),
        title="Residents' forum on meals",
        rung=Rung.CO_DESIGN,
        recognition="thanks",
        participant_ids=[p.id for p in people],
    )
