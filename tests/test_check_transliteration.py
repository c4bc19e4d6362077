"""Another transliteration of a foreign name (约但 for CC-CEDICT's 约旦 "Jordan")."""

from __future__ import annotations

import pytest

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.coverage import zh_tokens
from bialign.checks.entities import CHECK
from bialign.checks.transliteration import sounds_like, split_syllable
from bialign.records import Pair


@pytest.mark.parametrize("syllable, expected", [
    ("tuo", ("D", "uo")), ("duo", ("D", "uo")), ("zhang", ("S", "an")), ("er", ("", "er")),
    ("yue", ("", "ue")), ("ming", ("M", "in")),
])
def test_syllables_split_into_initial_class_and_final(syllable: str,
                                                      expected: tuple[str, str]) -> None:
    assert split_syllable(syllable) == expected


@pytest.mark.parametrize("form, zh, expected", [
    ("约旦", "并约但河一带地方的人", True),  # the Chinese Union Version's Jordan
    ("安德鲁", "和他兄弟安得烈，在海里撒网", True),  # Andrew: two syllables of three
    ("加沙", "直到迦萨，又向所多玛", True),  # Gaza
    ("黎巴嫩", "从利巴嫩砍伐树木", True),  # inside 从利巴嫩, one word jieba does not know
    ("德国", "他们的国家很大", False),  # 的国 is no run of whole words
    ("加拿大", "其他国家产生巨大影响", False),  # 其他 is a common word, not a name
    ("金大中", "狗儿未免心中烦躁", False),
    ("世界贸易组织", "对世界卫生组织的承诺", False),  # a compound of words, not a sound
])
def test_sounds_like(form: str, zh: str, expected: bool) -> None:
    assert sounds_like(form, zh, zh_tokens(zh)) is expected


def test_a_run_that_is_a_name_of_its_own_is_that_name() -> None:
    zh = "他们去了澳大利亚。"  # ao-da-li-ya reads much like 奥地利 ao-di-li, Austria
    assert sounds_like("奥地利", zh, zh_tokens(zh))
    assert not sounds_like("奥地利", zh, zh_tokens(zh), lambda run: run == "澳大利亚")


def _entity_findings(en: str, zh: str) -> list[str]:
    return [f.message for f in CHECK.run([Pair(0, en, zh)], CheckResources(),
                                         CheckConfig(enabled=("entity",)))]


def test_the_entity_check_takes_a_variant_for_the_name() -> None:
    en = "Then cometh Jesus from Galilee to Jordan unto John."
    assert _entity_findings(en, "当下，耶稣从加利利来到约但河，见了约翰。") == []
    # another place there is still a swap
    assert _entity_findings(en, "当下，耶稣从加利利来到埃及，见了约翰。") == [
        'The English has "Jordan", but the Chinese has 埃及 ("Egypt") instead.']
