"""`make bench`: every benchmark, each printing its figures."""

from __future__ import annotations

from tests.bench import review_store, serving


def main() -> None:
    serving.main()
    review_store.main()


if __name__ == "__main__":
    main()
