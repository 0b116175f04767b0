use super::*;

fn hit(name: &str, query: &str) -> bool {
    matches(name, &search_form(name), query)
}

#[test]
fn examples_from_the_issue() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "华东精密机械",
            &[
                "hdjm",
                "huadong",
                "HuaDong",
                "hd精密",
                "精密",
                "jingmi",
                "dongjing",
                "jmjx",
                "huadongjingmijixie",
                "hdjmjx",
                "hua dong",
                "huad",
                "华d",
                "HDJM",
                "h",
                "华东精密机械",
            ],
            &["hdx", "zz", "jingmiz", "华精", "hj", "xh", "hdjmjxx"],
        ),
        (
            "张伟",
            &["zw", "zhangwei", "zhang", "zhw", "Zhang Wei", "wei"],
            &["wz", "zhangwe1"],
        ),
        (
            "曾志强",
            &["zeng", "zzq", "zengzhiqiang", "ceng", "czq"],
            &["zengq"],
        ),
        ("单丽", &["shanli", "sl", "danli", "dl"], &["sx", "ls"]),
        ("仇", &["qiu", "chou", "q", "仇"], &["qiuu"]),
        (
            "解晓东",
            &["xiexiaodong", "xxd", "jiexiaodong", "jxd"],
            &["xdd"],
        ),
        (
            "Acme Tools GmbH",
            &[
                "acme",
                "tools",
                "TOOLS",
                "acmetools",
                "acme tools",
                "gmbh",
                "me to",
            ],
            &["at", "ag", "atg"],
        ),
        (
            "ABC精密",
            &["abcjm", "abc精", "ABCJM", "cjing", "abc", "bc"],
            &["abcx", "ajm"],
        ),
    ];
    for &(name, yes, no) in cases {
        for q in yes {
            assert!(
                hit(name, q),
                "{name:?} should be found by {q:?} (form {:?})",
                search_form(name)
            );
        }
        for q in no {
            assert!(
                !hit(name, q),
                "{name:?} should not be found by {q:?} (form {:?})",
                search_form(name)
            );
        }
    }
}

#[test]
fn polyphonic_surnames_match_every_listed_reading() {
    let surnames: &[(&str, &[&str])] = &[
        ("曾", &["zeng", "ceng"]),
        ("单", &["shan", "dan"]),
        ("仇", &["qiu", "chou"]),
        ("解", &["xie", "jie"]),
        ("区", &["ou", "qu"]),
        ("查", &["zha", "cha"]),
        ("朴", &["piao", "pu"]),
        ("盖", &["ge", "gai"]),
        ("尉", &["wei"]),
        ("乐", &["yue", "le"]),
        ("覃", &["qin", "tan"]),
        ("翟", &["zhai", "di"]),
        ("缪", &["miao", "mou"]),
        ("种", &["chong", "zhong"]),
        ("万", &["wan"]),
        ("秘", &["bi", "mi"]),
        ("繁", &["po", "fan"]),
        ("员", &["yun", "yuan"]),
        ("召", &["shao", "zhao"]),
        ("牟", &["mou"]),
        ("褚", &["chu"]),
        ("长", &["zhang", "chang"]),
        ("重", &["chong", "zhong"]),
    ];
    for &(c, readings) in surnames {
        let name = format!("{c}小明");
        for r in readings {
            assert!(hit(&name, &format!("{r}xiaoming")), "{name} by {r}");
            assert!(
                hit(&name, &format!("{}xm", &r[..1])),
                "{name} by the initial of {r}"
            );
        }
    }
}

#[test]
fn stored_form_format() {
    assert_eq!(search_form(""), "");
    assert_eq!(search_form("张伟"), "zhang wei");
    assert_eq!(search_form("华东"), "hua dong");
    // The module documentation's examples.
    assert_eq!(search_form("华东精密机械"), "hua dong jing mi ji xie");
    assert_eq!(search_form("ABC精密"), "a b c jing mi");
    assert_eq!(search_form("吕 Li"), "lv/lu  l i");
    assert_eq!(search_form("單國強"), "shan/dan/单 guo/国 qiang/jiang/强");
    assert_eq!(search_form("ABC精"), "a b c jing");
    assert_eq!(search_form("A b"), "a  b");
    assert_eq!(search_form("a/b|c"), "a  b  c");
    assert_eq!(search_form("ＡＢ１"), "a b 1");
    assert_eq!(search_form("😀"), "");
    // The common readings of a polyphonic character, most common first;
    // at a name's start its surname readings before them.
    assert_eq!(search_form("行"), "xing/hang/heng");
    assert_eq!(search_form("曾"), "zeng/ceng");
    assert_eq!(search_form("未曾"), "wei ceng");
    assert_eq!(search_form("吕"), "lv/lu");
    assert_eq!(search_form("略"), "lve/lue");
    // One entry per character of the name, always.
    for name in [
        "华东精密机械",
        "Acme Tools GmbH",
        "a  b",
        " 单 ",
        "😀👍🏽x",
        "𠮷野家",
    ] {
        assert_eq!(
            search_form(name).split(SEP).count(),
            name.chars().count(),
            "{name:?}"
        );
    }
}

