//! Money is integer minor units (fen, cents), never floating point. This
//! reads what people type — `1,250,000.00`, `125万`, `¥3,000`, `1.2M` — and
//! writes amounts back with thousands separators, or in 万 and 亿 as Chinese
//! readers count large ones.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("enter an amount")]
    Empty,
    #[error("'{0}' is not an amount — use digits like 1,250,000.00 or 125万")]
    NotAnAmount(String),
    #[error("'{0}': thousands separators go every three digits, like 1,250,000")]
    Grouping(String),
    #[error("'{0}': at most two decimals")]
    Decimals(String),
    #[error("must not be negative")]
    Negative,
    #[error("amount is too large")]
    TooLarge,
}

/// Currency signs and codes accepted before an amount.
const CURRENCIES: [&str; 8] = ["¥", "￥", "$", "€", "rmb", "cny", "usd", "eur"];

/// Multipliers accepted after an amount, as powers of ten.
fn multiplier(suffix: &str) -> Option<u32> {
    match suffix {
        "" => Some(0),
        "k" => Some(3),
        "万" => Some(4),
        "m" => Some(6),
        "亿" => Some(8),
        _ => None,
    }
}

fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '，' => ',',
            '．' => '.',
            '－' | '−' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Reads an amount into minor units. A leading `-` is allowed only with
/// `allow_negative`.
pub fn parse_money(input: &str, allow_negative: bool) -> Result<i64, MoneyError> {
    let shown = input.trim();
    let mut s = normalize(input);
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    let not_amount = || MoneyError::NotAnAmount(shown.to_string());
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start().to_string();
    }
    if let Some(c) = CURRENCIES.iter().find(|c| s.starts_with(*c)) {
        s = s[c.len()..].trim_start().to_string();
    }
    if !negative && let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start().to_string();
    }
    if negative && !allow_negative {
        return Err(MoneyError::Negative);
    }
    // the multiplier: the trailing run of non-digit, non-separator characters
    let number_end = s
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit() || *c == '.')
        .map(|(i, c)| i + c.len_utf8())
        .ok_or_else(not_amount)?;
    let power = multiplier(s[number_end..].trim()).ok_or_else(not_amount)?;
    let number = s[..number_end].trim();
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return Err(not_amount());
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_amount());
    }
    let digits = ungroup(whole, shown)?;
    if fraction.len() > 2 + power as usize {
        return Err(MoneyError::Decimals(shown.to_string()));
    }
    // value = (whole.fraction) × 10^power × 100, computed in integers
    let scale = 2 + power;
    let mut minor: i64 = 0;
    let push = |acc: i64, d: u8| -> Result<i64, MoneyError> {
        acc.checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(d - b'0')))
            .ok_or(MoneyError::TooLarge)
    };
    for d in digits.bytes() {
        minor = push(minor, d)?;
    }
    let frac = fraction.as_bytes();
    for k in 0..scale as usize {
        minor = push(minor, frac.get(k).copied().unwrap_or(b'0'))?;
    }
    if frac.len() > scale as usize {
        return Err(MoneyError::Decimals(shown.to_string()));
    }
    Ok(if negative { -minor } else { minor })
}

/// The digits of a whole part, with its thousands separators checked and
/// removed (`,`, `_`, `'` or a space, every three digits).
fn ungroup(whole: &str, shown: &str) -> Result<String, MoneyError> {
    if whole.is_empty() {
        return Ok("0".into());
    }
    let is_sep = |c: char| matches!(c, ',' | '_' | '\'' | ' ');
    if !whole.chars().all(|c| c.is_ascii_digit() || is_sep(c)) {
        return Err(MoneyError::NotAnAmount(shown.to_string()));
    }
    let groups: Vec<&str> = whole.split(is_sep).collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(MoneyError::Grouping(shown.to_string()));
        }
    }
    Ok(groups.concat())
}

