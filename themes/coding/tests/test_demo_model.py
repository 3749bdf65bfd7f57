"""The demo's model learns every theme its people code often: a quality lead looking at the demo sees
suggestions for all of them, not a model that never suggests some of their framework's themes.

The demo organisation is built once for the module (what each test changes still rolls back), so
tests that do not use it are in test_demo.py."""

import io

import joblib
import numpy as np
import pytest
from django.conf import settings as django_settings

from feedback.demo import feedback_demo_build
from organisations.demo import demo_build
from organisations.models import Organisation
from organisations.scope import system_scope
from themes.coding import selectors
from themes.coding.demo import coding_demo_build
from themes.coding.training import model_load, training_data
from themes.coding.training.data import _split

# A theme people coded this often among the comments a model learns from is one the demo's
# people use, and its model should have learnt it.
OFTEN = 10


@pytest.fixture(scope="module")
def built(module_records):
    """Northgate's pk, and the folder its model was stored in."""
    with module_records.unblock():
        northgate = demo_build(seed=2026)[0].organisation
        feedback_demo_build(organisation=northgate, seed=2026, total=600)
        coding_demo_build(organisation=northgate, seed=2026, review_suggestions=60)
        return northgate.pk, django_settings.MEDIA_ROOT


@pytest.fixture
def northgate(db, built, settings):
    settings.MEDIA_ROOT = built[1]  # where the module's model is, not this test's own folder
    return Organisation.objects.get(pk=built[0])


def _held_out_found(organisation) -> dict[str, tuple[int, int, int]]:
    """For each theme people coded often: (coded to learn from, held out, held out the model found)."""
    scope = system_scope(organisation=organisation)
    framework = selectors.primary_framework(scope=scope)
    data = training_data(scope=scope, framework=framework)
    train, held = _split(data, framework_key=framework.slug)
    model = model_load(selectors.model_in_use(scope=scope, framework=framework))
    prediction = model.predict([data.texts[i] for i in held], [data.metadata[i] for i in held])
    found = {}
    for code in sorted({c for i in train for c in data.themes[i]}):
        coded = sum(code in data.themes[i] for i in train)
        if coded < OFTEN:
            continue
        column = prediction.labels.index(code)
        truth = [code in data.themes[i] for i in held]
        hits = sum(t and bool(p) for t, p in zip(truth, prediction.themes[:, column], strict=True))
        found[code] = (coded, sum(truth), hits)
    return found


def test_the_demo_model_finds_every_theme_its_people_code_often_in_comments_it_has_not_seen(northgate):
    found = _held_out_found(northgate)
    # The themes a person sees beyond the words of a comment are among them: they have words of their own.
    assert {"being-listened-to", "treated-as-an-individual", "staff-continuity"} <= set(found)
    missed = {code: figures for code, figures in found.items() if figures[1] and not figures[2]}
    assert not missed, f"never suggested where people coded it (coded, held out, found): {missed}"


def test_people_agree_with_some_of_the_demo_models_suggestions_for_every_theme_they_code_often(northgate):
    scope = system_scope(organisation=northgate)
    framework = selectors.primary_framework(scope=scope)
    often = set(_held_out_found(northgate))
    agreement = {a.theme.code: a for a in selectors.agreement_by_theme(scope=scope, framework=framework)}
    compared = {code for code in often if agreement[code].compared}
    assert {"being-listened-to", "treated-as-an-individual", "staff-continuity"} <= compared
    assert not [code for code in compared if agreement[code].agreement == 0]


def _model_figures(version):
    with version.artifact.open("rb") as handle:
        model = joblib.load(io.BytesIO(handle.read()))["model"]
    figures = {k: v for k, v in version.metrics.items() if k != "train_seconds"}
    return figures, model.themes_.thresholds_.copy(), model.themes_.coef_.copy()


@pytest.mark.django_db
def test_the_demo_built_again_from_the_same_seed_trains_the_same_model():
    """Built again, the demo's records get new ids (and its framework a new one); the model must not
    depend on them."""

    def build():
        northgate = demo_build(seed=7)[0].organisation
        feedback_demo_build(organisation=northgate, seed=7, total=200)
        return _model_figures(coding_demo_build(organisation=northgate, seed=7, review_suggestions=0)["model"])

    first, again = build(), build()
    assert first[0] == again[0]
    assert np.array_equal(first[1], again[1]) and np.array_equal(first[2], again[2])
