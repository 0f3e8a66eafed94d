"""One lookup for every table of user-facing text: each key's Chinese (zh-CN, the default locale)
and English side by side, so the two cannot drift and no module picks a locale its own way."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

LANGUAGES: tuple[str, str] = ("zh-CN", "en")


def language(locale: str) -> str:
    """The table language of ``locale``: English for any 'en…', else Chinese (the default)."""
    return "en" if locale.startswith("en") else "zh-CN"


class Phrases(Mapping[str, tuple[str, str]]):
    """A named table ``{key: (zh-CN, en)}``: ``phrases(locale, key, **params)`` is one text.

    Built from one or more tables (their keys must not repeat) or, with ``from_locales``, from
    one dict per language (their keys must be the same). Every entry needs both languages; a
    table that breaks this fails when its module is imported, naming the table and the key.
    """

    def __init__(self, name: str, *tables: Mapping[str, tuple[str, str]]) -> None:
        self.name = name
        self._pairs: dict[str, tuple[str, str]] = {}
        for table in tables:
            for key, pair in table.items():
                if key in self._pairs:
                    raise ValueError(f"{name}: the phrase {key!r} is defined twice")
                if not (isinstance(pair, tuple) and len(pair) == 2 and all(pair)):
                    raise ValueError(
                        f"{name}: the phrase {key!r} needs both texts, (zh-CN, en): {pair!r}"
                    )
                self._pairs[key] = pair
        self._words = {
            lang: {key: pair[i] for key, pair in self._pairs.items()}
            for i, lang in enumerate(LANGUAGES)
        }

    @classmethod
    def from_locales(cls, name: str, texts: Mapping[str, Mapping[str, str]]) -> Phrases:
        """A table from one dict per language (``{"zh-CN": {...}, "en": {...}}``)."""
        zh, en = (texts[lang] for lang in LANGUAGES)
        for key in sorted(set(zh) ^ set(en)):
            missing = "en" if key in zh else "zh-CN"
            raise ValueError(f"{name}: the phrase {key!r} has no {missing} text")
        return cls(name, {key: (text, en[key]) for key, text in zh.items()})

    def __getitem__(self, key: str) -> tuple[str, str]:
        try:
            return self._pairs[key]
        except KeyError:
            raise KeyError(f"no phrase {key!r} in {self.name}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def words(self, locale: str) -> dict[str, str]:
        """Every text of ``locale``'s language by key (shared: do not change it)."""
        return self._words[language(locale)]

    def __call__(self, locale: str, key: str, /, **params: object) -> str:
        """The text ``key`` in ``locale``'s language, filled in with ``params`` when given."""
        text = self[key][LANGUAGES.index(language(locale))]
        if not params:
            return text
        try:
            return text.format(**params)
        except KeyError as exc:
            raise KeyError(f"the phrase {key!r} of {self.name} needs {{{exc.args[0]}}}") from None
