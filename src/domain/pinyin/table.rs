//! The readings table behind [`search_form`](super::search_form), from
//! `assets/pinyin.txt`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The generated table: `<rank> <syllable> <characters>` lines.
const DATA: &str = include_str!("../../../assets/pinyin.txt");

/// The readings table, parsed from [`DATA`] on first use (by
/// [`search_form`](super::search_form) only; matching never needs it).
pub(super) struct Table {
    /// Distinct syllables.
    pub(super) syllables: Vec<&'static str>,
    /// Code points, sorted, beside `starts`: character `chars[i]` has the
    /// readings `readings[starts[i]..starts[i + 1]]`.
    chars: Vec<u32>,
    starts: Vec<u32>,
    /// Indices into `syllables`, most common reading first.
    readings: Vec<u16>,
}

impl Table {
    fn parse(data: &'static str) -> Table {
        let mut syllables: Vec<&'static str> = Vec::new();
        let mut index: HashMap<&'static str, u16> = HashMap::new();
        // (code point, rank, syllable), sorted below.
        let mut all: Vec<(u32, u8, u16)> = Vec::new();
        for line in data.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, ' ');
            let (Some(rank), Some(syl), Some(chars)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(rank) = rank.parse::<u8>() else {
                continue;
            };
            let s = *index.entry(syl).or_insert_with(|| {
                syllables.push(syl);
                (syllables.len() - 1) as u16
            });
            all.extend(chars.chars().map(|c| (c as u32, rank, s)));
        }
        all.sort_unstable();
        all.dedup_by(|a, b| a.0 == b.0 && a.2 == b.2);
        let mut chars = Vec::new();
        let mut starts = Vec::new();
        let mut readings = Vec::with_capacity(all.len());
        for (cp, _, s) in all {
            if chars.last() != Some(&cp) {
                chars.push(cp);
                starts.push(readings.len() as u32);
            }
            readings.push(s);
        }
        starts.push(readings.len() as u32);
        Table {
            syllables,
            chars,
            starts,
            readings,
        }
    }

    /// The readings of `c` (syllable indices), empty for a character
    /// without one.
    pub(super) fn readings(&self, c: char) -> &[u16] {
        match self.chars.binary_search(&(c as u32)) {
            Ok(i) => &self.readings[self.starts[i] as usize..self.starts[i + 1] as usize],
            Err(_) => &[],
        }
    }
}

pub(super) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(DATA))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_covers_common_characters() {
        let t = table();
        assert!(t.chars.len() > 40_000, "{} characters", t.chars.len());
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
}
