"""Scope cases for the tip routes (collected by tests/test_routes.py): the public portal's in
route_cases_public.py, the police inbox's in route_cases_inbox.py."""

from tests.tips.route_cases_inbox import CASES as INBOX_CASES
from tests.tips.route_cases_inbox import EXEMPT as INBOX_EXEMPT
from tests.tips.route_cases_public import CASES as PUBLIC_CASES
from tests.tips.route_cases_public import EXEMPT as PUBLIC_EXEMPT

CASES = PUBLIC_CASES | INBOX_CASES
EXEMPT = PUBLIC_EXEMPT | INBOX_EXEMPT
