"""find_numbers: hand-computed values for English and Chinese expressions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bialign.numbers import find_numbers, parse_chinese_numeral

# (text, lang, expected [(value, kind), ...] in text order)
CASES = [
    # English digits, separators, decimals
    ("It cost 1,000 dollars.", "en", [(1000.0, "money")]),
    ("about 1 000 items", "en", [(1000.0, "number")]),
    ("a rate of 3.75 units", "en", [(3.75, "number")]),
    ("In 2020 we met.", "en", [(2020.0, "year")]),
    ("the 1990s", "en", [(1990.0, "year")]),
    ("sales rose 30%", "en", [(30.0, "percent")]),
    ("30 per cent of voters", "en", [(30.0, "percent")]),
    ("12 percent", "en", [(12.0, "percent")]),
    ("$11 billion", "en", [(11e9, "money")]),
    ("US$5 billion", "en", [(5e9, "money")]),
    ("fined RMB20,000", "en", [(20000.0, "money")]),
    ("3.5 million people", "en", [(3.5e6, "number")]),
    # English number words
    ("twenty-three people", "en", [(23.0, "number")]),
    ("one hundred and five cats", "en", [(105.0, "number")]),
    ("two thousand three hundred and forty-five", "en", [(2345.0, "number")]),
    ("two and a half years", "en", [(2.5, "number")]),
    ("a dozen eggs", "en", [(12.0, "number")]),
    ("a hundred men", "en", [(100.0, "number")]),
    # older orders (the Bible, older prose): unit before tens, "an hundred", score
    ("an hundred and forty years", "en", [(140.0, "number")]),
    ("two and thirty years", "en", [(32.0, "number")]),
    ("the three and twentieth day", "en", [(23.0, "ordinal")]),
    ("an hundred and seven and twenty provinces", "en", [(127.0, "number")]),
    ("twenty and seven", "en", [(27.0, "number")]),
    ("twenty and eight thousand and six hundred", "en", [(28600.0, "number")]),
    ("two and twenty thousand men", "en", [(22000.0, "number")]),
    ("forty and two thousand three hundred and threescore", "en", [(42360.0, "number")]),
    ("two thousand an hundred seventy and two", "en", [(2172.0, "number")]),
    ("in the thirty and ninth year", "en", [(39.0, "ordinal")]),
    ("pillars of thirty and five cubits", "en", [(35.0, "measure")]),
    ("four score and seven years", "en", [(87.0, "number")]),
    ("an hundred and fourscore days", "en", [(180.0, "number")]),
    ("threescore and ten", "en", [(70.0, "number")]),
    ("a thousand and one nights", "en", [(1001.0, "number")]),
    ("between two and twenty people", "en", [(2.0, "word"), (20.0, "number")]),  # a range
    ("five and six", "en", [(5.0, "word"), (6.0, "word")]),
    ("the ninetieth birthday", "en", [(90.0, "ordinal")]),
    ("three apples", "en", [(3.0, "word")]),
    ("four decades", "en", [(40.0, "word")]),
    ("a quarter of a million species", "en", [(250000.0, "number")]),
    # ordinals, fractions, multiples
    ("the third meeting", "en", [(3.0, "ordinal")]),
    ("the 3rd meeting", "en", [(3.0, "ordinal")]),
    ("the twenty-first century", "en", [(21.0, "ordinal")]),
    ("first and second", "en", [(1.0, "ordinal"), (2.0, "ordinal")]),
    ("one-third of them", "en", [(1 / 3, "fraction")]),
    ("two thirds", "en", [(2 / 3, "fraction")]),
    ("half of them", "en", [(0.5, "fraction")]),
    ("it doubled", "en", [(2.0, "multiple")]),
    ("five times larger", "en", [(5.0, "multiple")]),
    # dates, ranges, codes, markers
    ("On December 2, 2020", "en", [(12.0, "month"), (2.0, "number"), (2020.0, "year")]),
    ("We may act in May 2020.", "en", [(5.0, "month"), (2020.0, "year")]),
    ("one or two agreements", "en", [(1.0, "word"), (2.0, "word")]),
    ("2–3 days", "en", [(2.0, "number"), (3.0, "number")]),
    ("mobile 5G chipsets", "en", [("5G", "code")]),
    ("2.725±0.002K", "en", [(2.725, "number"), (0.002, "number")]),
    ("COVID-19 vaccines", "en", [("COVID19", "code")]),
    ("the G20 summit", "en", [("G20", "code")]),
    ("1. Key issues", "en", [(1.0, "marker")]),
    ("PART II", "en", [(2.0, "ordinal")]),
    ("five feet tall", "en", [(5.0, "measure")]),
    ("No articles here.", "en", []),
    ("an apple a day", "en", []),
    # Chinese numerals
    ("二十三个人", "zh", [(23.0, "number")]),
    ("支付50,000美元", "zh", [(50000.0, "money")]),  # grouped digits, not 50 and 000
    ("买了3,4个", "zh", [(3.0, "number"), (4.0, "number")]),
    ("一百零五只猫", "zh", [(105.0, "number")]),
    ("三千五百万元", "zh", [(35e6, "money")]),
    ("1.5亿美元", "zh", [(1.5e8, "money")]),
    ("3万人", "zh", [(30000.0, "number")]),
    ("三千五", "zh", [(3500.0, "number")]),
    ("两千万", "zh", [(2e7, "number")]),
    ("１２３", "zh", [(123.0, "number")]),
    ("二〇二〇年", "zh", [(2020.0, "year")]),
    ("２０２０年", "zh", [(2020.0, "year")]),
    ("2020年12月2日", "zh", [(2020.0, "year"), (12.0, "month"), (2.0, "day")]),
    ("十一月", "zh", [(11.0, "month")]),
    ("3个月", "zh", [(3.0, "number")]),
    # Chinese percentages, ordinals, fractions, multiples
    ("百分之三十", "zh", [(30.0, "percent")]),
    ("３０％", "zh", [(30.0, "percent")]),
    ("三成", "zh", [(30.0, "percent")]),
    ("第三次会议", "zh", [(3.0, "ordinal")]),
    ("第一", "zh", [(1.0, "ordinal")]),
    ("三分之一", "zh", [(1 / 3, "fraction")]),
    ("一半", "zh", [(0.5, "fraction")]),
    ("两倍", "zh", [(2.0, "multiple")]),
    ("大一倍", "zh", [(2.0, "multiple")]),
    ("两年半", "zh", [(2.5, "number")]),
    ("20世纪90年代", "zh", [(1990.0, "year")]),
    ("90后", "zh", [(1990.0, "year")]),
    # Chinese ranges and approximations
    ("一至两个", "zh", [(1.0, "word"), (2.0, "word")]),
    ("五六岁", "zh", [(5.0, "approx"), (6.0, "approx")]),
    ("十七八个", "zh", [(17.0, "approx"), (18.0, "approx")]),
    ("二十多年", "zh", [(20.0, "approx")]),
    # 一 and 两 that are not numbers, 两 meaning "both", taels
    ("两国", "zh", [(2.0, "count")]),
    ("符合两国人民的利益", "zh", [(2.0, "count")]),  # jieba's one word 两国人民
    ("另一个领域", "zh", []),  # "another"
    ("另一方面", "zh", []),
    ("一起统一一些之一一样一直", "zh", []),
    ("万一下雨", "zh", []),
    ("千万不要", "zh", []),
    ("一方面", "zh", []),
    ("半导体", "zh", []),
    ("十分关键", "zh", []),
    ("二十两银子", "zh", [(20.0, "measure")]),  # taels: translators convert them
    ("the fifth part of the land", "en", [(0.2, "fraction")]),
    ("five talents", "en", [(5.0, "measure")]),
    # codes and units in Chinese
    ("5G芯片", "zh", [("5G", "code")]),
    ("温度为2.726K", "zh", [(2.726, "number")]),  # a decimal with a unit is no code
    ("5K视频", "zh", [("5K", "code")]),
    ("以下问题：1. 贸易；2. 芯片", "zh", [(1.0, "marker"), (2.0, "marker")]),
    ("增长了2.5倍", "zh", [(2.5, "multiple")]),
    ("二十国集团G20", "zh", [("G20", "code")]),
    ("波长是7cm", "zh", [(7.0, "number")]),
    ("一、重点问题", "zh", [(1.0, "marker")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES)
def test_find_numbers(text: str, lang: str, expected: list[tuple[float | str, str]]) -> None:
    found = [(m.value, m.kind) for m in find_numbers(text, lang)]  # type: ignore[arg-type]
    assert len(found) == len(expected), found
    for (value, kind), (want, want_kind) in zip(found, expected, strict=True):
        assert kind == want_kind, found
        if isinstance(want, str):
            assert value == want
        else:
            assert value == pytest.approx(want)


def test_at_least_sixty_expressions() -> None:
    assert len(CASES) >= 60
    assert {lang for _t, lang, _e in CASES} == {"en", "zh"}


@pytest.mark.parametrize(("raw", "values"), [
    ("二十三", [23.0]), ("一百零五", [105.0]), ("三千五百万", [35e6]), ("1.5亿", [1.5e8]),
    ("二〇二〇", [2020.0]), ("二三十", [20.0, 30.0]), ("一两", [1.0, 2.0]), ("十", [10.0]),
    ("一万亿", [1e12]), ("两", [2.0]), ("万", [1e4]),
])
def test_parse_chinese_numeral(raw: str, values: list[float]) -> None:
    assert parse_chinese_numeral(raw) == pytest.approx(values)


@given(st.text(alphabet="0123456789一二三四五六七八九十百千万亿两年月日第%.,零 abcdeone"
               "twothreeMay", max_size=40),
       st.sampled_from(["en", "zh"]))
def test_spans_are_exact(text: str, lang: str) -> None:
    for mention in find_numbers(text, lang):  # type: ignore[arg-type]
        assert text[mention.start:mention.end] == mention.text
        assert mention.start < mention.end


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_round_trip(n: int) -> None:
    mentions = find_numbers(f"共有{n}个", "zh")
    assert [m.value for m in mentions] == [float(n)]
