//! Decimal degrees as text ⇄ integer micro-degrees, without floats, so a
//! coordinate read and written back is the same text.

/// Parses "16.2667", "-0.0102", "+3" into micro-degrees, rounding half
/// away from zero beyond six decimals. `None` for anything else (no
/// exponent, no spaces inside, at most 4 integer digits).
pub(crate) fn parse_e6(text: &str) -> Option<i32> {
    let t = text.trim();
    let (negative, t) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if (int.is_empty() && frac.is_empty())
        || int.len() > 4
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut value: i64 = int.bytes().fold(0, |a, b| a * 10 + i64::from(b - b'0'));
    let mut scale = 0;
    let mut digits = frac.bytes();
    for b in digits.by_ref().take(6) {
        value = value * 10 + i64::from(b - b'0');
        scale += 1;
    }
    for _ in scale..6 {
        value *= 10;
    }
    if digits.next().is_some_and(|b| b >= b'5') {
        value += 1;
    }
    i32::try_from(if negative { -value } else { value }).ok()
}

/// Writes micro-degrees as the shortest decimal text that reads back the
/// same: 16271700 → "16.2717", -10200 → "-0.0102", 3000000 → "3".
pub(crate) fn format_e6(value: i32) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    let (int, frac) = (abs / 1_000_000, abs % 1_000_000);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let frac = format!("{frac:06}");
    format!("{sign}{int}.{}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(parse_e6("16.2717"), Some(16_271_700));
        assert_eq!(parse_e6("-0.0102"), Some(-10_200));
        assert_eq!(parse_e6("3"), Some(3_000_000));
        assert_eq!(parse_e6("1.23456789"), Some(1_234_568));
        assert_eq!(parse_e6("-1.0000005"), Some(-1_000_001));
        for bad in ["", "-", ".", "1e5", "1.2.3", "12345.6", " 1 2", "abc"] {
            assert_eq!(parse_e6(bad), None, "{bad}");
        }
        assert_eq!(format_e6(16_271_700), "16.2717");
        assert_eq!(format_e6(-10_200), "-0.0102");
        assert_eq!(format_e6(3_000_000), "3");
        assert_eq!(format_e6(0), "0");
    }

    proptest! {
        #[test]
        fn round_trip(v in -180_000_000i32..=180_000_000) {
            prop_assert_eq!(parse_e6(&format_e6(v)), Some(v));
        }
    }
}
