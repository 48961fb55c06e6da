"""Crime tips (issue 19, "Speed"): the public portal's pages and the dialogue (goal: server time p95 ≤ 50 ms on the
demo), and the police inbox of a province holding 10,000 tips (goal: ≤ 100 ms p95).

Run by bench/run.py (`--only tips`) inside the Hưng Yên demo database (`seed_demo --province 33 --seed 1`), or by
hand on such a database: `DATABASE_URL=sqlite:////path/db.sqlite3 ANTQ_ALLOW_INSECURE_KEY=1 python bench/tips.py
sqlite 30`. It adds tips to the database (the province is topped up to 10,000): run it last on a demo database.

Server time is Django's test Client in-process (no network, no gunicorn), over HTTPS (`secure=True`: with
DEBUG=0 plain HTTP is redirected), CSRF checks off (the test Client's default). The portal's abuse limits
(antq/tips/abuse.py: tips per client and hour, wrong secrets) are raised for this process so that N repeats from
one address are not refused; the counting itself still runs on every request.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root, when run as bench/tips.py
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not one request line per sample

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from antq.accounts.models import User  # noqa: E402
from antq.geo.models import AdminUnit, Level  # noqa: E402
from antq.tips import abuse, crypto, intake, rules  # noqa: E402
from antq.tips.models import Tip, TipCategory, TipDelivery, TipMessage  # noqa: E402
from antq.tips.rules import DeliveryRole, Outcome, Status  # noqa: E402
from bench.stats import p95  # noqa: E402

ENGINE, REPEAT = sys.argv[1], int(sys.argv[2])
PROVINCE, BUSY_COMMUNE = "33", "12688"  # Hưng Yên; Xã Đông Hưng has the demo's commune officer (ca_12688)
INBOX_TIPS = 10_000
BUSY_SHARE = 0.1  # of the added tips, this share goes to the busy commune (its officer's inbox)
HASH_INPUT = "TG-ABCDEFGH ABCD-EFGH-JKLM"  # what intake hashes: "<code> <secret>"


class HashClock:
    """Time spent in the slow hash (Argon2id, intake.TipSecretHasher) inside a request: the hasher's encode /
    verify are wrapped so that each sample can be reported with and without its own hashing time."""

    spent = 0.0

    @classmethod
    def wrap(cls, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                cls.spent += (time.perf_counter() - start) * 1000

        return timed


HASHER = intake._HASHER
HASHER.encode = HashClock.wrap(HASHER.encode)  # type: ignore[method-assign]
HASHER.verify = HashClock.wrap(HASHER.verify)  # type: ignore[method-assign]


def samples_of(call: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    return pairs_of(call, repeat)[0]


def pairs_of(call: Callable[[], object], repeat: int = REPEAT) -> tuple[list[float], list[float]]:
    """Server time per request, and the same less the slow hash done inside that request (both sorted, ms)."""
    call()  # warm up
    totals, unhashed = [], []
    for _ in range(repeat):
        HashClock.spent = 0.0
        start = time.perf_counter()
        call()
        total = (time.perf_counter() - start) * 1000
        totals.append(total)
        unhashed.append(total - HashClock.spent)
    return sorted(totals), sorted(unhashed)


def report(label: str, samples: list[float], goal: float | None = None) -> None:
    """One line: median and p95, and whether the p95 meets the goal."""
    median, high = statistics.median(samples), p95(samples)
    verdict = "" if goal is None else (f" — goal ≤ {goal:.0f} ms {'met' if high <= goal else 'MISSED'}")
    print(f"[{ENGINE}] {label}: median {median:.1f} ms, p95 {high:.1f} ms (n={len(samples)}){verdict}")


def page(client: Client, method: str, path: str, data: dict[str, str] | None = None, expect: int = 200):  # type: ignore[no-untyped-def]
    """A request as a callable; fails loudly when the answer is not the expected status."""

    def call() -> None:
        send = client.post if method == "POST" else client.get
        response = send(path, data or {}, secure=True)
        assert response.status_code == expect, (method, path, response.status_code)

    return call


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, secure=True).status_code == 200
    return len(captured.captured_queries)


def portal() -> None:
    """The public portal: the form, sending a tip, the lookup form, the dialogue and the tipster's reply."""
    for counter in abuse.LIMITS:  # N requests from one address would hit the hourly limits (module docstring)
        abuse.LIMITS[counter] = 10**9
    print(f"[{ENGINE}] portal: abuse limits raised to {10**9:,} per hour for this run (counting still runs)")
    client = Client()
    province = AdminUnit.objects.get(level=Level.PROVINCE, code=PROVINCE, valid_to__isnull=True)
    commune = AdminUnit.objects.get(level=Level.COMMUNE, code=BUSY_COMMUNE, valid_to__isnull=True)
    category = TipCategory.objects.filter(active=True).order_by("order", "code").first()
    assert category is not None
    goal = 50.0
    report("GET /to-giac/ (choose a province)", samples_of(page(client, "GET", "/to-giac/")), goal)
    communes = AdminUnit.objects.filter(parent=province, level=Level.COMMUNE, valid_to__isnull=True).count()
    report(
        f"GET /to-giac/?tinh={PROVINCE} (the form, {communes} communes)",
        samples_of(page(client, "GET", f"/to-giac/?tinh={PROVINCE}")),
        goal,
    )
    tip_post = {
        "tinh": PROVINCE,
        "category": category.code,
        "commune": commune.code,
        "body": "Có người lạ thường xuyên tụ tập ở bãi đất trống cuối thôn, nghi mua bán ma túy (bench).",
        "place": "Bãi đất trống cuối thôn",
        "when_told": "khoảng 21 giờ tối qua",
    }
    stored = HASHER.encode(HASH_INPUT, HASHER.salt())
    hashing = samples_of(lambda: HASHER.encode(HASH_INPUT, HASHER.salt()))
    checking = samples_of(lambda: HASHER.verify(HASH_INPUT, stored))
    report("slow hash alone: encode (Argon2id 19 MiB, t=2, p=1, as a tip is sent)", hashing)
    report("slow hash alone: verify (as a code + secret is checked)", checking)
    send, send_unhashed = pairs_of(page(client, "POST", "/to-giac/", tip_post))
    report("POST /to-giac/ (a valid tip; 200 with code + secret)", send, goal)
    report("POST /to-giac/ minus its own slow hash", send_unhashed, goal)
    report("GET /to-giac/tra-cuu/ (the code + secret form)", samples_of(page(client, "GET", "/to-giac/tra-cuu/")), goal)

    draft = intake.TipDraft(category=category, commune=commune, body=tip_post["body"], place=tip_post["place"])
    looked, secret = intake.tip_submit(draft=draft)
    officer = User.objects.get(username=f"ca_{BUSY_COMMUNE}")
    for number in range(3):  # a short dialogue to show: two questions and an answer
        sender = TipMessage.Sender.TIPSTER if number == 1 else TipMessage.Sender.POLICE
        TipMessage.objects.create(
            tip=looked,
            sender=sender,
            author=officer if sender == TipMessage.Sender.POLICE else None,
            body=crypto.encrypt_text(f"Trao đổi số {number + 1} (bench)."),
            created_at=looked.received_at,
        )
    credentials = {"code": looked.code, "secret": secret}
    dialogue, dialogue_unhashed = pairs_of(page(client, "POST", "/to-giac/tra-cuu/", credentials))
    report("POST /to-giac/tra-cuu/ (the dialogue, 3 messages)", dialogue, goal)
    report("POST /to-giac/tra-cuu/ minus its own slow hash", dialogue_unhashed, goal)
    wrong, wrong_unhashed = pairs_of(
        page(client, "POST", "/to-giac/tra-cuu/", {**credentials, "secret": "AAAA-AAAA-AAAA"}, 404)
    )
    report("POST /to-giac/tra-cuu/ with a wrong secret (404)", wrong, goal)
    report("POST /to-giac/tra-cuu/ wrong secret, minus its own slow hash", wrong_unhashed, goal)

    replied, reply_secret = intake.tip_submit(draft=draft)
    reply = {"code": replied.code, "secret": reply_secret, "text": "Tối nay nhóm đó lại tụ tập (bench)."}
    answered, answered_unhashed = pairs_of(page(client, "POST", "/to-giac/tra-cuu/gui-them/", reply))
    report(f"POST /to-giac/tra-cuu/gui-them/ (a reply; the dialogue grows to {len(answered) + 1})", answered, goal)
    report("POST /to-giac/tra-cuu/gui-them/ minus its own slow hash", answered_unhashed, goal)


