#!/usr/bin/env python3
"""Generates assets/pinyin.txt, the Han character -> pinyin table that
src/domain/pinyin/table.rs embeds (include_str!) to compute search forms
and sort keys.

Each character gets its *common* readings only — the ones a Chinese reader
expects, not every reading a dictionary records (有 also has a classical
wěi, 氏 jīng, 圳 chóu: with those, `wei` found every 有限公司):

- the 8,105 characters of the 通用规范汉字表 (the PRC's standard list, 2013):
  their most common reading (kMandarin_8105) and the other readings of the
  通用规范汉字字典 (Unihan kTGHZ2013), less the readings used only in
  surnames (SURNAME_ONLY), plus EXTRA;
- a traditional character (assets/hanzi-ts.txt): its own most customary
  reading (Unihan kMandarin) and the common readings of its simplified
  forms (長 is read as 长, and sorts by 长's PRIMARY, cháng);
- any other character: Unihan kMandarin (one reading, two when the PRC and
  Taiwan differ), or failing that the first reading pypinyin's merged data
  gives it.

Surname readings (SURNAMES) are kept apart: kam adds them to the first
character of a name (曾 zēng, 单 shàn, 解 xiè, 仇 qiú, 区 ōu, ...), and
START_WORDS are read as a whole at a name's start (compound surnames such
as 尉迟 yù chí; city names such as 重庆 chóng qìng, which a per-character
reading sorts wrongly). Both are written in their traditional spellings
too (單, 尉遲, 重慶).

Sources: mozillazg/pinyin-data (https://github.com/mozillazg/pinyin-data,
MIT; from Unicode's Unihan 16.0.0, Unicode licence), commit
82759f96236a65141ddc0cc9198fa688b7b8a7fa (v0.15.0): kTGHZ2013.txt,
kMandarin_8105.txt, kMandarin.txt, pinyin.txt. Traditional characters from
assets/hanzi-ts.txt (see assets/hanzi-ts-gen.py).

Run (from the crate root):

    git clone https://github.com/mozillazg/pinyin-data /tmp/pinyin-data
    git -C /tmp/pinyin-data checkout 82759f96236a65141ddc0cc9198fa688b7b8a7fa
    python3 assets/pinyin-gen.py /tmp/pinyin-data > assets/pinyin.txt

Output format (UTF-8). Syllables are toneless lower-case ASCII with `v` for
ü (lv, nve) followed by the tone, 1-4, or 5 for the neutral tone:

    <rank> <syllable><tone> <characters>

a common reading: `rank` is its place among the character's readings, 1
being its most common one (the one it sorts by); characters in code point
order.

    s<rank> <syllable><tone> <characters>

a surname reading, added at the start of a name; s1 is how a person whose
name starts with the character sorts.

    w <word> <syllable><tone> ...

a word read as a whole at the start of a name, one syllable per character.

Lines starting with `#` are comments.
"""

import os
import re
import sys
import unicodedata

# Readings of the common list that are used only as (or in) surnames, or
# in one place name: kept for the start of a name (SURNAMES, START_WORDS),
# never matched elsewhere — `shan` does not find 简单, `qiu` not 仇恨.
SURNAME_ONLY = {
    "单": ["chán", "shàn"],
    "仇": ["qiú"],
    "区": ["ōu"],
    "朴": ["piáo"],
    "查": ["zhā"],
    "盖": ["gě"],
    "尉": ["yù"],
    "俟": ["qí"],
    "万": ["mò"],
    "种": ["chóng"],
    "召": ["shào"],
    "繁": ["pó"],
    "员": ["yùn"],
    "秘": ["bì"],
    "句": ["gōu"],
    "缪": ["miào"],
    "牟": ["mù"],
    "洗": ["xiǎn"],
    "澹": ["tán"],
    "曾": ["zēng"],
    "解": ["xiè"],
}

# Common readings the standard list lacks: place names.
EXTRA = {
    "六": ["lù"],  # 六安, 六合
}

# The most common reading, where the data's first is not the one names
# use (长城, 长江, 长沙 — not zhǎng; 佛山; 成都, 首都; 厦门): how the
# character sorts. 俟 is sì (俟机); qí only in 万俟.
PRIMARY = {
    "长": "cháng",
    "佛": "fó",
    "都": "dū",
    "厦": "xià",
    "俟": "sì",
}

