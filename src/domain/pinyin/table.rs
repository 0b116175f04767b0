//! The tables behind [`search_form`](super::search_form) and
//! [`sort_key`](super::sort_key): readings from `assets/pinyin.txt`,
//! traditional → simplified characters from `assets/hanzi-ts.txt`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The generated readings: `<rank> <syllable><tone> <characters>` lines,
/// `s<rank> …` surname lines and `w <word> <syllables>` lines (see
/// `assets/pinyin-gen.py`).
const DATA: &str = include_str!("../../../assets/pinyin.txt");
/// The generated traditional → simplified table: one line per traditional
/// character, followed by its simplified forms.
const TS: &str = include_str!("../../../assets/hanzi-ts.txt");

/// One reading: a syllable (an index into `Table::syllables`) and its tone
/// (1–4, 5 for the neutral tone), packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Reading(u16);

impl Reading {
    fn new(syllable: u16, tone: u8) -> Reading {
        Reading(syllable << 3 | u16::from(tone & 7))
    }

    pub(super) fn tone(self) -> u8 {
        (self.0 & 7) as u8
    }

    fn syllable(self) -> usize {
        usize::from(self.0 >> 3)
    }
}

/// Readings per character: code points, sorted, beside `starts`:
/// character `chars[i]` has `readings[starts[i]..starts[i + 1]]`.
#[derive(Default)]
struct ByChar {
    chars: Vec<u32>,
    starts: Vec<u32>,
    readings: Vec<Reading>,
}

impl ByChar {
    /// From (code point, rank, reading) triples, in any order.
    fn build(mut all: Vec<(u32, u8, Reading)>) -> ByChar {
        all.sort_unstable();
        all.dedup_by(|a, b| a.0 == b.0 && a.2 == b.2);
        let mut t = ByChar::default();
        for (cp, _, r) in all {
            if t.chars.last() != Some(&cp) {
                t.chars.push(cp);
                t.starts.push(t.readings.len() as u32);
            }
            t.readings.push(r);
        }
        t.starts.push(t.readings.len() as u32);
        t
    }

    fn get(&self, c: char) -> &[Reading] {
        match self.chars.binary_search(&(c as u32)) {
            Ok(i) => &self.readings[self.starts[i] as usize..self.starts[i + 1] as usize],
            Err(_) => &[],
        }
    }
}

/// The readings table, parsed from [`DATA`] on first use (by
/// [`search_form`](super::search_form) and the sort keys; matching never
/// needs it).
pub(super) struct Table {
    /// Distinct toneless syllables.
    syllables: Vec<&'static str>,
    /// Common readings, most common first.
    common: ByChar,
    /// Surname readings, read at the start of a name.
    surnames: ByChar,
    /// Words read as a whole at the start of a name, with one reading per
    /// character.
    words: Vec<(&'static str, Vec<Reading>)>,
}

impl Table {
    fn parse(data: &'static str) -> Table {
        let mut syllables: Vec<&'static str> = Vec::new();
        let mut index: HashMap<&'static str, u16> = HashMap::new();
        let mut reading = |s: &'static str| -> Option<Reading> {
            let (syl, tone) = s.split_at(s.len().checked_sub(1)?);
            let tone = tone.parse::<u8>().ok().filter(|t| (1..=5).contains(t))?;
            let i = *index.entry(syl).or_insert_with(|| {
                syllables.push(syl);
                (syllables.len() - 1) as u16
            });
            Some(Reading::new(i, tone))
        };
        let mut common = Vec::new();
        let mut surnames = Vec::new();
        let mut words = Vec::new();
        for line in data.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, ' ');
            let (Some(kind), Some(second), Some(rest)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if kind == "w" {
                let rs: Option<Vec<Reading>> = rest.split(' ').map(&mut reading).collect();
                if let Some(rs) = rs.filter(|rs| rs.len() == second.chars().count()) {
                    words.push((second, rs));
                }
                continue;
            }
            let (into, rank) = match kind.strip_prefix('s') {
                Some(rank) => (&mut surnames, rank),
                None => (&mut common, kind),
            };
            let (Ok(rank), Some(r)) = (rank.parse::<u8>(), reading(second)) else {
                continue;
            };
            into.extend(rest.chars().map(|c| (c as u32, rank, r)));
        }
        Table {
            syllables,
            common: ByChar::build(common),
            surnames: ByChar::build(surnames),
            words,
        }
    }

    /// The common readings of `c`, most common first; empty for a
    /// character without one.
    pub(super) fn readings(&self, c: char) -> &[Reading] {
        self.common.get(c)
    }

    /// The surname readings of `c` (read at the start of a name), the one
    /// a name sorts by first; usually empty.
    pub(super) fn surname(&self, c: char) -> &[Reading] {
        self.surnames.get(c)
    }

    /// The word read as a whole that `text` starts with, if any: its
    /// readings, one per character.
    pub(super) fn start_word(&self, text: &str) -> Option<&[Reading]> {
        self.words
            .iter()
            .find(|(w, _)| text.starts_with(w))
            .map(|(_, rs)| rs.as_slice())
    }

    /// The toneless syllable of a reading (`v` for ü).
    pub(super) fn syllable(&self, r: Reading) -> &'static str {
        self.syllables.get(r.syllable()).copied().unwrap_or("")
    }
}

