"""Counts in words, for sentences people read: "1 action", "3 actions"."""


def words(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
