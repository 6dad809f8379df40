from celery import shared_task

from . import services


@shared_task(acks_late=False)
def send_action_reminders() -> dict[str, int]:
    """Periodic (Celery beat, daily): due and overdue actions to their owners, the monthly
    summary of each plan, and the invitation to assess again when a round opens. Each
    e-mail is recorded before it is sent, so a run repeated sends nothing twice."""
    return {
        "actions": services.action_reminders_send(),
        "summaries": services.plan_summaries_send(),
        "rounds": services.round_reminders_send(),
    }
