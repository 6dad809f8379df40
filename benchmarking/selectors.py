"""Reads of peer snapshots."""

from .models import PeerSnapshot


def peer_snapshot_latest(*, round_id: int, kind: str, key: str) -> PeerSnapshot | None:
    """The latest snapshot of a group, or None if none was taken yet."""
    return (
        PeerSnapshot.objects.filter(round_id=round_id, kind=kind, key=key)
        .order_by("-computed_at", "-pk")
        .first()
    )


def cohort_aggregate(*, round_id: int, kind: str, scope_id: int, key: str):
    """The stored aggregate of one cohort, or None if none of its assessments is
    submitted (benchmarking.aggregates)."""
    from .models import CohortAggregate

    return CohortAggregate.objects.filter(
        round_id=round_id, kind=kind, scope_id=scope_id, key=key
    ).first()
