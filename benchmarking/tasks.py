"""The periodic refresh of peer snapshots (Celery beat, config/settings.py)."""

from celery import shared_task

from .services import peer_snapshots_refresh_all


@shared_task
def refresh_peer_snapshots() -> int:
    """Take a new snapshot of every group that a batch of submissions has reached."""
    return peer_snapshots_refresh_all()
