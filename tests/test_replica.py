"""With a read replica configured, the cohort aggregates and the dashboards are read from
it while writes, and locking reads, stay on the primary. The replica here is a second
alias on the same PostgreSQL database (a test mirror of the primary)."""

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from assessment.models import Assessment
from benchmarking.models import CohortAggregate
from core.db_routers import REPLICA, replica_reads
from reference.models import Park
from tests.factories import EnterpriseFactory, current_round, park_admin, submitted_assessment

if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and (
    REPLICA not in settings.DATABASES
):
    # Added before the test databases are set up, so that the alias mirrors the primary's.
    settings.DATABASES[REPLICA] = {
        **settings.DATABASES["default"],
        "TEST": {"MIRROR": "default"},
    }

ALIASES = ["default", REPLICA] if REPLICA in settings.DATABASES else ["default"]
pytestmark = pytest.mark.django_db(transaction=True, databases=ALIASES)


@pytest.fixture
def with_replica(settings, require_postgres, transactional_data):
    settings.READ_REPLICA_ALIAS = REPLICA
    yield
    connections[REPLICA].close()


def test_aggregates_are_read_from_the_replica_and_written_to_the_primary(with_replica):
    assert CohortAggregate.objects.all().db == REPLICA
    assert CohortAggregate.objects.select_for_update().db == "default"
    assert Assessment.objects.all().db == "default"
    with replica_reads():
        assert Assessment.objects.all().db == REPLICA


def test_the_park_dashboard_reads_its_figures_from_the_replica(client, with_replica):
    park = Park.objects.get(code="chengdu-hitech")
    round_ = current_round()
    for i in range(6):
        submitted_assessment(EnterpriseFactory(park=park), round_, seed=i)
    client.force_login(park_admin(park))

    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(f"/cohorts/park/{park.pk}/")

    assert response.status_code == 200
    assert response.context["statistics"].n == 6
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert CohortAggregate._meta.db_table in replica_sql
    assert CohortAggregate._meta.db_table not in primary_sql


def test_without_a_replica_every_read_goes_to_the_primary(settings):
    settings.READ_REPLICA_ALIAS = ""
    assert CohortAggregate.objects.all().db == "default"
    with replica_reads():
        assert Assessment.objects.all().db == "default"
