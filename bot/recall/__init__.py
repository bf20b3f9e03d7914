"""The recall itself: the catalogue and verdicts, return tickets, contact checks, confirmation emails. Plain Python."""
