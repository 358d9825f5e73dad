"""PhraseMemo: the phrases found in any of the texts, as `any(phrase in text ...)` finds them, looking again
only in texts it has not seen (serve's rebuilds)."""

from __future__ import annotations

import random

from lectern.phrases import PhraseMemo


class _Counted(str):
    """A text that counts the phrases looked for in it."""

    looked: list[str] = []

    def __contains__(self, phrase: object) -> bool:
        _Counted.looked.append(str(self)[:3])
        return super().__contains__(phrase)  # type: ignore[operator]


def test_found_equals_any_over_the_texts_in_every_series_of_calls():
    generator = random.Random(3)
    memo = PhraseMemo()
    alphabet = "维和行动特派团ab"
    for _ in range(300):
        texts = ["".join(generator.choice(alphabet) for _ in range(generator.randrange(0, 12))) for _ in range(4)]
        phrases = ["".join(generator.choice(alphabet) for _ in range(generator.randrange(1, 3))) for _ in range(6)]
        assert memo.found(phrases, texts) == {phrase for phrase in phrases if any(phrase in text for text in texts)}


def test_a_text_seen_before_is_not_searched_again():
    memo = PhraseMemo()
    texts = [_Counted("aaa维持和平"), _Counted("bbb特别政治任务"), _Counted("ccc秘书处")]
    phrases = ["维持和平", "秘书处", "安全理事会"]
    assert memo.found(phrases, texts) == {"维持和平", "秘书处"}
    _Counted.looked.clear()
    edited = _Counted("bbb特别政治任务，安全理事会")
    assert memo.found(phrases, [texts[0], edited, texts[2]]) == set(phrases)
    assert set(_Counted.looked) == {"bbb"}  # only the edited text was searched
    _Counted.looked.clear()
    assert memo.found(phrases, [texts[0], texts[2]]) == {"维持和平", "秘书处"}  # an edited text gone: not found
    assert _Counted.looked == []