/// An amount with thousands separators: `1,234,567.89`, or rounded half
/// away from zero to whole units (`1,234,568`) without `decimals`.
pub fn format_money(minor: i64, decimals: bool) -> String {
    let negative = minor < 0;
    let abs = minor.unsigned_abs();
    let (units, cents) = if decimals {
        (abs / 100, Some(abs % 100))
    } else {
        (abs / 100 + u64::from(abs % 100 >= 50), None)
    };
    let mut out = String::with_capacity(32);
    if negative {
        out.push('-');
    }
    out.push_str(&grouped(units));
    if let Some(c) = cents {
        out.push_str(&format!(".{c:02}"));
    }
    out
}

/// Thousands separators in a whole number: `44572289` → `44,572,289`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `whole.frac` with the fraction's trailing zeros dropped (`12.50` →
/// `12.5`, `3.0` → `3`), `places` digits at most.
fn decimal(scaled: u64, places: u32) -> String {
    let unit = 10u64.pow(places);
    let whole = grouped(scaled / unit);
    let frac = format!("{:0width$}", scaled % unit, width = places as usize);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        whole
    } else {
        format!("{whole}.{frac}")
    }
}

/// A large amount as Chinese readers count it: in 万 (ten thousand) with
/// one decimal from 10,000 on (`4,457.2万`), in 亿 (a hundred million)
/// with two from 100,000,000 on (`1.2亿`, `12.35亿`), rounded half away
/// from zero; trailing zeros dropped. `None` below 10,000 (those are
/// written out). Without a sign: the caller puts it before the currency.
pub fn format_wan(minor: i64) -> Option<String> {
    const WAN: u64 = 10_000 * 100; // minor units
    const YI: u64 = 100_000_000 * 100;
    let abs = minor.unsigned_abs();
    if abs < WAN {
        return None;
    }
    // tenths of 万, rounded; 9,999.95万 and more round up into 亿
    let tenths = abs / (WAN / 10) + u64::from(abs % (WAN / 10) >= WAN / 20);
    if tenths < 100_000 {
        return Some(format!("{}万", decimal(tenths, 1)));
    }
    let hundredths = abs / (YI / 100) + u64::from(abs % (YI / 100) >= YI / 200);
    Some(format!("{}亿", decimal(hundredths, 2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let cases = [
            ("1234567", 123_456_700),
            ("1,234,567", 123_456_700),
            ("1_234_567", 123_456_700),
            ("1 234 567", 123_456_700),
            ("1'234'567", 123_456_700),
            ("1234.5", 123_450),
            ("1,234.56", 123_456),
            ("0.05", 5),
            (".5", 50),
            ("7.", 700),
            ("¥3,000", 300_000),
            ("￥ 3000", 300_000),
            ("$12.5", 1_250),
            ("RMB 100", 10_000),
            ("cny100", 10_000),
            ("12.5万", 12_500_000),
            ("125万", 125_000_000),
            ("1.2亿", 12_000_000_000),
            ("3k", 300_000),
            ("1.25M", 125_000_000),
            ("0.001万", 1_000),
            ("１２，３４５．６", 1_234_560),
            ("  42  ", 4_200),
            ("0", 0),
        ];
        for (input, want) in cases {
            assert_eq!(parse_money(input, false), Ok(want), "{input}");
        }
    }

    #[test]
    fn negative_amounts_only_where_allowed() {
        assert_eq!(parse_money("-50", true), Ok(-5_000));
        assert_eq!(parse_money("−3.5万", true), Ok(-3_500_000));
        assert_eq!(parse_money("¥-20", true), Ok(-2_000));
        assert_eq!(parse_money("-50", false), Err(MoneyError::Negative));
        assert_eq!(
            parse_money("-50", false).unwrap_err().to_string(),
            "must not be negative"
        );
    }

    #[test]
    fn wrong_input_says_why() {
        let err = |s: &str| parse_money(s, true).unwrap_err();
        assert_eq!(err(""), MoneyError::Empty);
        assert_eq!(
            err("abc").to_string(),
            "'abc' is not an amount — use digits like 1,250,000.00 or 125万"
        );
        assert!(matches!(err("12,34"), MoneyError::Grouping(_)));
        assert!(matches!(err("1,2345"), MoneyError::Grouping(_)));
        assert!(matches!(err(",123"), MoneyError::Grouping(_)));
        assert!(matches!(err("1.234"), MoneyError::Decimals(_)));
        assert!(matches!(err("1.2.3"), MoneyError::NotAnAmount(_)));
        assert!(matches!(err("12x"), MoneyError::NotAnAmount(_)));
        assert!(matches!(err("万"), MoneyError::NotAnAmount(_)));
        assert!(matches!(err("."), MoneyError::NotAnAmount(_)));
        assert!(matches!(err("--5"), MoneyError::NotAnAmount(_)));
        assert_eq!(err("99999999999999999999"), MoneyError::TooLarge);
        assert_eq!(err("9999999999999亿"), MoneyError::TooLarge);
    }

    #[test]
    fn formatting() {
        assert_eq!(format_money(123_456_789, true), "1,234,567.89");
        assert_eq!(format_money(123_456_789, false), "1,234,568");
        assert_eq!(format_money(-5_000, true), "-50.00");
        assert_eq!(format_money(-150, false), "-2");
        assert_eq!(format_money(0, false), "0");
        assert_eq!(format_money(5, true), "0.05");
        assert_eq!(format_money(99_999, false), "1,000");
        assert!(format_money(i64::MIN, true).starts_with("-92,233,720,368,547,758"));
        assert_eq!(format_money(i64::MAX, true), "92,233,720,368,547,758.07");
    }

    #[test]
    fn large_amounts_in_wan_and_yi() {
        let yuan = |y: i64| y * 100;
        assert_eq!(format_wan(yuan(9_999)), None);
        assert_eq!(format_wan(999_999), None, "9,999.99");
        assert_eq!(format_wan(yuan(10_000)).as_deref(), Some("1万"));
        assert_eq!(format_wan(yuan(44_572_289)).as_deref(), Some("4,457.2万"));
        assert_eq!(format_wan(yuan(1_250_000)).as_deref(), Some("125万"));
        assert_eq!(format_wan(yuan(12_345)).as_deref(), Some("1.2万"));
        assert_eq!(format_wan(yuan(12_350)).as_deref(), Some("1.2万"));
        assert_eq!(format_wan(yuan(15_000)).as_deref(), Some("1.5万"));
        assert_eq!(format_wan(yuan(19_960)).as_deref(), Some("2万"));
        assert_eq!(format_wan(yuan(99_999_999)).as_deref(), Some("1亿"));
        assert_eq!(format_wan(yuan(99_949_999)).as_deref(), Some("9,995万"));
        assert_eq!(format_wan(yuan(99_944_999)).as_deref(), Some("9,994.5万"));
        assert_eq!(format_wan(yuan(120_000_000)).as_deref(), Some("1.2亿"));
        assert_eq!(format_wan(yuan(1_234_567_890)).as_deref(), Some("12.35亿"));
        assert_eq!(
            format_wan(yuan(123_456_789_012)).as_deref(),
            Some("1,234.57亿")
        );
        assert_eq!(format_wan(yuan(-44_572_289)).as_deref(), Some("4,457.2万"));
        assert!(format_wan(i64::MIN).is_some_and(|s| s.ends_with('亿')));
        assert!(format_wan(i64::MAX).is_some_and(|s| s.ends_with('亿')));
    }

    proptest::proptest! {
        #[test]
        fn wan_reads_back_within_its_rounding(v in 1_000_000i64..1_000_000_000_000_000) {
            let shown = format_wan(v).unwrap();
            let back = parse_money(&shown, false).unwrap();
            // 万 to 0.1万 (1,000), 亿 to 0.01亿 (1,000,000), in minor units
            let step = if shown.ends_with('亿') { 100_000_000 } else { 100_000 };
            proptest::prop_assert!((back - v).abs() <= step / 2, "{} {}", v, shown);
        }

        #[test]
        fn format_then_parse_round_trips(v in -1_000_000_000_000_000i64..1_000_000_000_000_000) {
            proptest::prop_assert_eq!(parse_money(&format_money(v, true), true), Ok(v));
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse_money(&s, true);
            let _ = parse_money(&s, false);
        }
    }
}
