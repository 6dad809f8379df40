"""Reads that may lag behind the writes go to a read replica when one is configured
(setting DATABASE_REPLICA_URL: database alias "replica", READ_REPLICA_ALIAS names it):
the cohort aggregates and peer snapshots always, and every read inside `replica_reads()`
(the cohort dashboards). Writes, and reads in a locking query, go to the primary."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# Models read from the replica whatever the caller: figures that change in batches.
REPLICA_MODELS = {"benchmarking.cohortaggregate", "benchmarking.peersnapshot"}

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send every read made inside to the replica (if there is one)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def read_replica() -> str:
    """The alias reads are sent to, "" for none."""
    return getattr(settings, "READ_REPLICA_ALIAS", "")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = read_replica()
        if alias and (_replica_reads.get() or model._meta.label_lower in REPLICA_MODELS):
            return alias
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by replication.
        return db != REPLICA
