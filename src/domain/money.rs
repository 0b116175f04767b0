//! TEMPORARY minimal money until the full one lands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MoneyError(String);
pub fn parse_money(input: &str, allow_negative: bool) -> Result<i64, MoneyError> {
    let t = input.trim().replace(',', "");
    let (t, mult) = match t.strip_suffix('万') {
        Some(x) => (x.to_string(), 10_000.0),
        None => (t, 1.0),
    };
    let v: f64 = t
        .parse()
        .map_err(|_| MoneyError(format!("'{input}' is not an amount")))?;
    if v < 0.0 && !allow_negative {
        return Err(MoneyError("must not be negative".into()));
    }
    Ok((v * mult * 100.0).round() as i64)
}
pub fn format_money(minor: i64, decimals: bool) -> String {
    let neg = minor < 0;
    let m = minor.unsigned_abs();
    let (units, cents) = if decimals {
        (m / 100, Some(m % 100))
    } else {
        ((m + 50) / 100, None)
    };
    let s = units.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!(
        "{}{}{}",
        if neg { "-" } else { "" },
        out,
        cents.map(|c| format!(".{c:02}")).unwrap_or_default()
    )
}
