from auditlog.cid import set_cid
from auditlog.context import set_extra_data
from auditlog.middleware import AuditlogMiddleware

from core.client import client_address

from .services import access_record


class AuditMiddleware(AuditlogMiddleware):
    """Every audit entry written during a request carries its user and client address
    (the address as the rest of the site reads it, core.client); a successful read of
    a view that AUDIT_ACCESS_VIEWS lists is recorded as well."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    def __call__(self, request):
        set_cid(request)
        with set_extra_data(context_data=self.get_extra_data(request)):
            response = self.get_response(request)
            access_record(request=request, response=response)
        return response