#[test]
fn ranks_prefer_the_start_then_word_starts() {
    let r = |name: &str, q: &str| rank(name, &search_form(name), q);
    assert_eq!(r("Acme Tools GmbH", ""), Some(0));
    assert_eq!(r("Acme Tools GmbH", "acme"), Some(0));
    assert_eq!(r("Acme Tools GmbH", "tools"), Some(1));
    assert_eq!(r("Acme Tools GmbH", "ools"), Some(2));
    assert_eq!(r("Acme Tools GmbH", "at"), None);
    assert_eq!(r("华东精密机械", "hd"), Some(0));
    assert_eq!(r("华东精密机械", "jm"), Some(2));
    assert_eq!(r("ABC精密", "jm"), Some(1));
    assert_eq!(r("（华东）精密", "hd"), Some(0));
    assert_eq!(r("  张伟", "zw"), Some(0));
    // The best start wins when the query is found twice.
    assert_eq!(r("ab xab", "ab"), Some(0));
    assert_eq!(r("xab ab", "ab"), Some(1));
    // matches() is rank().is_some().
    for q in ["", "a", "acme", "tools", "ools", "at", "x", "gmbh "] {
        let name = "Acme Tools GmbH";
        let form = search_form(name);
        assert_eq!(
            matches(name, &form, q),
            rank(name, &form, q).is_some(),
            "{q:?}"
        );
    }
}

#[test]
fn spaces_and_punctuation_in_the_name_may_be_skipped() {
    assert!(hit("华东 精密", "hdjm"));
    assert!(hit("华东-精密", "huadongjingmi"));
    assert!(hit("华东-精密", "华东-精密"));
    assert!(hit("Acme-Tools", "acmetools"));
    assert!(hit("A&B Co.", "abco"));
    assert!(hit("华东😀精密", "hdjm"));
    assert!(hit("华东😀精密", "hd😀jm"));
    assert!(hit("西安", "xi'an"));
    assert!(hit("西安", "xi’an"));
    assert!(hit("华东", "\u{3000}hua\tdong "));
    // But only skipped: a query's own punctuation must be in the name.
    assert!(!hit("Acme Tools", "acme-tools"));
}

#[test]
fn edge_cases() {
    // Empty name and empty query.
    assert!(hit("", ""));
    assert!(hit("", "   "));
    assert!(!hit("", "a"));
    assert!(hit("华东", ""));
    assert_eq!(rank("", "", ""), Some(0));
    // Query longer than the name.
    assert!(!hit("张伟", "zhangweizhang"));
    assert!(!hit("ab", "abc"));
    // Emoji, by themselves only.
    assert!(hit("😀 Smile Ltd", "😀"));
    assert!(hit("😀 Smile Ltd", "smile"));
    assert_eq!(
        rank("😀 Smile Ltd", &search_form("😀 Smile Ltd"), "smile"),
        Some(0)
    );
    assert!(!hit("Smile Ltd", "😀"));
    // Full-width letters and digits, in the name or the query.
    assert!(hit("ＡＢＣ精密", "abcjm"));
    assert!(hit("ＡＢＣ精密", "ＡＢＣ"));
    assert!(hit("ABC精密", "ａｂｃ"));
    assert!(hit("第１机械厂", "d1jx"));
    assert!(hit("第1机械厂", "第１"));
    // Non-ASCII case folding.
    assert!(hit("Émile Müller", "émile"));
    assert!(hit("ÉMILE MÜLLER", "müller"));
    assert!(hit("İstanbul AŞ", "istanbul"));
    // A Han character the table does not know still matches itself.
    assert!(table().readings('\u{5159}').is_empty());
    assert_eq!(search_form("\u{5159}x"), "\u{5159} x");
    assert!(hit("\u{5159}x", "\u{5159}X"));
    // Traditional characters have readings too.
    assert!(hit("華東", "hd"));
}