# Surname readings, added to the first character of a name, the first
# being how a person's name starting with it sorts (a surname read only
# as its common reading needs no line, unless its tone differs: 任 rén).
SURNAMES = {
    "曾": ["zēng"],
    "单": ["shàn"],
    "解": ["xiè"],
    "仇": ["qiú"],
    "区": ["ōu"],
    "朴": ["piáo"],
    "查": ["zhā"],
    "盖": ["gě"],
    "种": ["chóng"],
    "召": ["shào"],
    "繁": ["pó"],
    "员": ["yún", "yùn"],
    "秘": ["bì"],
    "句": ["gōu"],
    "覃": ["qín", "tán"],
    "翟": ["zhái", "dí"],
    "缪": ["miào"],
    "牟": ["móu"],
    "能": ["nài"],
    "洗": ["xiǎn"],
    "隗": ["wěi", "kuí"],
    "贲": ["bēn"],
    "乐": ["yuè", "lè"],
    "长": ["cháng"],
    "重": ["chóng"],
    "那": ["nā"],
    "宿": ["sù"],
    "薄": ["bó"],
    "褚": ["chǔ"],
    "郇": ["xún", "huán"],
    "蕃": ["pí"],
    "颉": ["xié"],
    "车": ["chē"],
    "都": ["dū"],
    "任": ["rén"],
    "华": ["huà"],
    "纪": ["jǐ"],
    "燕": ["yān"],
    "相": ["xiàng"],
    "黑": ["hè"],
    "石": ["shí"],
    "折": ["shé"],
    "哈": ["hǎ"],
    "宁": ["nìng"],
    "谌": ["chén"],
    "占": ["zhān"],
    "应": ["yīng"],
    "过": ["guō"],
    "尉": ["wèi"],
    "沈": ["shěn"],
    "冼": ["xiǎn"],
    "阚": ["kàn"],
    "厍": ["shè"],
    "逄": ["páng"],
    "眭": ["suī"],
    "覃": ["qín", "tán"],
}

# Words read as a whole at the start of a name: compound surnames whose
# reading differs from their characters' common ones, and place names that
# often begin a company's name.
START_WORDS = {
    "尉迟": ["yù", "chí"],
    "万俟": ["mò", "qí"],
    "单于": ["chán", "yú"],
    "长孙": ["zhǎng", "sūn"],
    "澹台": ["tán", "tái"],
    "令狐": ["líng", "hú"],
    "乐正": ["yuè", "zhèng"],
    "宰父": ["zǎi", "fǔ"],
    "重庆": ["chóng", "qìng"],
    "蚌埠": ["bèng", "bù"],
    "六安": ["lù", "ān"],
    "番禺": ["pān", "yú"],
    "丽水": ["lí", "shuǐ"],
    "乐清": ["yuè", "qīng"],
    "台州": ["tāi", "zhōu"],
    "济南": ["jǐ", "nán"],
    "单县": ["shàn", "xiàn"],
}

HAN_RANGES = [
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x3FFFF),  # Extensions B.. and the supplementary compatibility block
]

TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def plain(reading):
    """(toneless ASCII pinyin with v for ü, tone 1-5) of a toned reading."""
    tone = 5
    out = []
    for c in unicodedata.normalize("NFD", reading.strip()):
        if c in TONE_MARKS:
            tone = TONE_MARKS[c]
        elif c == "\u0308":  # ü
            if not out or out[-1] != "u":
                raise ValueError(f"unexpected reading {reading!r}")
            out[-1] = "v"
        elif unicodedata.combining(c):
            continue  # ê's circumflex
        else:
            out.append(c)
    s = "".join(out)
    if not re.fullmatch("[a-z]+", s):
        raise ValueError(f"unexpected reading {reading!r} -> {s!r}")
    return s, tone


def is_han(cp):
    return any(lo <= cp <= hi for lo, hi in HAN_RANGES)


def load(path):
    """{code point: [toned readings]} of a pinyin-data file."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cp, _, readings = line.partition(":")
            cp = int(cp.strip()[2:], 16)
            rs = [r for r in re.split(r"[,\s]+", readings.strip()) if r]
            if rs:
                table[cp] = rs
    return table


def load_ts(path):
    """{traditional: [simplified]} of assets/hanzi-ts.txt."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                table[ord(line[0])] = [ord(c) for c in line[1:]]
    return table