def top_up(province: AdminUnit) -> int:
    """Bring the province to INBOX_TIPS tips: valid rows (encrypted content, the legal due time, the outcome iff
    closed, one primary delivery each), bulk-inserted, spread over its communes, BUSY_SHARE to the busy commune.
    Returns how many were added."""
    have = Tip.objects.filter(commune__parent=province).count()
    missing = INBOX_TIPS - have
    if missing <= 0:
        return 0
    rng = random.Random(19)
    communes = list(AdminUnit.objects.filter(parent=province, level=Level.COMMUNE, valid_to__isnull=True))
    busy = next(c for c in communes if c.code == BUSY_COMMUNE)
    categories = list(TipCategory.objects.filter(active=True))
    used = set(Tip.objects.values_list("code", flat=True))
    body = crypto.encrypt_text("Nội dung tin báo (bench).")  # one token for all: encrypting is not what is timed
    now = rules.to_the_minute(dt.datetime.now(dt.UTC))
    tips: list[Tip] = []
    for _ in range(missing):
        code = ""
        while not code or code in used:
            code = "TG-" + "".join(rng.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))
        used.add(code)
        received = now - dt.timedelta(minutes=rng.randrange(60, 365 * 24 * 60))
        # As in the demo (antq/tips/seed.py): most tips closed, some passed on and awaiting the answer, about 4 %
        # left open past their time (they fill the overdue board).
        roll = rng.random()
        status = Status.CLOSED if roll < 0.84 else Status.PASSED if roll < 0.96 else Status.VERIFYING
        tips.append(
            Tip(
                code=code,
                secret_hash="!bench",  # noqa: S106 - unusable: no secret opens it (as seed.py)
                category=rng.choice(categories),
                commune=busy if rng.random() < BUSY_SHARE else rng.choice(communes),
                body=body,
                received_at=received,
                due_at=rules.deadline(received, remote=False),
                status=status,
                outcome=rng.choice([Outcome.CONFIRMED, Outcome.NOT_CONFIRMED]) if status == Status.CLOSED else "",
                summary="Tóm tắt tin báo (bench)",
                acknowledged_at=received + dt.timedelta(minutes=30),
                passed_at=received + dt.timedelta(hours=6) if status != Status.VERIFYING else None,
                closed_at=received + dt.timedelta(days=7) if status == Status.CLOSED else None,
            )
        )
    Tip.objects.bulk_create(tips, batch_size=1000)
    TipDelivery.objects.bulk_create(
        [TipDelivery(tip=t, unit=t.commune, role=DeliveryRole.PRIMARY, delivered_at=t.received_at) for t in tips],
        batch_size=2000,
    )
    return missing


