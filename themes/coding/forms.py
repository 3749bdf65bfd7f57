"""Forms of the coding pages: coding one comment, and accepting suggestions in bulk."""

from __future__ import annotations

from django import forms

from core.forms import PlainWordsForm
from feedback.models import Sentiment


class CodingForm(PlainWordsForm):
    themes = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="Themes",
        # A theme id the published version does not have comes from a page opened before a new
        # version was published (or from an address typed by hand), not from a person's mistake.
        error_messages={
            "invalid_choice": "A theme you ticked is not in the framework's current version: a new version may "
            "have been published since you opened this page. Check the themes and save again."
        },
    )
    sentiment = forms.TypedChoiceField(
        coerce=int,
        choices=Sentiment.choices,
        label="Sentiment",
        error_messages={"required": "Choose how positive or negative the comment is."},
    )

    # What the page showed (``themes.coding.selectors.coding_seen``): a save from a page drawn before
    # someone else's is refused rather than silently replacing theirs.
    seen = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, theme_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices


class BulkAcceptForm(PlainWordsForm):
    threshold = forms.TypedChoiceField(
        coerce=int,
        choices=[(95, "95% or more"), (90, "90% or more"), (80, "80% or more")],
        initial=90,
        label="Accept suggestions where the model is at least this sure of every theme and the sentiment",
    )
