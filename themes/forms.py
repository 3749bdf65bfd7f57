from django import forms


class FlagActionForm(forms.Form):
    action = forms.CharField(
        widget=forms.Textarea,
        max_length=5000,
        label="What was done?",
        help_text="Say who you told, what you checked and what happens next. This is kept as a record.",
        error_messages={"required": "Enter what was done."},
    )
    closes = forms.BooleanField(required=False, label="This closes the flag")

    def clean_action(self):
        value = self.cleaned_data["action"].strip()
        if not value:
            raise forms.ValidationError("Enter what was done.")
        return value


class RaiseFlagForm(forms.Form):
    comment = forms.TypedChoiceField(coerce=int, label="Which comment?")
    reason = forms.CharField(
        widget=forms.Textarea,
        max_length=500,
        label="Why does this need urgent attention?",
        error_messages={"required": "Say why this comment needs urgent attention."},
    )

    def __init__(self, *args, comments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].choices = [(c.id, c.text[:120]) for c in comments]
        self.fields["comment"].widget = forms.RadioSelect(choices=self.fields["comment"].choices)


class SafeguardingLeadForm(forms.Form):
    lead = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Safeguarding lead")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "No one named yet")] + [
            (p.id, f"{p.full_name}{' (' + p.job_title + ')' if p.job_title else ''}") for p in people
        ]
