"""The audit frame: :class:`RecAudit` holds every audit metric for one set of recommendation lists, per user
and overall, by user segment, side by side with other recommenders and with a paired interval for a
difference; :data:`METRICS` labels each metric and the direction a PM usually wants.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..._checks import check_columns, check_positive_int, check_probability
from ..data import as_int_ids as _as_int_ids
from ..data import clean_ratings
from .bootstrap import paired_bootstrap_difference
from .catalogue import catalogue_coverage, exposure_gini, short_head_items
from .list_qualities import _bits, _genre_distribution, _genre_matrix, _kl_calibration, personalisation

#: metric -> (label, which direction a PM usually wants)
METRICS = {
    "coverage": ("Catalogue coverage", "higher = more of the catalogue ever shown"),
    "gini": ("Gini of exposure", "lower = exposure spread more evenly"),
    "arp": ("Average recommended popularity (ratings)", "lower = less popularity bias"),
    "aplt": ("Long-tail share of lists", "higher = more long-tail films"),
    "novelty": ("Novelty: -log2 share of users who rated (bits)", "higher = less obvious films"),
    "diversity": ("Intra-list genre diversity", "higher = more varied lists"),
    "calibration": ("Genre miscalibration (KL, nats)", "lower = lists match users' genre mix"),
    "personalisation": ("Personalisation", "higher = lists differ between users"),
    "precision": ("Precision@k", "higher = more hits"),
    "recall": ("Recall@k", "higher = more relevant films found"),
    "ndcg": ("NDCG@k", "higher = hits nearer the top"),
}


# --------------------------------------------------------------------------- the audit frame


class RecAudit:
    """Every audit metric for one set of recommendation lists (see the module docstring).

    Parameters
    ----------
    recs : DataFrame ``user_id, rank, item_id`` (``score`` optional), e.g. from
        ``Recommender.recommend``.
    ratings : the *training* ratings the lists were made from (histories and
        popularity come from here).
    items : DataFrame ``item_id, genres``: the catalogue.
    test : optional held-out ratings (``user_id, item_id, rating``) for accuracy.
    k : list length for accuracy; default the longest list in ``recs``.
    relevance_threshold : a test rating at or above this makes a film relevant.
    head_share : share of ratings that defines the short head (0.8).
    alpha : calibration smoothing (0.01).
    name : a label for tables and comparisons.

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": [1, 2, 3], "genres": ["Drama", "Comedy", "Horror"]})
    >>> ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 2], "rating": [4.0, 5.0]})
    >>> recs = pd.DataFrame({"user_id": [1, 2], "rank": [1, 1], "item_id": [3, 3]})
    >>> audit = RecAudit(recs, ratings, items, name="demo")
    >>> round(float(audit.overall["personalisation"]), 4)
    0.0
    """

    def __init__(
        self,
        recs: pd.DataFrame,
        ratings: pd.DataFrame,
        items: pd.DataFrame,
        *,
        test: pd.DataFrame | None = None,
        k: int | None = None,
        relevance_threshold: float = 4.0,
        head_share: float = 0.8,
        alpha: float = 0.01,
        name: str = "recommender",
    ):
        check_columns(recs, ["user_id", "rank", "item_id"], name="recs")
        check_columns(items, ["item_id", "genres"], name="items")
        if len(recs) == 0:
            raise ValueError("recs has no rows: nothing to audit")
        self.name = str(name)
        self.alpha = check_probability(alpha, "alpha", inclusive=False)
        self.head_share = check_probability(head_share, "head_share", inclusive=False)
        try:
            self.relevance_threshold = float(relevance_threshold)
        except (TypeError, ValueError):
            raise TypeError(f"relevance_threshold must be a number, got {relevance_threshold!r}") from None
        if not math.isfinite(self.relevance_threshold):
            raise ValueError(f"relevance_threshold must be a finite rating, got {relevance_threshold}")
        self._inputs = dict(
            ratings=ratings,
            items=items,
            test=test,
            k=k,
            relevance_threshold=relevance_threshold,
            head_share=head_share,
            alpha=alpha,
        )
        train = clean_ratings(ratings)
        self.catalogue = np.unique(_as_int_ids(items["item_id"], "items['item_id']"))
        outside = np.setdiff1d(train["item_id"].unique(), self.catalogue)
        if len(outside):
            raise ValueError(f"ratings holds {len(outside)} item id(s) missing from items, e.g. {outside[:5].tolist()}")
        recs = recs.sort_values(["user_id", "rank"], kind="stable").reset_index(drop=True)
        rec_items = _as_int_ids(recs["item_id"], "recs['item_id']")
        outside = np.setdiff1d(rec_items, self.catalogue)
        if len(outside):
            raise ValueError(f"recs holds {len(outside)} item id(s) missing from items, e.g. {outside[:5].tolist()}")
        if (recs["rank"] < 1).any():
            raise ValueError("recs['rank'] must start at 1")
        self.recs = recs
        self.k = int(recs["rank"].max()) if k is None else check_positive_int(k, "k")
        self._compute(train, items, test)

    # -- computation
    def _compute(self, train, items, test):
        import scipy.sparse as sp

        cat = self.catalogue
        n_users_train = train["user_id"].nunique()
        pop = np.bincount(np.searchsorted(cat, train["item_id"].to_numpy()), minlength=len(cat))
        self.popularity = pd.Series(pop, index=pd.Index(cat, name="item_id"), name="ratings")
        self.short_head = short_head_items(train, self.head_share)
        tail = ~np.isin(cat, self.short_head)
        info = _bits(pop, n_users_train)

        recs = self.recs
        pos = np.searchsorted(cat, recs["item_id"].to_numpy())
        users, u = np.unique(recs["user_id"].to_numpy(), return_inverse=True)
        per = pd.DataFrame({"u": u, "pop": pop[pos], "tail": tail[pos], "info": info[pos]})
        grouped = per.groupby("u")
        table = pd.DataFrame(index=pd.Index(users, name="user_id"))
        table["n_recs"] = grouped.size().to_numpy()
        table["arp"] = grouped["pop"].mean().to_numpy()
        table["aplt"] = grouped["tail"].mean().to_numpy()
        table["novelty"] = grouped["info"].mean().to_numpy()

        G, self.genres = _genre_matrix(items, cat)
        M = sp.csr_matrix((np.ones(len(u)), (u, pos)), shape=(len(users), len(cat)))
        Gn = G / np.linalg.norm(G, axis=1, keepdims=True)
        summed = np.asarray(M @ Gn)
        n = table["n_recs"].to_numpy().astype(np.float64)
        pair_sum = (np.sum(summed**2, axis=1) - n) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            ild = np.where(n > 1, 1 - pair_sum / (n * (n - 1) / 2), 0.0)
        table["diversity"] = ild

        D = _genre_distribution(G)
        hist = train[train["user_id"].isin(users)]
        hu = np.searchsorted(users, hist["user_id"].to_numpy())
        Hm = sp.csr_matrix(
            (np.ones(len(hist)), (hu, np.searchsorted(cat, hist["item_id"].to_numpy()))), shape=(len(users), len(cat))
        )
        h_len = np.asarray(Hm.sum(axis=1)).ravel()
        table["history"] = h_len.astype(np.int64)
        p = np.asarray(Hm @ D) / np.maximum(h_len, 1)[:, None]
        q = np.asarray(M @ D) / n[:, None]
        kl = _kl_calibration(p, q, self.alpha)
        table["calibration"] = np.where(h_len > 0, kl, np.nan)  # no history: not scored
        self._M = M

        if test is not None:
            check_columns(test, ["user_id", "item_id", "rating"], name="test")
            relevant = test[test["rating"] >= self.relevance_threshold]
            relevant = relevant.drop_duplicates(["user_id", "item_id"])
            n_rel = relevant.groupby("user_id").size()
            hits = recs[recs["rank"] <= self.k].merge(relevant[["user_id", "item_id"]], on=["user_id", "item_id"])
            hits = hits.assign(gain=1 / np.log2(hits["rank"] + 1))
            n_hit = hits.groupby("user_id").size().reindex(users, fill_value=0).to_numpy()
            dcg = hits.groupby("user_id")["gain"].sum().reindex(users, fill_value=0.0).to_numpy()
            nr = n_rel.reindex(users, fill_value=0).to_numpy()
            discounts = np.concatenate([[0.0], np.cumsum(1 / np.log2(np.arange(2, self.k + 2)))])
            idcg = discounts[np.minimum(nr, self.k)]
            scored = nr > 0
            with np.errstate(divide="ignore", invalid="ignore"):
                table["relevant"] = nr
                table["precision"] = np.where(scored, n_hit / self.k, np.nan)
                table["recall"] = np.where(scored, n_hit / np.maximum(nr, 1), np.nan)
                table["ndcg"] = np.where(scored, dcg / np.where(idcg > 0, idcg, 1), np.nan)
        self.per_user = table
        self._overall = self._summarise(table, recs)

    def _summarise(self, table, recs) -> pd.Series:
        out = {
            "users": float(len(table)),
            "k": float(self.k),
            "coverage": catalogue_coverage(recs["item_id"], self.catalogue),
            "gini": exposure_gini(recs["item_id"], self.catalogue),
            "arp": table["arp"].mean(),
            "aplt": table["aplt"].mean(),
            "novelty": table["novelty"].mean(),
            "diversity": table["diversity"].mean(),
            "calibration": table["calibration"].mean(),
        }
        if len(table) >= 2:
            out["personalisation"] = personalisation(recs)
        if "ndcg" in table:
            scored = table["ndcg"].notna()
            out["users_evaluated"] = float(scored.sum())
            if scored.any():
                for m in ("precision", "recall", "ndcg"):
                    out[m] = table.loc[scored, m].mean()
        return pd.Series(out, name=self.name, dtype=np.float64)

    # -- the MetricFrame-style views
    @property
    def overall(self) -> pd.Series:
        """Headline metrics (a Series: metric -> value)."""
        return self._overall.copy()

    def to_frame(self) -> pd.DataFrame:
        """``overall`` as a two-column frame with readable labels."""
        s = self._overall
        return pd.DataFrame(
            {"metric": s.index, "label": [METRICS.get(m, (m, ""))[0] for m in s.index], "value": s.to_numpy()}
        )

    def __repr__(self) -> str:
        s = self._overall
        lines = [f"RecAudit '{self.name}': {int(s['users'])} users, lists of {int(s['k'])}"]
        for m, v in s.items():
            if m in METRICS:
                lines.append(f"  {METRICS[m][0]:<42s} {v:10.4g}   ({METRICS[m][1]})")
        return "\n".join(lines)

    def user_segments(self, kind: str) -> pd.Series:
        """Built-in segments: ``"activity"`` (light / medium / heavy raters, by training
        history-length tertile) or ``"taste"`` (mainstream / niche: share of short-head
        films in the history above or below the median)."""
        ratings = clean_ratings(self._inputs["ratings"])
        if kind == "activity":
            n = ratings.groupby("user_id").size()
            labels = pd.qcut(n.rank(method="first"), 3, labels=["light", "medium", "heavy"])
            return labels.astype(str).rename("activity")
        if kind == "taste":
            head = ratings["item_id"].isin(self.short_head)
            share = head.groupby(ratings["user_id"]).mean()
            return pd.Series(np.where(share >= share.median(), "mainstream", "niche"), index=share.index, name="taste")
        raise ValueError(f"kind must be 'activity' or 'taste', got {kind!r}")

    def by_user_segment(self, segments) -> pd.DataFrame:
        """The overall metrics recomputed within each user segment.

        ``segments``: ``"activity"``, ``"taste"``, or a Series / mapping
        ``user_id -> segment label``. Users the mapping leaves out are dropped.
        Catalogue metrics (coverage, gini, personalisation) are computed on the
        segment's own lists; popularity and the short head stay those of the
        whole training set.
        """
        if isinstance(segments, str):
            segments = self.user_segments(segments)
        segments = pd.Series(segments)
        if segments.empty:
            raise ValueError("segments is empty")
        label = self.recs["user_id"].map(segments)
        if label.isna().all():
            raise ValueError("segments maps none of the audited users; pass user_id -> label")
        rows = {}
        for seg, part in self.recs[label.notna()].groupby(label[label.notna()], sort=True):
            sub = RecAudit(part, name=f"{self.name} [{seg}]", **self._inputs)
            rows[seg] = sub._overall
        frame = pd.DataFrame(rows).T
        frame.index.name = segments.name or "segment"
        return frame

    def compare(self, *others: RecAudit) -> pd.DataFrame:
        """Side-by-side metrics. With one other audit, adds ``difference`` (other - self)
        and ``ratio`` (other / self)."""
        if not others:
            raise ValueError("compare needs at least one other RecAudit")
        for o in others:
            if not isinstance(o, RecAudit):
                raise TypeError(f"compare takes RecAudit objects, got {type(o).__name__}")
        audits = (self,) + others
        names = [a.name for a in audits]
        if len(set(names)) < len(names):
            names = [f"{n} ({i})" for i, n in enumerate(names)]
        frame = pd.concat([a._overall for a in audits], axis=1, keys=names)
        if len(others) == 1:
            frame["difference"] = frame[names[1]] - frame[names[0]]
            with np.errstate(divide="ignore", invalid="ignore"):
                frame["ratio"] = frame[names[1]] / frame[names[0]].replace(0, np.nan)
        frame.index.name = "metric"
        return frame

    def difference_interval(
        self, other: RecAudit, metric: str = "ndcg", *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
    ) -> dict:
        """Paired bootstrap interval for ``other - self`` on a per-user metric.

        Users scored by both audits are resampled with replacement ``n_boot``
        times (seeded); the interval is the percentile interval of the mean
        difference. Returns ``{"difference", "low", "high", "users"}`` and the
        relative change ``mean(other) / mean(self) - 1`` with its percentile
        interval over the same resamples (``"relative"``, ``"relative_low"``,
        ``"relative_high"``).

        Examples
        --------
        Four users, one recommendation each; ``after`` hits three of their held-out items, ``before`` none
        (so the relative change is undefined):

        >>> items = pd.DataFrame({"item_id": [1, 2, 3, 4], "genres": ["Drama", "Comedy", "Horror", "Drama"]})
        >>> ratings = pd.DataFrame({"user_id": [1, 2, 3, 4], "item_id": [1, 2, 1, 2], "rating": [4.0, 5.0, 3.0, 4.0]})
        >>> test = pd.DataFrame({"user_id": [1, 2, 3, 4], "item_id": [3, 4, 3, 4], "rating": [5.0, 5.0, 4.0, 5.0]})
        >>> def audit(shown, name):
        ...     recs = pd.DataFrame({"user_id": [1, 2, 3, 4], "rank": [1] * 4, "item_id": shown})
        ...     return RecAudit(recs, ratings, items, test=test, name=name)
        >>> before, after = audit([2, 1, 2, 1], "before"), audit([3, 4, 3, 1], "after")
        >>> d = before.difference_interval(after, "ndcg", n_boot=200)
        >>> d["difference"], d["low"], d["high"], d["users"]
        (0.75, 0.25, 1.0, 4)
        """
        if not isinstance(other, RecAudit):
            raise TypeError(f"other must be a RecAudit, got {type(other).__name__}")
        if metric not in self.per_user or metric not in other.per_user:
            raise ValueError(f"metric must be a per-user column of both audits, got {metric!r}")
        return paired_bootstrap_difference(
            self.per_user[metric], other.per_user[metric], n_boot=n_boot, level=level, seed=seed
        )

    @staticmethod
    def table(audits) -> pd.DataFrame:
        """One row per audit, one column per metric (for many recommenders at once)."""
        audits = list(audits)
        if not audits:
            raise ValueError("audits is empty")
        return pd.DataFrame([a._overall for a in audits], index=[a.name for a in audits])
