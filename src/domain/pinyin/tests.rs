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
        ("尉", &["yu", "wei"]),
        ("乐", &["yue", "le"]),
        ("覃", &["qin", "tan"]),
        ("翟", &["zhai", "di"]),
        ("缪", &["miao", "mou"]),
        ("种", &["chong", "zhong"]),
        ("万", &["wan", "mo"]),
        ("秘", &["bi", "mi"]),
        ("繁", &["po", "fan"]),
        ("员", &["yun", "yuan"]),
        ("召", &["shao", "zhao"]),
        ("牟", &["mou", "mu"]),
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
    assert_eq!(
        search_form("华东精密机械"),
        "hua dong jing/qing mi ji/wei xie"
    );
    assert_eq!(search_form("ABC精密"), "a b c jing/qing mi");
    assert_eq!(search_form("吕 Li"), "lv/lu  l i");
    assert_eq!(search_form("ABC精"), "a b c jing/qing");
    assert_eq!(search_form("A b"), "a  b");
    assert_eq!(search_form("a/b|c"), "a  b  c");
    assert_eq!(search_form("ＡＢ１"), "a b 1");
    assert_eq!(search_form("😀"), "");
    // Every reading of a polyphonic character, most common first.
    assert_eq!(search_form("曾"), "ceng/zeng");
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
