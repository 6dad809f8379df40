import secrets
from collections import Counter
from pathlib import Path

import yaml
from django.db import transaction

from core.sync import sync_row

from .models import City, Industry, Park, Province

DATA_DIR = Path(__file__).resolve().parent / "data"


def new_invitation_code() -> str:
    return secrets.token_hex(4).upper()


@transaction.atomic
def reference_load(*, data_dir: Path = DATA_DIR) -> Counter:
    """Load regions, parks and industry divisions; returns counts by outcome."""
    outcome: Counter = Counter()
    regions = yaml.safe_load((data_dir / "regions.yaml").read_text(encoding="utf-8"))
    cities = {}
    for p in regions["provinces"]:
        province, how = sync_row(
            Province, {"code": p["code"]}, {"name_zh": p["name_zh"], "name_en": p["name_en"]}
        )
        outcome[how] += 1
        for c in p.get("cities", []):
            values = {"province": province, "name_zh": c["name_zh"], "name_en": c["name_en"]}
            cities[c["code"]], how = sync_row(City, {"code": c["code"]}, values)
            outcome[how] += 1
    for k in regions.get("parks", []):
        values = {"city": cities[k["city"]], "name_zh": k["name_zh"], "name_en": k["name_en"]}
        if not Park.objects.filter(code=k["code"]).exists():
            values["invitation_code"] = new_invitation_code()
        _, how = sync_row(Park, {"code": k["code"]}, values)
        outcome[how] += 1
    industries = yaml.safe_load((data_dir / "industries.yaml").read_text(encoding="utf-8"))
    for i in industries:
        _, how = sync_row(
            Industry, {"code": i["code"]}, {"name_zh": i["name_zh"], "name_en": i["name_en"]}
        )
        outcome[how] += 1
    return outcome
