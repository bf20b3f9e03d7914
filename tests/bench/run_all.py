"""`make bench`: every benchmark, each printing its figures."""

from __future__ import annotations

from tests.bench import serving


def main() -> None:
    serving.main()


if __name__ == "__main__":
    main()