#[test]
fn stale_or_missing_forms_fall_back_to_plain_matching() {
    assert!(matches("Acme Tools", "", "acme tools"));
    assert!(matches("华东精密", "", "精密"));
    assert!(!matches("华东精密", "", "hd"));
    // A form shorter than the name: the rest reads as itself.
    assert!(matches("华东精密", "hua", "h东"));
    assert!(matches("华东精密", "hua", "东精"));
    assert!(!matches("华东精密", "hua", "hd"));
}

#[test]
fn long_queries_use_the_heap_and_still_match() {
    let name = "a".repeat(120);
    let form = search_form(&name);
    assert!(matches(&name, &form, &"A".repeat(120)));
    assert!(!matches(&name, &form, &"a".repeat(121)));
    let name = "华东精密机械".repeat(20);
    let form = search_form(&name);
    let q = "huadongjingmijixie".repeat(20);
    assert!(q.chars().count() > STACK_QUERY);
    assert!(matches(&name, &form, &q));
    assert_eq!(rank(&name, &form, &q[3..]), Some(2));
    assert_eq!(rank(&name, &form, &q[18..]), Some(0));
    assert!(!matches(&name, &form, &format!("{q}h")));
    // Exactly at the stack limit and one past it.
    for n in [STACK_QUERY - 1, STACK_QUERY, STACK_QUERY + 1, 255, 256] {
        let name = "b".repeat(n);
        let form = search_form(&name);
        assert!(matches(&name, &form, &name), "{n}");
        assert!(!matches(&name, &form, &"b".repeat(n + 1)), "{n}");
    }
}

#[test]
fn agrees_with_a_brute_force_search() {
    /// Tries every start and every way to read each character.
    fn reference(name: &str, form: &str, query: &str) -> Option<u8> {
        let q: Vec<char> = query
            .chars()
            .filter(|&c| !ignored_in_query(c))
            .map(fold)
            .collect();
        if q.is_empty() {
            return Some(0);
        }
        let chars: Vec<char> = name.chars().collect();
        let mut entries: Vec<&str> = form.split(SEP).collect();
        entries.resize(chars.len().max(entries.len()), "");
        fn can(chars: &[char], entries: &[&str], q: &[char], i: usize, j: usize) -> bool {
            if j == q.len() {
                return true;
            }
            if i == chars.len() {
                return false;
            }
            let (c, e) = (chars[i], entries[i]);
            let own = if e.is_empty() { fold(c) } else { c };
            (!c.is_alphanumeric() && can(chars, entries, q, i + 1, j))
                || (q[j] == own && can(chars, entries, q, i + 1, j + 1))
                || (!e.is_empty()
                    && e.split(ALT).any(|alt| {
                        let alt: Vec<char> = alt.chars().collect();
                        (1..=alt.len()).any(|k| {
                            q.len() >= j + k
                                && q[j..j + k] == alt[..k]
                                && can(chars, entries, q, i + 1, j + k)
                        })
                    }))
        }
        (0..chars.len())
            .filter(|&s| can(&chars, &entries, &q, s, 0))
            .map(|s| {
                if s == 0 {
                    0
                } else if is_word_start(Some(chars[s - 1]), chars[s]) {
                    1
                } else {
                    2
                }
            })
            .min()
    }
    use proptest::prelude::*;
    let name_chars = prop::sample::select(vec![
        '华', '东', '曾', '单', '吕', '解', '晓', 'a', 'B', 'h', ' ', '-', 'Ａ', '1', '😀',
    ]);
    let query_chars = prop::sample::select(vec![
        'h', 'u', 'a', 'd', 'o', 'n', 'g', 'z', 'e', 'c', 's', 'l', 'v', 'x', 'i', 'j', 'b', '1',
        '华', '东', ' ', '-', 'A',
    ]);
    let names =
        prop::collection::vec(name_chars, 0..8).prop_map(|v| v.into_iter().collect::<String>());
    let queries =
        prop::collection::vec(query_chars, 0..7).prop_map(|v| v.into_iter().collect::<String>());
    proptest!(ProptestConfig::with_cases(3000), |(name in names, query in queries, stale in any::<bool>())| {
        let form = if stale { String::new() } else { search_form(&name) };
        let want = reference(&name, &form, &query);
        prop_assert_eq!(rank(&name, &form, &query), want);
        prop_assert_eq!(matches(&name, &form, &query), want.is_some());
        if want.is_some() {
            prop_assert!(Letters::of(&name, &form).may_match(&Letters::of_query(&query)));
        }
    });
}

