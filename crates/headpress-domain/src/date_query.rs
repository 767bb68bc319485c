//! `WP_Date_Query` for one clause, as WPGraphQL's `dateQuery` passes it to `WP_Query`: a range
//! (`after`/`before`, `inclusive`) and date parts (`year`, `month`, `week`, `day`, `hour`,
//! `minute`, `second`) compared with `compare`, on `post_date` or `post_modified`.

use chrono::NaiveDateTime;
use sea_orm::DbBackend;
use sea_orm::sea_query::{Cond, Expr, ExprTrait};

use crate::backend::{DatePart, date_part_sql, date_value, int_div_sql, shift_days_sql};

/// The column a clause applies to (`PostObjectsConnectionDateColumnEnum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateColumn {
    #[default]
    Date,
    Modified,
}

/// One date clause.
#[derive(Debug, Clone, Default)]
pub struct DateClause {
    pub column: DateColumn,
    /// The operator as given; `WP_Date_Query::get_compare` keeps only its ten operators
    /// (compared case-sensitively) and uses `=` for anything else.
    pub compare: Option<String>,
    pub inclusive: bool,
    /// The bounds, already completed by `build_mysql_datetime`.
    pub after: Option<NaiveDateTime>,
    pub before: Option<NaiveDateTime>,
    pub year: Option<i64>,
    pub month: Option<i64>,
    pub week: Option<i64>,
    pub day: Option<i64>,
    pub hour: Option<i64>,
    pub minute: Option<i64>,
    pub second: Option<i64>,
    /// The `start_of_week` option, which `_wp_mysql_week` numbers weeks by.
    pub start_of_week: i64,
}

/// What a single value compares with: `IN (v)` is `= v` and `BETWEEN v AND v` is `= v`.
fn operator(compare: Option<&str>) -> (&'static str, bool) {
    match compare {
        Some("!=") => ("!=", false),
        Some(">") => (">", false),
        Some(">=") => (">=", false),
        Some("<") => ("<", false),
        Some("<=") => ("<=", false),
        Some("IN" | "BETWEEN") => ("=", true),
        Some("NOT IN" | "NOT BETWEEN") => ("!=", true),
        _ => ("=", false),
    }
}

impl DateClause {
    /// The clause's conditions on the posts table aliased `p`.
    pub fn condition(&self, backend: DbBackend) -> Cond {
        let column = match self.column {
            DateColumn::Date => "p.post_date",
            DateColumn::Modified => "p.post_modified",
        };
        let mut cond = Cond::all();
        let col = Expr::cust(column);
        if let Some(after) = self.after {
            let v = date_value(backend, after);
            cond = cond.add(if self.inclusive {
                col.clone().gte(v)
            } else {
                col.clone().gt(v)
            });
        }
        if let Some(before) = self.before {
            let v = date_value(backend, before);
            cond = cond.add(if self.inclusive {
                col.clone().lte(v)
            } else {
                col.clone().lt(v)
            });
        }
        let (op, multi) = operator(self.compare.as_deref());
        let part = |p: DatePart| date_part_sql(backend, p, column);
        // `get_sql_for_clause` skips a date unit whose single value is 0 (`if ( $value )`);
        // the multi-value operators build `(0)`, which counts.
        let units = [
            (self.year, part(DatePart::Year)),
            (self.month, part(DatePart::Month)),
            (self.week, self.week_sql(backend, column)),
            (self.day, part(DatePart::DayOfMonth)),
        ];
        for (value, sql) in units {
            if let Some(v) = value.filter(|v| multi || *v != 0) {
                cond = cond.add(Expr::cust(format!("{sql} {op} {v}")));
            }
        }
        if let Some(sql) = self.time_sql(backend, column, op, multi) {
            cond = cond.add(Expr::cust(sql));
        }
        cond
    }

    /// `_wp_mysql_week`: MySQL's `WEEK( col, 1 )` when weeks start on Monday, else
    /// `WEEK( col - start_of_week days, 0 )`, computed from the day of the year and of the week
    /// (mode 0: week 1 starts on the year's first Sunday; mode 1: on the Monday of the first
    /// week with four days in the year; days before are week 0).
    fn week_sql(&self, backend: DbBackend, column: &str) -> String {
        let (date, monday) = match self.start_of_week {
            1 => (column.to_owned(), true),
            s @ 2..=6 => (shift_days_sql(backend, column, s as u32), false),
            _ => (column.to_owned(), false),
        };
        let yday = date_part_sql(backend, DatePart::DayOfYear0, &date);
        let dow = date_part_sql(backend, DatePart::DayOfWeek0, &date);
        let dow = if monday {
            format!("(({dow} + 6) % 7)")
        } else {
            dow
        };
        // The weekday of January 1st, counted from the week's first day.
        let jan1 = format!("((({dow} - {yday}) % 7 + 7) % 7)");
        let first_week = if monday {
            format!("CASE WHEN {jan1} <= 3 THEN 1 ELSE 0 END")
        } else {
            format!("CASE WHEN {jan1} = 0 THEN 1 ELSE 0 END")
        };
        format!(
            "({} + {first_week})",
            int_div_sql(backend, &format!("{yday} + {jan1}"), "7")
        )
    }

    /// `WP_Date_Query::build_time_query`.
    fn time_sql(&self, backend: DbBackend, column: &str, op: &str, multi: bool) -> Option<String> {
        let part = |p: DatePart| date_part_sql(backend, p, column);
        let units = [
            (self.hour, part(DatePart::Hour)),
            (self.minute, part(DatePart::Minute)),
            (self.second, part(DatePart::Second)),
        ];
        if units.iter().all(|(v, _)| v.is_none()) {
            return None;
        }
        // Multi-value operators compare each unit on its own; so does a single unit.
        let set: Vec<&(Option<i64>, String)> = units.iter().filter(|(v, _)| v.is_some()).collect();
        if multi || set.len() == 1 {
            let parts: Vec<String> = set
                .iter()
                .filter_map(|(v, sql)| v.map(|v| format!("{sql} {op} {v}")))
                .collect();
            return Some(parts.join(" AND "));
        }
        // Hour and second without a minute match nothing WordPress can express: no condition.
        let minute = self.minute?;
        // `DATE_FORMAT( col, '%H.%i%s' ) op H.MMSS` as a number, scaled to an integer:
        // hours × 10000 + minutes × 100 (+ seconds when given; without them `%H.%i` is
        // H.MM, the same scale).
        let mut lhs = format!("{} * 100", part(DatePart::Minute));
        let mut rhs = minute * 100;
        if let Some(h) = self.hour {
            lhs = format!("{} * 10000 + {lhs}", part(DatePart::Hour));
            rhs += h * 10000;
        }
        if let Some(s) = self.second {
            lhs = format!("{lhs} + {}", part(DatePart::Second));
            rhs += s;
        }
        Some(format!("({lhs}) {op} {rhs}"))
    }
}