def inbox() -> None:
    province = AdminUnit.objects.get(level=Level.PROVINCE, code=PROVINCE, valid_to__isnull=True)
    start = time.perf_counter()
    added = top_up(province)
    total = Tip.objects.filter(commune__parent=province).count()
    busy = Tip.objects.filter(commune__code=BUSY_COMMUNE, commune__valid_to__isnull=True).count()
    print(f"[{ENGINE}] inbox: {added:,} tips added in {time.perf_counter() - start:.1f} s ({total:,} in province)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    goal = 100.0
    pv05, commune_officer = Client(), Client()
    pv05.force_login(User.objects.get(username=f"pv05_{PROVINCE}"))
    commune_officer.force_login(User.objects.get(username=f"ca_{BUSY_COMMUNE}"))
    cases = [
        (pv05, f"/to-giac/hop-thu/{PROVINCE}/", f"province inbox ({total:,} tips), page 1"),
        (pv05, f"/to-giac/hop-thu/{PROVINCE}/?page=100", "province inbox, page 100"),
        (pv05, f"/to-giac/hop-thu/{PROVINCE}/?han=overdue", "province inbox, filtered: overdue"),
        (pv05, f"/to-giac/hop-thu/{PROVINCE}/?trang_thai=closed&loai=ma-tuy", "province inbox, closed + ma-tuy"),
        (commune_officer, f"/to-giac/hop-thu/{BUSY_COMMUNE}/", f"commune inbox ({busy:,} tips), page 1"),
        (pv05, f"/to-giac/qua-han/{PROVINCE}/", "province overdue board"),
    ]
    for client, path, label in cases:
        count = queries(client, path)
        report(f"{label} {path} [{count} queries]", samples_of(page(client, "GET", path)), goal)


def load() -> None:
    """The machine's load: the figures are only as quiet as the machine was (docs/benchmarks.md)."""
    print(f"[{ENGINE}] load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


load()
portal()
inbox()
load()
