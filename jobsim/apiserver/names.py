"""Server-generated identities: object UIDs and ``generateName`` suffixes, from a seeded RNG.

Owns the two random choices the apiserver makes on create, drawn from one explicitly
seeded ``random.Random`` so that a run is reproducible:

* ``uid``: a version-4 UUID string (``uuid.New().String()``: lowercase, 36 chars);
* ``generate_name``: ``base[:58]`` plus 5 characters from ``bcdfghjklmnpqrstvwxz2456789``
  (apiserver ``pkg/storage/names/generate.go``, apimachinery ``pkg/util/rand/rand.go``).

Must not import anything from jobsim: it is a leaf of the apiserver package.
"""

from __future__ import annotations

import random
import uuid
from typing import Final

__all__ = [
    "MAX_GENERATED_NAME_LENGTH",
    "NAME_ALPHABET",
    "RANDOM_LENGTH",
    "NameGenerator",
]

NAME_ALPHABET: Final = "bcdfghjklmnpqrstvwxz2456789"
"""``rand.String`` alphabet: no vowels (no accidental words), no confusable 0/1/3."""
RANDOM_LENGTH: Final = 5
MAX_GENERATED_NAME_LENGTH: Final = 63 - RANDOM_LENGTH
"""58: the base is cut so that base + suffix fits a DNS label."""


class NameGenerator:
    """Draws UIDs and generated-name suffixes from one seeded ``random.Random``."""

    __slots__ = ("_rng",)

    def __init__(self, rng: random.Random) -> None:
        """Use ``rng`` for every draw (the caller owns and seeds it)."""
        self._rng = rng

    def uid(self) -> str:
        """Return a new random (version 4) UUID string."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def generate_name(self, base: str) -> str:
        """Return ``base`` cut to 58 characters plus 5 random characters (``GenerateName``)."""
        if len(base) > MAX_GENERATED_NAME_LENGTH:
            base = base[:MAX_GENERATED_NAME_LENGTH]
        rng = self._rng
        suffix = "".join(rng.choice(NAME_ALPHABET) for _ in range(RANDOM_LENGTH))
        return base + suffix