pub(super) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(DATA))
}

/// Traditional characters (sorted) and, beside each, the text of its
/// simplified forms (the usual one first).
struct Simplified {
    chars: Vec<u32>,
    forms: Vec<&'static str>,
}

fn simplified_table() -> &'static Simplified {
    static TABLE: OnceLock<Simplified> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Vec<(u32, &'static str)> = TS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let c = l.chars().next()?;
                Some((c as u32, &l[c.len_utf8()..]))
            })
            .filter(|(_, forms)| !forms.is_empty())
            .collect();
        rows.sort_unstable();
        rows.dedup_by_key(|r| r.0);
        Simplified {
            chars: rows.iter().map(|r| r.0).collect(),
            forms: rows.iter().map(|r| r.1).collect(),
        }
    })
}

/// The simplified forms of a traditional character (the usual one first;
/// it may be the character itself), empty for any other character.
pub(super) fn simplified_forms(c: char) -> &'static str {
    let t = simplified_table();
    match t.chars.binary_search(&(c as u32)) {
        Ok(i) => t.forms[i],
        Err(_) => "",
    }
}

/// The usual simplified form of `c`: `c` itself unless it is traditional.
pub(super) fn simplified(c: char) -> char {
    simplified_forms(c).chars().next().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_covers_common_characters() {
        let t = table();
        assert!(
            t.common.chars.len() > 40_000,
            "{} characters",
            t.common.chars.len()
        );
        assert!(
            t.syllables
                .iter()
                .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()))
        );
        // A sample of the most frequent characters and of company names.
        let common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府才给有限责任公司集团股份科技贸易实业投资控股电子信息网络软件医药生物化工机械设备制造汽车零部件物流运输建筑工程装饰材料能源环保食品餐饮服装纺织印刷包装广告传媒咨询管理教育培训金融保险证券银行基金房地产开发置业酒店旅游农业养殖深圳北京上海广州杭州苏州南京天津重庆成都武汉西安长沙郑州青岛宁波厦门无锡佛山东莞合肥昆明沈阳大连哈尔滨长春济南福州石家庄太原南昌贵阳南宁兰州银川西宁乌鲁木齐拉萨呼和浩特海口王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
        for c in common.chars() {
            assert!(!t.readings(c).is_empty(), "no reading for {c}");
        }
        assert!(t.readings('a').is_empty());
        assert!(t.readings('😀').is_empty());
    }

    #[test]
    fn readings_carry_their_tones_most_common_first() {
        let t = table();
        let said = |c: char| -> Vec<String> {
            t.readings(c)
                .iter()
                .map(|&r| format!("{}{}", t.syllable(r), r.tone()))
                .collect()
        };
        assert_eq!(said('华'), ["hua2"]);
        assert_eq!(said('行'), ["xing2", "hang2", "heng2"]);
        assert_eq!(said('长'), ["chang2", "zhang3"]);
        assert_eq!(said('的')[0], "de5");
        assert_eq!(said('吕'), ["lv3"]);
        // The rare readings of the dictionaries are gone.
        assert_eq!(said('有'), ["you3"]);
        assert_eq!(said('氏'), ["shi4", "zhi1"]);
        assert_eq!(said('圳'), ["zhen4"]);
        // Surname readings are apart; a word at a name's start is whole.
        assert_eq!(said('单'), ["dan1"]);
        let s = |c: char| -> Vec<&str> { t.surname(c).iter().map(|&r| t.syllable(r)).collect() };
        assert_eq!(s('单'), ["shan"]);
        assert_eq!(s('曾'), ["zeng"]);
        assert!(s('王').is_empty());
        let w: Vec<&str> = t
            .start_word("尉迟恭")
            .unwrap()
            .iter()
            .map(|&r| t.syllable(r))
            .collect();
        assert_eq!(w, ["yu", "chi"]);
        assert!(t.start_word("尉").is_none());
    }

    #[test]
    fn traditional_characters_fold_to_simplified() {
        assert_eq!(simplified('華'), '华');
        assert_eq!(simplified('東'), '东');
        assert_eq!(simplified('华'), '华');
        assert_eq!(simplified('a'), 'a');
        assert_eq!(simplified_forms('乾'), "干乾");
        assert_eq!(simplified('乾'), '干');
        assert_eq!(simplified_forms('华'), "");
        // Traditional characters read as their simplified forms.
        let t = table();
        assert_eq!(t.readings('長'), t.readings('长'));
        assert_eq!(t.readings('華'), t.readings('华'));
    }
}
