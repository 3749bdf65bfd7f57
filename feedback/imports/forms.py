from django import forms

from core.forms import PlainWordsForm
from feedback.imports.mapping import DATE_FORMATS, FIELDS
from feedback.imports.parsing import MAX_FILE_BYTES
from feedback.imports.services import MAX_SOURCE_LENGTH
from organisations.forms import ServiceChoiceField

MODE_CHOICES = [
    ("all_or_nothing", "All or nothing: if any row has a problem, import nothing"),
    ("keep_good", "Import the good rows and list the rows with problems"),
]


class UploadForm(PlainWordsForm):
    file = forms.FileField(
        label="Upload a file",
        help_text=f"A CSV file or an Excel file (.xlsx), up to {MAX_FILE_BYTES // 1024 // 1024} MB. "
        "The first row must name the columns.",
        error_messages={"required": "Choose a CSV or Excel file to upload"},
        # An empty file is refused when it is read, as every other unreadable file is, naming it.
        allow_empty_file=True,
    )


class MappingForm(PlainWordsForm):
    """One select per Heard field listing the file's columns, then how to find the service and read dates."""

    service_id = ServiceChoiceField(
        required=False,
        label="Which service the feedback is about",
        help_text="Put everything in one service, or use the service named on each row.",
    )
    source = forms.CharField(
        required=False,
        max_length=MAX_SOURCE_LENGTH,
        label="Where the file comes from (optional)",
        help_text="The survey or system that made it, for example 'Ward FFT cards' or 'Meridian'. A row is "
        "skipped as imported before only if it was imported from the same source, so use the same name each "
        "time you import from it. Leave it empty for files imported before without a name.",
        error_messages={"max_length": f"The name can be up to {MAX_SOURCE_LENGTH} characters"},
    )
    date_format = forms.ChoiceField(
        choices=list(DATE_FORMATS.items()),
        label="How the dates are written",
        help_text="Dates like 2024-01-31 are always read correctly.",
    )

    def __init__(self, *args, columns=(), services=(), sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        if sources:
            self.fields["source"].help_text += f" Named before: {'; '.join(sources)}."
        choices = [("", "Not in this file")] + [(c, c) for c in columns if c]
        for name, label, help_text in FIELDS:
            self.fields[name] = forms.ChoiceField(choices=choices, required=False, label=label, help_text=help_text)
        # Closed services (of the person's own) are not offered but let through, so that one chosen on a
        # page opened before it closed is refused naming it when the file is checked (ADR 0009).
        self.fields["service_id"].choices = [("", "Use the service column of the file")] + [
            (str(s.id), f"Everything goes to {s.name}") for s in services if s.archived_at is None
        ]
        self.fields["service_id"].closed_ids = {str(s.id) for s in services if s.archived_at is not None}
        self.order_fields([name for name, _, _ in FIELDS] + ["service_id", "source", "date_format"])

    def mapping_fields(self):
        return [self[name] for name, _, _ in FIELDS]

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("rating"):
            self.add_error("text", "Choose the column that holds the comment, or the rating, or both")
        if not data.get("date"):
            self.add_error("date", "Choose the column that holds the date")
        if not data.get("service") and not data.get("service_id"):
            self.add_error("service", "Choose the column that holds the service, or one service for the whole file")
        used = [data.get(name) for name, _, _ in FIELDS if data.get(name)]
        if len(used) != len(set(used)):
            self.add_error(None, "Each column can be used for one field only")
        return data


class ConfirmForm(PlainWordsForm):
    mode = forms.ChoiceField(
        choices=MODE_CHOICES, initial="all_or_nothing", widget=forms.RadioSelect, label="If some rows have problems"
    )
