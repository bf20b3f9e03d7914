"""One entry point: run, train, database, users, tickets, handoffs, evaluation.

`python -m bot.ops.cli --help` lists the commands.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import signal
import sys
import time
from pathlib import Path

from bot.core.settings import DEV_CONSOLE_API_TOKEN, DEV_RASA_API_TOKEN, VAR_DIR, get_settings


def cmd_run(args: argparse.Namespace) -> int:
    from bot.core.db import session_scope
    from bot.ops.launcher import build_stack
    from bot.ops.model_build import ensure_model
    from bot.ops.schema import create_tables
    from bot.recall.catalogue import catalogue_is_empty, import_catalogue

    settings = get_settings()
    settings.check_secure()
    started = time.monotonic()
    print("Checking the model (trains only when data/, domain.yml or config.yml changed)...")
    model, trained_in = ensure_model()
    print(f"  model: {model}" + (f" (trained in {trained_in:.0f} s)" if trained_in else " (reused)"))
    create_tables()
    with session_scope() as session:
        if catalogue_is_empty(session):
            count = import_catalogue(session)
            print(f"  recall catalogue: imported {count} models")
    stack = build_stack(settings, var_dir=VAR_DIR)
    # `kill` (SIGTERM) stops the children too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"Starting the action server, the Rasa server and the console (logs in {VAR_DIR / 'logs'})...")
    ready_at = time.monotonic()
    try:
        stack.start()
        print(f"Ready in {time.monotonic() - ready_at:.0f} s ({time.monotonic() - started:.0f} s in all).\n")
        print(f"  Chat with the assistant:  {settings.console_url}/")
        print(f"  Agents' console:          {settings.console_url}/agent  (create an agent: python -m bot.ops.cli users add NAME --role agent)")
        print(f"  Transcript review:        {settings.console_url}/review")
        print(f"  Rasa REST channel:        {settings.rasa_url}/webhooks/rest/webhook")
        print(f"  Rasa HTTP API token:      {settings.rasa_api_token}" + ("  (development default)" if settings.rasa_api_token == DEV_RASA_API_TOKEN else ""))
        print(f"  Console API token:        {settings.console_api_token}" + ("  (development default)" if settings.console_api_token == DEV_CONSOLE_API_TOKEN else ""))
        print("\nPress Ctrl-C to stop everything.")
        restarts: list[float] = []
        while True:
            time.sleep(1)
            for service in stack.services.values():
                if service.running():
                    continue
                restarts = [t for t in restarts if time.monotonic() - t < 60] + [time.monotonic()]
                if len(restarts) > 5:
                    print(f"{service.name} keeps exiting; stopping. See {service.log_path}.", file=sys.stderr)
                    return 1
                print(f"{service.name} exited; restarting it (log: {service.log_path}).", file=sys.stderr)
                service.start()
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        # A second Ctrl-C or `kill` while stopping must not leave a child running.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()


def cmd_train(args: argparse.Namespace) -> int:
    from bot.ops.model_build import ensure_model

    model, seconds = ensure_model(force=args.force, finetune=args.finetune)
    print(f"{model}: " + (f"trained in {seconds:.0f} s" if seconds else "up to date, reused"))
    return 0


def cmd_db_init(args: argparse.Namespace) -> int:
    from bot.core.db import session_scope
    from bot.ops.schema import create_tables
    from bot.recall.catalogue import catalogue_is_empty, import_catalogue

    create_tables()
    with session_scope() as session:
        if catalogue_is_empty(session):
            print(f"imported {import_catalogue(session)} catalogue rows")
    print("database ready")
    return 0


def cmd_db_import(args: argparse.Namespace) -> int:
    from bot.core.db import session_scope
    from bot.ops.schema import create_tables
    from bot.recall.catalogue import CatalogueError, import_catalogue

    create_tables()
    try:
        with session_scope() as session:
            count = import_catalogue(session, Path(args.file))
    except (CatalogueError, OSError) as error:
        print(f"refused, nothing changed: {error}", file=sys.stderr)
        return 2
    print(f"imported {count} rows from {args.file}")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from bot.core.db import session_scope
    from bot.ops.schema import create_tables
    from bot.web.users import create_user

    create_tables()
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    try:
        with session_scope() as session:
            create_user(session=session, username=args.username, password=password, role=args.role)
    except ValueError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    print(f"created {args.role} {args.username}")
    return 0


def cmd_tickets(args: argparse.Namespace) -> int:
    from bot.core.db import session_scope
    from bot.ops.schema import create_tables
    from bot.recall.tickets import TicketError, TicketStatus, get_ticket, list_tickets, set_status

    create_tables()
    columns = ["public_id", "status", "remedy", "model_number", "manufacture_date", "verdict",
               "customer_name", "email", "street", "city", "postcode", "country",
               "needs_check", "address_as_written", "conversation_id", "channel", "email_status", "created_at", "updated_at"]
    with session_scope() as session:
        if args.tickets_command == "list":
            for t in list_tickets(session=session, status=args.status):
                check = f"  CHECK: {t.needs_check}" if t.needs_check else ""
                print(f"{t.public_id}  {t.status:<10} {t.remedy:<11} {t.model_number:<7} {t.email_status:<14} {t.created_at:%Y-%m-%d %H:%M}{check}")
        elif args.tickets_command == "show":
            ticket = get_ticket(session=session, public_id=args.ticket_id)
            if ticket is None:
                print(f"no ticket {args.ticket_id}", file=sys.stderr)
                return 2
            for column in columns + ["email_error"]:
                print(f"{column:>17}: {getattr(ticket, column)}")
        elif args.tickets_command == "set-status":
            try:
                ticket = set_status(session=session, public_id=args.ticket_id, status=TicketStatus(args.status))
            except (TicketError, ValueError) as error:
                print(f"refused: {error}", file=sys.stderr)
                return 2
            print(f"{ticket.public_id} is now {ticket.status}")
        elif args.tickets_command == "export":
            out = open(args.output, "w", newline="") if args.output != "-" else sys.stdout
            from bot.review.export import spreadsheet_safe

            writer = csv.writer(out)
            writer.writerow(columns)
            for t in list_tickets(session=session, status=args.status):
                writer.writerow([spreadsheet_safe(getattr(t, c)) for c in columns])
            if out is not sys.stdout:
                out.close()
        elif args.tickets_command == "retry-emails":
            from bot.recall.mailer import retry_failed

            print(f"sent {retry_failed(session=session, smtp_url=get_settings().smtp_url)}")
    return 0


def cmd_handoffs(args: argparse.Namespace) -> int:
    from bot.core.db import session_scope
    from bot.escalation.handoffs import list_handoffs
    from bot.ops.schema import create_tables

    create_tables()
    with session_scope() as session:
        for h in list_handoffs(session=session, conversation_id=args.conversation_id):
            print(f"{h.id:>5} {h.priority:<7} {h.reason:<14} {h.status:<9} {h.channel:<10} {h.conversation_id} {h.created_at:%Y-%m-%d %H:%M:%S}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from bot.core.db import session_scope
    from bot.ops.schema import create_tables
    from bot.review.export import export_conversations
    from bot.review.filters import ReviewFilters
    from bot.review.summaries import refresh_summaries

    create_tables()
    with session_scope() as session:
        if args.review_command == "refresh":
            print(f"rebuilt {refresh_summaries(session=session, max_events=None)} conversation summaries")
            return 0
        query = {key: value for key, value in (("from", args.date_from), ("to", args.date_to),
                 ("channel", args.channel), ("verdict", args.verdict), ("model", args.model),
                 ("outcome", args.outcome), ("tag", args.tag), ("q", args.search)) if value}
        filters = ReviewFilters.from_query(query)
        for problem in filters.problems:
            print(f"ignored: {problem}", file=sys.stderr)
        out = open(args.output, "w", newline="") if args.output != "-" else sys.stdout
        try:
            count = export_conversations(session=session, filters=filters, fmt=args.format, out=out)
        finally:
            if out is not sys.stdout:
                out.close()
    print(f"exported {count} conversations", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.ops import nlu_eval
    from bot.ops.model_build import MODEL_PATH, ensure_model

    ensure_model()
    argv = ["--model", str(MODEL_PATH)] + (["--cv-folds", str(args.cv_folds)] if args.cv_folds else [])
    return nlu_eval.main(argv) or 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot.ops.cli", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="train if needed, start every process, print where to chat").set_defaults(func=cmd_run)
    train = commands.add_parser("train", help="train the model if its inputs changed")
    train.add_argument("--force", action="store_true")
    train.add_argument(
        "--finetune",
        action="store_true",
        help="start from the current model (after reviewed examples were merged into data/); "
        "trains from scratch when the config, domain or intents changed",
    )
    train.set_defaults(func=cmd_train)

    db = commands.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("init", help="create tables, load the sample catalogue if empty").set_defaults(func=cmd_db_init)
    imp = db.add_parser("import", help="import a recall catalogue CSV (all or nothing)")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_db_import)

    users = commands.add_parser("users", help="console accounts").add_subparsers(dest="users_command", required=True)
    add = users.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", choices=["agent", "lead", "admin"], required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(func=cmd_users_add)

    tickets = commands.add_parser("tickets", help="return tickets").add_subparsers(dest="tickets_command", required=True)
    tl = tickets.add_parser("list")
    tl.add_argument("--status")
    ts = tickets.add_parser("show")
    ts.add_argument("ticket_id")
    tss = tickets.add_parser("set-status")
    tss.add_argument("ticket_id")
    tss.add_argument("status")
    te = tickets.add_parser("export", help="CSV")
    te.add_argument("--status")
    te.add_argument("--output", default="-")
    tickets.add_parser("retry-emails", help="resend failed confirmation emails")
    for sub in (tl, ts, tss, te):
        sub.set_defaults(func=cmd_tickets)
    tickets.choices["retry-emails"].set_defaults(func=cmd_tickets)

    handoffs = commands.add_parser("handoffs", help="list handoffs")
    handoffs.add_argument("--conversation-id")
    handoffs.set_defaults(func=cmd_handoffs)

    review = commands.add_parser("review", help="transcript review").add_subparsers(dest="review_command", required=True)
    review.add_parser("refresh", help="bring the conversation summaries up to date").set_defaults(func=cmd_review)
    rx = review.add_parser("export", help="export a filtered list of conversations")
    rx.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    rx.add_argument("--output", default="-")
    rx.add_argument("--from", dest="date_from", help="YYYY-MM-DD")
    rx.add_argument("--to", dest="date_to", help="YYYY-MM-DD")
    rx.add_argument("--channel")
    rx.add_argument("--verdict")
    rx.add_argument("--model")
    rx.add_argument("--outcome", action="append", help="ticket, handoff, fire, fallback, low_confidence, left_mid_form")
    rx.add_argument("--tag")
    rx.add_argument("--search")
    rx.set_defaults(func=cmd_review)

    ev = commands.add_parser("eval", help="NLU evaluation on the held-out set")
    ev.add_argument("--cv-folds", type=int, default=5, help="5-fold cross-validation on data/ (0 skips it)")
    ev.set_defaults(func=cmd_eval)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