#[test]
fn rare_readings_no_longer_match() {
    // 有 (wěi), 氏 (jīng), 圳 (chóu) carry rare readings in the great
    // dictionaries; only the common ones are read.
    assert!(!hit("华东精密机械有限公司", "wei"));
    assert!(!hit("有限公司", "w"));
    assert!(!hit("王氏集团", "jing"));
    assert!(!hit("深圳电子", "chou"));
    assert!(!hit("简单", "shan"), "单 is shàn only as a surname");
    assert!(!hit("恩仇", "enqiu"));
    // the common readings still do
    assert!(hit("华东精密机械有限公司", "yxgs"));
    assert!(hit("魏氏", "wei"));
    assert!(hit("王氏集团", "wangshi"));
    assert!(hit("深圳电子", "shenzhen"));
    assert!(hit("中国银行", "yinhang"));
    assert!(hit("重庆啤酒", "chongqing"));
    assert!(
        hit("重庆啤酒", "zhongqing"),
        "a common reading is never lost"
    );
    assert!(hit("长沙机械", "changsha"));
    assert!(hit("厦门航空", "xiamen"));
    assert!(hit("东莞精密", "dongguan"));
    assert!(hit("六安茶业", "luan"));
}

#[test]
fn surname_readings_only_at_the_start_of_a_name() {
    for (name, yes, no) in [
        (
            "单国强",
            &["shan", "sgq", "shanguoqiang", "dan"][..],
            &["chan"][..],
        ),
        ("曾志强", &["zeng", "zzq", "ceng"], &[]),
        ("解文斌", &["xie", "xwb", "jie"], &[]),
        ("仇晓", &["qiu", "chou"], &[]),
        ("区志华", &["ou", "qu"], &[]),
        ("朴正", &["piao", "pu"], &[]),
        ("查立", &["zha", "cha"], &[]),
        ("盖伦", &["ge", "gai"], &[]),
        ("尉迟恭", &["yuchigong", "ycg", "weichi"], &[]),
        ("万俟卨", &["moqi", "wanqi"], &[]),
        ("单于", &["chanyu", "danyu"], &[]),
        ("  单国强", &["shan"], &[]),
        ("孙单", &["sundan"], &["sunshan", "ss"]),
        ("王单国强", &["wdgq"], &["wsgq"]),
    ] {
        for q in yes {
            assert!(hit(name, q), "{name:?} by {q:?} ({})", search_form(name));
        }
        for q in no {
            assert!(
                !hit(name, q),
                "{name:?} not by {q:?} ({})",
                search_form(name)
            );
        }
    }
    // 尉 alone is a surname read wèi; yù only in 尉迟.
    assert!(!hit("尉小明", "yu"));
}

#[test]
fn traditional_and_simplified_find_each_other() {
    for (name, query) in [
        ("华东精密", "華東"),
        ("華東精密", "华东"),
        ("華東精密", "華東"),
        ("华东精密", "华东"),
        ("華东精密", "华東精"),
        ("長江實業", "长江实业"),
        ("长江实业", "長江實業"),
        ("華東精密", "hd精密"),
        ("華東精密", "huadong"),
        ("單國強", "单国强"),
        ("單國強", "shan"),
        ("乾坤", "干"),
    ] {
        assert!(
            hit(name, query),
            "{name:?} by {query:?} ({})",
            search_form(name)
        );
        assert_eq!(
            rank(name, &search_form(name), query),
            Some(0),
            "{name:?} by {query:?}"
        );
    }
    assert!(!hit("華東", "华南"));
    // a stale form: the name's own characters, folded too
    assert!(matches("華東", "", "华东"));
    assert!(matches("华东", "", "華東"));
}

fn sorted(names: &[&str], key: fn(&str) -> String) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.cmp(b)));
    v
}

