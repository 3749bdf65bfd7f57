"""Which uncoded comments to code next (active learning).

With no model yet (cold start) the order is diversity-only: comments are clustered on
TF-IDF and the order walks the clusters round-robin, most central comment first, so the
first few hundred codes cover the range of things people write about. With a fitted model
the order favours comments the model is unsure about, weighting rare themes more (they are
what macro F1 and reviewers miss most), and spreads each batch out so it does not spend
the batch on near-duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .features import Metadata


def _embed(texts: Sequence[str], n_components: int, random_state) -> np.ndarray:
    """Unit-length LSA vectors (rows of zeros for comments with no known words)."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=1, strip_accents="unicode", token_pattern=r"(?u)\b\w+\b")
    try:
        matrix = vectorizer.fit_transform(["" if text is None else str(text) for text in texts])
    except ValueError:  # nothing but stop-words or symbols
        return np.zeros((len(texts), 1))
    n_components = min(n_components, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if n_components >= 2:
        matrix = TruncatedSVD(n_components=n_components, random_state=random_state).fit_transform(matrix)
    else:
        matrix = matrix.toarray()
    return normalize(matrix)


def diversity_order(
    texts: Sequence[str], n_clusters: int | None = None, n_components: int = 100, random_state=0
) -> list[int]:
    """Cold-start order: round-robin over TF-IDF clusters, biggest cluster first, central comments first."""
    n_texts = len(texts)
    if n_texts == 0:
        return []
    vectors = _embed(texts, n_components, random_state)
    n_clusters = min(n_clusters or max(2, int(np.sqrt(n_texts))), n_texts)
    if n_clusters < 2:
        return list(range(n_texts))
    kmeans = MiniBatchKMeans(n_clusters=n_clusters, random_state=random_state, n_init=3, batch_size=1024).fit(vectors)
    distances = np.linalg.norm(vectors - kmeans.cluster_centers_[kmeans.labels_], axis=1)
    queues = [
        list(members[np.argsort(distances[members], kind="stable")])
        for members in (np.flatnonzero(kmeans.labels_ == c) for c in range(n_clusters))
        if len(members)
    ]
    queues.sort(key=len, reverse=True)
    order = []
    depth = 0
    while len(order) < n_texts:
        order.extend(int(queue[depth]) for queue in queues if depth < len(queue))
        depth += 1
    return order


def uncertainty_scores(model, texts: Sequence[str], metadata: Metadata = None) -> np.ndarray:
    """How much coding each comment would teach ``model`` (higher is more useful).

    For a theme model: per theme, closeness of the probability to that theme's threshold
    (1 at the threshold, 0 at certainty), weighted towards themes with few coded examples.
    For any other classifier with ``predict_proba``: one minus the margin between the two
    most likely classes.
    """
    probabilities = np.asarray(model.predict_proba(texts, metadata))
    thresholds = getattr(model, "thresholds_", None)
    if thresholds is None:
        if probabilities.shape[1] < 2:
            return np.zeros(len(texts))
        top_two = np.sort(probabilities, axis=1)[:, -2:]
        return 1.0 - (top_two[:, 1] - top_two[:, 0])
    thresholds = np.clip(np.asarray(thresholds, dtype=float), 1e-6, 1 - 1e-6)
    spread = np.where(probabilities >= thresholds, 1.0 - thresholds, thresholds)
    closeness = 1.0 - np.abs(probabilities - thresholds) / spread
    counts = np.asarray(getattr(model, "label_counts_", np.ones(probabilities.shape[1])), dtype=float)
    weights = 1.0 / np.sqrt(counts + 1.0)
    return closeness @ (weights / weights.sum())


def active_order(
    texts: Sequence[str],
    model=None,
    metadata: Metadata = None,
    batch_size: int = 50,
    pool_factor: int = 4,
    random_state=0,
) -> list[int]:
    """Indices of ``texts`` (all of them, each once) in the order to code next.

    The first ``batch_size`` are chosen greedily from the ``pool_factor * batch_size`` most
    uncertain comments, each pick maximising uncertainty times distance from the picks so
    far; the rest follow by uncertainty. ``model=None`` gives the cold-start diversity order.
    """
    n_texts = len(texts)
    if model is None:
        return diversity_order(texts, random_state=random_state)
    if n_texts == 0:
        return []
    scores = uncertainty_scores(model, texts, metadata)
    by_score = np.argsort(-scores, kind="stable")
    pool = by_score[: min(n_texts, max(batch_size, pool_factor * batch_size))]
    vectors = _embed([texts[i] for i in pool], 100, random_state)
    chosen: list[int] = []
    nearest = np.zeros(len(pool))  # highest similarity to anything already chosen
    available = np.ones(len(pool), dtype=bool)
    for _ in range(min(batch_size, len(pool))):
        gain = np.where(available, scores[pool] * (1.0 - np.clip(nearest, 0.0, 1.0)) + 1e-12, -np.inf)
        pick = int(np.argmax(gain))
        chosen.append(pick)
        available[pick] = False
        nearest = np.maximum(nearest, vectors @ vectors[pick])
    first = [int(pool[i]) for i in chosen]
    taken = set(first)
    return first + [int(i) for i in by_score if int(i) not in taken]