def add(out, reading):
    """Appends a (syllable, tone) unless its syllable is there."""
    s = plain(reading) if isinstance(reading, str) else reading
    if all(s[0] != o[0] for o in out):
        out.append(s)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pinyin-gen.py PATH/TO/pinyin-data")
    data = sys.argv[1]
    tghz = load(os.path.join(data, "kTGHZ2013.txt"))
    m8105 = load(os.path.join(data, "kMandarin_8105.txt"))
    mandarin = load(os.path.join(data, "kMandarin.txt"))
    merged = load(os.path.join(data, "pinyin.txt"))
    here = os.path.dirname(os.path.abspath(__file__))
    ts = load_ts(os.path.join(here, "hanzi-ts.txt"))

    def standard(cp):
        """Common readings of a character of the standard list, or None."""
        if cp not in tghz and cp not in m8105:
            return None
        ch = chr(cp)
        drop = {plain(r)[0] for r in SURNAME_ONLY.get(ch, [])}
        out = []
        if ch in PRIMARY:
            add(out, PRIMARY[ch])
        for r in m8105.get(cp, []) + tghz.get(cp, []) + EXTRA.get(ch, []):
            if plain(r)[0] not in drop:
                add(out, r)
        return out

    for ch, rs in SURNAME_ONLY.items():
        have = {plain(r)[0] for r in tghz.get(ord(ch), [])}
        for r in rs:
            if plain(r)[0] not in have:
                raise ValueError(f"{ch}: {r} is not among its readings to drop")

    table = {}
    for cp in sorted(set(merged) | set(mandarin) | set(tghz) | set(m8105)):
        if not is_han(cp):
            continue  # private-use code points and the like
        out = standard(cp)
        if out is None:
            simplified = []
            for s in ts.get(cp, []):
                for r in standard(s) or []:
                    add(simplified, r)
            own = mandarin.get(cp, [])
            if any(chr(s) in PRIMARY for s in ts.get(cp, [])):
                own, simplified = simplified, own  # 長 sorts as 长
            out = []
            for r in own + simplified:
                add(out, r)
            if not out:
                add(out, merged[cp][0])
        table[cp] = out

    lines = {}
    for cp, readings in table.items():
        for rank, (syl, tone) in enumerate(readings, 1):
            lines.setdefault((str(rank), f"{syl}{tone}"), []).append(cp)
    # the traditional forms of a character (單 of 单), for surnames and words
    traditional = {}
    for t, forms in ts.items():
        if forms[0] != t:
            traditional.setdefault(forms[0], []).append(t)

    def spellings(word):
        """The word and its traditional spellings (重庆, 重慶)."""
        out = [""]
        for c in word:
            out = [o + chr(v) for o in out for v in [ord(c)] + traditional.get(ord(c), [])]
        return out

    for ch, rs in SURNAMES.items():
        for spelled in spellings(ch):
            for rank, r in enumerate(rs, 1):
                syl, tone = plain(r)
                lines.setdefault((f"s{rank}", f"{syl}{tone}"), []).append(ord(spelled))

    w = sys.stdout.write
    w("# Han character -> toneless pinyin and tone, generated by assets/pinyin-gen.py\n")
    w("# from mozillazg/pinyin-data (MIT; from Unicode Unihan: kTGHZ2013, kMandarin)\n")
    w("# and assets/hanzi-ts.txt (OpenCC). Common readings only.\n")
    w("# <rank> <syllable><tone> <characters>: rank 1 = most common reading;\n")
    w("# s<rank> ...: surname readings, at a name's start; w <word> <syllables>:\n")
    w("# a word read as a whole at a name's start.\n")

    def order(key):
        rank, syl = key
        return (rank.startswith("s"), int(rank.lstrip("s")), syl)

    for key in sorted(lines, key=order):
        chars = "".join(chr(cp) for cp in sorted(set(lines[key])))
        w(f"{key[0]} {key[1]} {chars}\n")
    words = {}
    for word, rs in START_WORDS.items():
        if len(rs) != len(word):
            raise ValueError(f"{word}: one reading per character")
        for spelled in spellings(word):
            words[spelled] = " ".join("%s%d" % plain(r) for r in rs)
    for word in sorted(words):
        w(f"w {word} {words[word]}\n")


if __name__ == "__main__":
    main()