#[test]
fn names_sort_by_pinyin_then_tone_then_character() {
    // the issue's example: code point order was 东方, 中联, 华东, 博远, 汇通, 鼎盛
    assert_eq!(
        sorted(&["东方", "中联", "华东", "博远", "汇通", "鼎盛"], sort_key),
        ["博远", "鼎盛", "东方", "华东", "汇通", "中联"]
    );
    // Latin names among them, letter by letter
    assert_eq!(
        sorted(
            &[
                "华东",
                "Bluewater",
                "东方",
                "博远",
                "北京",
                "acme",
                "Zeta",
                "3M",
                "Émile",
                "鼎盛"
            ],
            sort_key
        ),
        [
            "3M",
            "acme",
            "北京",
            "Bluewater",
            "博远",
            "鼎盛",
            "东方",
            "Émile",
            "华东",
            "Zeta"
        ]
    );
    // then by tone: mā má mǎ mà
    assert_eq!(
        sorted(&["骂", "马", "妈", "麻"], sort_key),
        ["妈", "麻", "马", "骂"]
    );
    // a syllable ends before the next: 西安 (xi an) before 先 (xian)
    assert_eq!(sorted(&["先锋", "西安"], sort_key), ["西安", "先锋"]);
    // equal pinyin and tones: by character (code point)
    assert_eq!(sorted(&["章", "张"], sort_key), ["张", "章"]);
    // traditional characters as their simplified
    assert_eq!(
        sorted(&["華東", "東方", "博遠"], sort_key),
        ["博遠", "東方", "華東"]
    );
    // punctuation and spaces separate, never sort first
    assert_eq!(
        sorted(&["（华东）精密", "博远", "东方"], sort_key),
        ["博远", "东方", "（华东）精密"]
    );
    // a city at an organisation's start is read as a whole
    assert_eq!(
        sorted(
            &["重庆啤酒", "中联", "长江", "厦门航空", "重工机械", "北京"],
            sort_key
        ),
        ["北京", "长江", "重庆啤酒", "厦门航空", "重工机械", "中联"]
    );
}

#[test]
fn people_sort_by_their_surname_reading() {
    assert_eq!(
        sorted(
            &[
                "张伟",
                "单国强",
                "曾志强",
                "丁磊",
                "解文斌",
                "尉迟恭",
                "Zoe"
            ],
            person_sort_key
        ),
        [
            "丁磊",
            "单国强",
            "解文斌",
            "尉迟恭",
            "曾志强",
            "张伟",
            "Zoe"
        ]
    );
    // as organisations the same characters read as usual
    assert_eq!(
        sorted(&["单元", "丁磊", "曾经"], sort_key),
        ["曾经", "单元", "丁磊"]
    );
}

#[test]
fn sort_keys_of_odd_names() {
    assert_eq!(sort_key(""), " ");
    assert_eq!(sort_key("博远 Ltd"), "bo'yuan'ltd 23");
    assert_eq!(sort_key("Acme Tools"), "acme'tools ");
    assert_eq!(sort_key("ＡＢＣ"), "abc ");
    assert_eq!(sort_key("😀 Smile"), "smile ");
    assert_eq!(sort_key("吕"), "lv 3");
    assert_eq!(sort_key("\u{5159}"), "\u{5159} ");
    assert_eq!(person_sort_key("尉迟恭"), "yu'chi'gong 421");
    assert_eq!(cmp_names("acme", "Acme"), std::cmp::Ordering::Greater);
    assert_eq!(cmp_names("博远", "博远"), std::cmp::Ordering::Equal);
}

#[test]
fn letter_jumps_read_the_first_character() {
    assert!(starts_with_letter("关键客户", 'g'));
    assert!(starts_with_letter("重点客户", 'z'));
    assert!(starts_with_letter("一般客户", 'y'));
    assert!(starts_with_letter("Key account", 'k'));
    assert!(starts_with_letter("（关键）", 'g'));
    assert!(starts_with_letter("Ｋey", 'k'));
    assert!(!starts_with_letter("一般客户", 'b'));
    assert!(!starts_with_letter("一般客户", ' '));
    assert!(!starts_with_letter("一般客户", '-'));
    assert!(!starts_with_letter("", 'a'));
    assert!(starts_with_letter("2024", '2'));
}

#[test]
fn keys_and_forms_of_any_text_never_panic() {
    use proptest::prelude::*;
    proptest!(ProptestConfig::with_cases(2000), |(name in ".{0,12}")| {
        let key = sort_key(&name);
        prop_assert!(key.contains(' '));
        let _ = person_sort_key(&name);
        let form = search_form(&name);
        prop_assert_eq!(form.split(SEP).count(), name.chars().count().max(1));
        for c in ['a', 'z', '华'] {
            let _ = starts_with_letter(&name, c);
        }
    });
}
