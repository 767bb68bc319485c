//! PHP's `date()` formatting in English (`wp_date()`/`mysql2date()` with the `en_US`
//! locale), for local dates stored as `YYYY-MM-DD HH:MM:SS` and a known UTC offset.

use std::fmt::Write as _;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The English name of month 1–12 (`$wp_locale->get_month()`).
pub(super) fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

#[derive(Debug, Clone, Copy, Default)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

fn parse(date: &str) -> Civil {
    let number = |range: std::ops::Range<usize>| -> i64 {
        date.get(range).and_then(|s| s.parse().ok()).unwrap_or(0)
    };
    let small = |range| u32::try_from(number(range)).unwrap_or(0);
    Civil {
        year: number(0..4),
        month: small(5..7),
        day: small(8..10),
        hour: small(11..13),
        minute: small(14..16),
        second: small(17..19),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// ISO-8601 week number and week-based year.
fn iso_week(c: &Civil) -> (i64, i64) {
    let days = days_from_civil(c.year, c.month, c.day);
    let weekday = (days + 3).rem_euclid(7) + 1; // Monday = 1
    let thursday = days - weekday + 4;
    let (year, _, _) = civil_from_days(thursday);
    let first = days_from_civil(year, 1, 1);
    ((thursday - first) / 7 + 1, year)
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn offset_string(offset_seconds: i64, colon: bool) -> String {
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let abs = offset_seconds.unsigned_abs();
    let (hours, minutes) = (abs / 3600, abs % 3600 / 60);
    if colon {
        format!("{sign}{hours:02}:{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}")
    }
}

/// Formats the local date `local` (`YYYY-MM-DD HH:MM:SS`) whose UTC offset is
/// `offset_seconds` with PHP's `date()` format characters, in English.
pub fn php_date(format: &str, local: &str, offset_seconds: i64) -> String {
    let c = parse(local);
    let days = days_from_civil(c.year, c.month, c.day);
    let weekday = usize::try_from((days + 4).rem_euclid(7)).unwrap_or(0); // Sunday = 0
    let seconds_of_day = i64::from(c.hour) * 3600 + i64::from(c.minute) * 60 + i64::from(c.second);
    let timestamp = days * 86_400 + seconds_of_day - offset_seconds;
    let hour12 = match c.hour % 12 {
        0 => 12,
        h => h,
    };
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(ch) = chars.next() {
        let _ = match ch {
            'd' => write!(out, "{:02}", c.day),
            'D' => write!(out, "{}", &WEEKDAYS[weekday][..3]),
            'j' => write!(out, "{}", c.day),
            'l' => write!(out, "{}", WEEKDAYS[weekday]),
            'N' => write!(out, "{}", if weekday == 0 { 7 } else { weekday }),
            'S' => write!(
                out,
                "{}",
                match (c.day % 10, c.day) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                }
            ),
            'w' => write!(out, "{weekday}"),
            'z' => write!(out, "{}", days - days_from_civil(c.year, 1, 1)),
            'W' => write!(out, "{:02}", iso_week(&c).0),
            'o' => write!(out, "{}", iso_week(&c).1),
            'F' => write!(out, "{}", month_name(c.month)),
            'M' => write!(out, "{}", month_name(c.month).get(..3).unwrap_or("")),
            'm' => write!(out, "{:02}", c.month),
            'n' => write!(out, "{}", c.month),
            't' => write!(out, "{}", days_in_month(c.year, c.month)),
            'L' => write!(out, "{}", u8::from(is_leap(c.year))),
            'Y' => write!(out, "{}", c.year),
            'y' => write!(out, "{:02}", c.year.rem_euclid(100)),
            'a' => write!(out, "{}", if c.hour < 12 { "am" } else { "pm" }),
            'A' => write!(out, "{}", if c.hour < 12 { "AM" } else { "PM" }),
            'g' => write!(out, "{hour12}"),
            'G' => write!(out, "{}", c.hour),
            'h' => write!(out, "{hour12:02}"),
            'H' => write!(out, "{:02}", c.hour),
            'i' => write!(out, "{:02}", c.minute),
            's' => write!(out, "{:02}", c.second),
            'u' => write!(out, "000000"),
            'v' => write!(out, "000"),
            'e' | 'T' if offset_seconds == 0 => write!(out, "UTC"),
            'e' | 'T' | 'P' => write!(out, "{}", offset_string(offset_seconds, true)),
            'O' => write!(out, "{}", offset_string(offset_seconds, false)),
            'p' if offset_seconds == 0 => write!(out, "Z"),
            'p' => write!(out, "{}", offset_string(offset_seconds, true)),
            'Z' => write!(out, "{offset_seconds}"),
            'I' => write!(out, "0"),
            'c' => write!(
                out,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
                c.year,
                c.month,
                c.day,
                c.hour,
                c.minute,
                c.second,
                offset_string(offset_seconds, true)
            ),
            'r' => write!(
                out,
                "{}, {:02} {} {:04} {:02}:{:02}:{:02} {}",
                &WEEKDAYS[weekday][..3],
                c.day,
                month_name(c.month).get(..3).unwrap_or(""),
                c.year,
                c.hour,
                c.minute,
                c.second,
                offset_string(offset_seconds, false)
            ),
            'U' => write!(out, "{timestamp}"),
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
                Ok(())
            }
            other => {
                out.push(other);
                Ok(())
            }
        };
    }
    out
}

/// Seconds between a local date and its GMT counterpart (`YYYY-MM-DD HH:MM:SS` both), or
/// `None` when the GMT date is unset (`0000-00-00 00:00:00`).
pub(super) fn offset_between(local: &str, gmt: &str) -> Option<i64> {
    let (l, g) = (parse(local), parse(gmt));
    if g.year == 0 {
        return None;
    }
    let seconds = |c: &Civil| {
        days_from_civil(c.year, c.month, c.day) * 86_400
            + i64::from(c.hour) * 3600
            + i64::from(c.minute) * 60
            + i64::from(c.second)
    };
    Some(seconds(&l) - seconds(&g))
}
