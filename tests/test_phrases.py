"""config/phrases.py: one lookup for the tables of user-facing text (issue 14) — the locale's
text filled in, and a broken table or an unknown key named with its table."""

from __future__ import annotations

import pytest

from config.phrases import Phrases, language

TABLE = Phrases("tests/demo", {"hello": ("你好，{name}", "hello, {name}"), "bye": ("再见", "bye")})


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("zh-CN", "zh-CN"), ("en", "en"), ("en-GB", "en"), ("en-US", "en"), ("zh", "zh-CN"),
        ("zh-TW", "zh-CN"), ("", "zh-CN"), ("fr", "zh-CN"),
    ],
)  # fmt: skip
def test_a_locale_picks_its_language_chinese_by_default(locale: str, expected: str) -> None:
    assert language(locale) == expected
    # a table's lookup picks the same language
    assert TABLE(locale, "bye") == {"zh-CN": "再见", "en": "bye"}[expected]


@pytest.mark.parametrize(
    ("locale", "key", "params", "expected"),
    [
        ("zh-CN", "hello", {"name": "王"}, "你好，王"),
        ("en", "hello", {"name": "Wang"}, "hello, Wang"),
        ("zh-CN", "bye", {}, "再见"),
        ("en", "bye", {}, "bye"),
        ("en", "hello", {}, "hello, {name}"),  # no params: the text as it is
    ],
)
def test_a_phrase_in_its_locale_filled_in(
    locale: str, key: str, params: dict[str, object], expected: str
) -> None:
    assert TABLE(locale, key, **params) == expected


def test_the_table_reads_as_a_mapping_and_by_language() -> None:
    assert sorted(TABLE) == ["bye", "hello"]
    assert TABLE["bye"] == ("再见", "bye")
    assert "hello" in TABLE and "nope" not in TABLE
    assert TABLE.words("en") == {"hello": "hello, {name}", "bye": "bye"}
    assert TABLE.words("zh-CN") == {"hello": "你好，{name}", "bye": "再见"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: TABLE("en", "nope"), "no phrase 'nope' in tests/demo"),
        (lambda: TABLE["nope"], "no phrase 'nope' in tests/demo"),
        (lambda: TABLE("zh-CN", "hello", who="x"), "the phrase 'hello' of tests/demo needs {name}"),
    ],
)
def test_an_unknown_key_or_a_missing_param_names_the_table(call: object, message: str) -> None:
    with pytest.raises(KeyError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.args == (message,)


BOTH = "t: the phrase 'a' needs both texts, (zh-CN, en): "


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        ([{"a": ("甲", "")}], BOTH + "('甲', '')"),
        ([{"a": ("甲",)}], BOTH + "('甲',)"),
        ([{"a": ("甲", "a")}, {"a": ("乙", "b")}], "t: the phrase 'a' is defined twice"),
    ],
)
def test_a_table_without_both_languages_is_refused_naming_the_key(
    tables: list[dict[str, tuple[str, str]]], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        Phrases("t", *tables)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ({"zh-CN": {"a": "甲"}, "en": {"a": "a", "b": "b"}}, "t: the phrase 'b' has no zh-CN text"),
        ({"zh-CN": {"a": "甲", "c": "丙"}, "en": {"a": "a"}}, "t: the phrase 'c' has no en text"),
    ],
)
def test_one_dict_per_language_must_have_the_same_keys(
    texts: dict[str, dict[str, str]], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        Phrases.from_locales("t", texts)
    assert str(caught.value) == message


def test_a_table_from_one_dict_per_language() -> None:
    table = Phrases.from_locales("t", {"zh-CN": {"a": "甲"}, "en": {"a": "a"}})
    assert dict(table) == {"a": ("甲", "a")}
    assert table("en-US", "a") == "a"
