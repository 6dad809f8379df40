"""Reading a provider spreadsheet with the bounded CSV/XLSX readers of the enterprise
import (onboarding.spreadsheet): the same size, ratio, part and row bounds apply."""

from onboarding.spreadsheet import read_rows
from providers.services import IMPORT_COLUMNS, REQUIRED_COLUMNS


def provider_rows_read(name: str, data: bytes) -> list[dict]:
    """[{line, <column>: text}] of a provider spreadsheet, read with the bounds and checks
    of the enterprise import. Raises UnreadableFile (and OutOfBounds, a subclass)."""
    return read_rows(name, data, columns=IMPORT_COLUMNS, required=REQUIRED_COLUMNS)
