"""Idempotent loading of reference data: create what is missing, update what differs,
write nothing when the database already matches."""

from django.db import models


def sync_row(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, str]:
    """Returns (row, "created" | "updated" | "unchanged")."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if _differs(getattr(row, name), value)]
    if not changed:
        return row, "unchanged"
    for name in changed:
        setattr(row, name, values[name])
    row.save(update_fields=changed)
    return row, "updated"


def _differs(current, new) -> bool:
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", None) != getattr(new, "pk", None)
    if current is None or new is None:
        return current is not new
    try:
        return type(new)(current) != new if not isinstance(new, list | dict) else current != new
    except (TypeError, ValueError):
        return current != new
