//! Support types and serde helpers shared by the generated types.
//!
//! This file is copied verbatim into every generated crate by `codegen`.
//! The `pub(crate)` helpers are used by some schemas and not others, hence
//! the `dead_code` allowances on them.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A field that is optional *and* nullable: absent, `null` and a value are
/// three different things (in a PATCH body: leave unchanged, clear, set).
///
/// Fields of this type are skipped when [`Tristate::Absent`] and written as
/// `null` when [`Tristate::Null`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tristate<T> {
    /// The property is not in the JSON object.
    #[default]
    Absent,
    /// The property is present with the value `null`.
    Null,
    /// The property is present with a value.
    Value(T),
}

impl<T> Tristate<T> {
    /// Whether the property is absent (used to skip it when serializing).
    pub fn is_absent(&self) -> bool {
        matches!(self, Tristate::Absent)
    }

    /// Whether the property is present with the value `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Tristate::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Tristate::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Tristate::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Tristate<T> {
    /// `None` becomes [`Tristate::Null`]: an explicit `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Tristate::Null, Tristate::Value)
    }
}

impl<T: Serialize> Serialize for Tristate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tristate::Value(value) => value.serialize(serializer),
            // `Absent` is skipped by the field attribute; if a caller
            // serializes it directly, `null` is the only honest answer.
            Tristate::Null | Tristate::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tristate<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called when the property is present; absence is `Default`.
        Option::<T>::deserialize(deserializer).map(Tristate::from)
    }
}

/// A `date-time` string: an instant with its UTC offset, and the exact text
/// it was written with.
///
/// Accepts RFC 3339 (`2022-11-08T00:00:00+00:00`, `2022-11-08T00:00:00.123Z`)
/// and the ISO 8601 forms servers send next to it: a `t` or a space between
/// date and time, an offset without a colon (`+0000`, Jira and Petstore) or
/// of hours only (`+00`), and no offset at all (older API revisions),
/// which is read as UTC. Up to nine fraction digits (nanoseconds).
///
/// Serializing writes the text that was read, character for character
/// (`….867000+00:00` stays `….867000+00:00`): the separator, the number of
/// fraction digits and the offset form are kept beside the instant. A value
/// made from a `chrono` date-time is written as RFC 3339 (`Z` for UTC,
/// fraction digits as needed). Equality, ordering and hashing compare
/// instants: `…T00:00:00Z` equals `…T00:00:00+00:00`.
#[derive(Debug, Clone, Copy)]
pub struct DateTime {
    instant: chrono::DateTime<chrono::FixedOffset>,
    style: DateTimeStyle,
}

/// How a date-time was written, kept for a byte-exact re-serialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateTimeStyle {
    /// `T`, `t` or a space.
    separator: char,
    /// Fraction digits as written; `None`: as many as the instant needs (0, 3, 6 or 9).
    fraction: Option<u8>,
    offset: OffsetStyle,
}

/// How the offset was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OffsetStyle {
    /// `Z` or `z`.
    Zulu(char),
    /// `+01:00`.
    Colon,
    /// `+0100`.
    NoColon,
    /// `+01`.
    Hours,
    /// No offset: read as UTC.
    Missing,
}

/// Why a date-time did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeError(&'static str);

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for DateTimeError {}

impl DateTime {
    /// Parse any accepted form (see the type's docs).
    pub fn parse(text: &str) -> Result<Self, DateTimeError> {
        let bytes = text.as_bytes();
        let invalid = DateTimeError("expected `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM|±HH]`");
        if bytes.len() < 19 || !matches!(bytes[10], b'T' | b't' | b' ') {
            return Err(invalid);
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, DateTimeError> {
            let digits = &bytes[range];
            if digits.iter().all(u8::is_ascii_digit) {
                Ok(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
            } else {
                Err(invalid.clone())
            }
        };
        let punctuation = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
        if punctuation.iter().any(|(at, byte)| bytes[*at] != *byte) {
            return Err(invalid);
        }
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        let mut rest = 19;
        let mut fraction = None;
        let mut nanos = 0;
        if bytes.get(rest) == Some(&b'.') {
            let digits = bytes[rest + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 || digits > 9 {
                return Err(DateTimeError("the fraction of a second needs 1 to 9 digits"));
            }
            nanos = number(rest + 1..rest + 1 + digits)? * 10u32.pow(9 - digits as u32);
            fraction = Some(digits as u8);
            rest += 1 + digits;
        }
        let (offset, seconds_east) = parse_offset(&bytes[rest..]).ok_or(invalid)?;
        // A leap second (`:60`) is chrono's second 59 plus a whole second of nanoseconds.
        let (second, nanos) = if second == 60 { (59, nanos + 1_000_000_000) } else { (second, nanos) };
        let date = chrono::NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(DateTimeError("no such date"))?;
        let time = chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
            .ok_or(DateTimeError("no such time of day"))?;
        let zone = chrono::FixedOffset::east_opt(seconds_east).ok_or(DateTimeError("offset out of range"))?;
        let instant = date.and_time(time).and_local_timezone(zone).single().ok_or(DateTimeError("no such instant"))?;
        let separator = char::from(bytes[10]);
        Ok(DateTime { instant, style: DateTimeStyle { separator, fraction, offset } })
    }

    /// The instant, with the offset it was written with (UTC when none was).
    pub fn instant(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.instant
    }

    /// The same instant in UTC, written in RFC 3339 `Z` form
    /// (`2022-11-08T00:00:00Z`): the form every RFC 3339 parser accepts.
    pub fn to_utc(&self) -> DateTime {
        DateTime::from(self.instant.with_timezone(&chrono::Utc))
    }
}

/// The offset at the end of a date-time: its style and seconds east of UTC.
fn parse_offset(bytes: &[u8]) -> Option<(OffsetStyle, i32)> {
    let two = |at: usize| -> Option<i32> {
        let digits = bytes.get(at..at + 2)?;
        digits.iter().all(u8::is_ascii_digit).then(|| i32::from(digits[0] - b'0') * 10 + i32::from(digits[1] - b'0'))
    };
    let sign = match bytes.first() {
        None => return Some((OffsetStyle::Missing, 0)),
        Some(b'Z' | b'z') if bytes.len() == 1 => return Some((OffsetStyle::Zulu(char::from(bytes[0])), 0)),
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(_) => return None,
    };
    let hours = two(1)?;
    let (style, minutes) = match bytes.len() {
        3 => (OffsetStyle::Hours, 0),
        5 => (OffsetStyle::NoColon, two(3)?),
        6 if bytes[3] == b':' => (OffsetStyle::Colon, two(4)?),
        _ => return None,
    };
    (hours < 24 && minutes < 60).then_some((style, sign * (hours * 3600 + minutes * 60)))
}

impl From<chrono::DateTime<chrono::FixedOffset>> for DateTime {
    fn from(instant: chrono::DateTime<chrono::FixedOffset>) -> Self {
        DateTime { instant, style: DateTimeStyle { separator: 'T', fraction: None, offset: OffsetStyle::Colon } }
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    fn from(instant: chrono::DateTime<chrono::Utc>) -> Self {
        let style = DateTimeStyle { separator: 'T', fraction: None, offset: OffsetStyle::Zulu('Z') };
        DateTime { instant: instant.fixed_offset(), style }
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl Eq for DateTime {}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.instant.hash(state);
    }
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl std::ops::Deref for DateTime {
    type Target = chrono::DateTime<chrono::FixedOffset>;

    fn deref(&self) -> &Self::Target {
        &self.instant
    }
}

impl std::str::FromStr for DateTime {
    type Err = DateTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl fmt::Display for DateTime {
    /// The text that was read, or RFC 3339 for a value made in Rust.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::{Datelike as _, Timelike as _};
        let local = self.instant.naive_local();
        let (nanos, leap) = match local.nanosecond() {
            n if n >= 1_000_000_000 => (n - 1_000_000_000, 1),
            n => (n, 0),
        };
        let style = &self.style;
        write!(f, "{:04}-{:02}-{:02}{}", local.year(), local.month(), local.day(), style.separator)?;
        write!(f, "{:02}:{:02}:{:02}", local.hour(), local.minute(), local.second() + leap)?;
        let digits = style.fraction.map_or_else(
            || match nanos {
                0 => 0,
                n if n % 1_000_000 == 0 => 3,
                n if n % 1_000 == 0 => 6,
                _ => 9,
            },
            usize::from,
        );
        if digits > 0 {
            write!(f, ".{:0width$}", nanos / 10u32.pow(9 - digits as u32), width = digits)?;
        }
        let east = self.instant.offset().local_minus_utc();
        let sign = if east < 0 { '-' } else { '+' };
        let (hours, minutes) = (east.abs() / 3600, east.abs() % 3600 / 60);
        match style.offset {
            OffsetStyle::Zulu(z) if east == 0 => write!(f, "{z}"),
            OffsetStyle::Zulu(_) | OffsetStyle::Colon => write!(f, "{sign}{hours:02}:{minutes:02}"),
            OffsetStyle::NoColon => write!(f, "{sign}{hours:02}{minutes:02}"),
            OffsetStyle::Hours => write!(f, "{sign}{hours:02}"),
            OffsetStyle::Missing => Ok(()),
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_str(deserializer, DateTime::parse)?
            .map_err(|e| de::Error::custom(format_args!("invalid date-time: {e}")))
    }
}

/// A JSON number (`type: number`), kept as it was written: an integer
/// (`25`) stays an integer and a number with a fraction or exponent (`25.0`,
/// `0.1`) stays a floating-point number, so a payload re-serializes to the
/// same JSON value. Use [`Number::as_f64`] (or `f64::from`) for arithmetic.
///
/// Floating-point numbers are held as `f64` and written in their shortest
/// form that reads back as the same `f64` (serde_json's): `0.10` is written
/// `0.1` and `1e3` is written `1000.0` — the same JSON value, other text.
/// Equality and ordering compare numeric values (`25` equals `25.0`).
#[derive(Clone, Copy)]
pub struct Number(NumberRepr);

#[derive(Clone, Copy)]
enum NumberRepr {
    /// An integer ≥ 0.
    PosInt(u64),
    /// An integer < 0.
    NegInt(i64),
    /// Written with a fraction or an exponent.
    Float(f64),
}

impl Number {
    /// A floating-point number (serialized with a fraction: `25.0`).
    pub const fn from_f64(value: f64) -> Self {
        Number(NumberRepr::Float(value))
    }

    /// An integer (serialized without a fraction: `25`).
    pub const fn from_i64(value: i64) -> Self {
        if value < 0 {
            Number(NumberRepr::NegInt(value))
        } else {
            Number(NumberRepr::PosInt(value as u64))
        }
    }

    /// The value as `f64` (integers beyond 2^53 are rounded).
    pub fn as_f64(self) -> f64 {
        match self.0 {
            NumberRepr::PosInt(n) => n as f64,
            NumberRepr::NegInt(n) => n as f64,
            NumberRepr::Float(f) => f,
        }
    }

    /// The value as `i64`, when it was written as an integer that fits.
    pub fn as_i64(self) -> Option<i64> {
        match self.0 {
            NumberRepr::PosInt(n) => i64::try_from(n).ok(),
            NumberRepr::NegInt(n) => Some(n),
            NumberRepr::Float(_) => None,
        }
    }

    /// Whether it was written as an integer (no fraction, no exponent).
    pub fn is_integer(self) -> bool {
        !matches!(self.0, NumberRepr::Float(_))
    }
}

impl Default for Number {
    fn default() -> Self {
        Number::from_i64(0)
    }
}

impl From<f64> for Number {
    fn from(value: f64) -> Self {
        Number::from_f64(value)
    }
}

impl From<f32> for Number {
    /// The `f64` of the shortest decimal that reads back as this `f32`, so
    /// `0.1f32` is written `0.1`, not `0.10000000149011612`.
    fn from(value: f32) -> Self {
        Number::from_f64(value.to_string().parse().unwrap_or(f64::from(value)))
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        Number::from_i64(value)
    }
}

impl From<i32> for Number {
    fn from(value: i32) -> Self {
        Number::from_i64(value.into())
    }
}

impl From<u32> for Number {
    fn from(value: u32) -> Self {
        Number::from_i64(value.into())
    }
}

impl From<u64> for Number {
    fn from(value: u64) -> Self {
        Number(NumberRepr::PosInt(value))
    }
}

impl From<Number> for f64 {
    fn from(value: Number) -> Self {
        value.as_f64()
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.partial_cmp(other) == Some(std::cmp::Ordering::Equal)
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        use NumberRepr::{NegInt, PosInt};
        match (self.0, other.0) {
            // Integers compare exactly, also beyond 2^53.
            (PosInt(a), PosInt(b)) => a.partial_cmp(&b),
            (NegInt(a), NegInt(b)) => a.partial_cmp(&b),
            (NegInt(_), PosInt(_)) => Some(std::cmp::Ordering::Less),
            (PosInt(_), NegInt(_)) => Some(std::cmp::Ordering::Greater),
            _ => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Number {
    /// The decimal form (Rust's `Display`: `25`, `25` for `25.0`, `0.1`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            NumberRepr::PosInt(n) => write!(f, "{n}"),
            NumberRepr::NegInt(n) => write!(f, "{n}"),
            NumberRepr::Float(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            NumberRepr::PosInt(n) => serializer.serialize_u64(n),
            NumberRepr::NegInt(n) => serializer.serialize_i64(n),
            NumberRepr::Float(n) => serializer.serialize_f64(n),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;

        impl Visitor<'_> for NumberVisitor {
            type Value = Number;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Number, E> {
                Ok(Number::from(value))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Number, E> {
                Ok(Number::from_i64(value))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Number, E> {
                Ok(Number::from_f64(value))
            }
        }

        deserializer.deserialize_any(NumberVisitor)
    }
}

/// A calendar date, `format: date` (RFC 3339 full-date, `2024-01-31`).
/// Named after the RFC's term so it cannot clash with a schema called `Date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FullDate(chrono::NaiveDate);

impl FullDate {
    /// Parse `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map(FullDate)
    }
}

impl From<chrono::NaiveDate> for FullDate {
    fn from(date: chrono::NaiveDate) -> Self {
        FullDate(date)
    }
}

impl std::ops::Deref for FullDate {
    type Target = chrono::NaiveDate;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::str::FromStr for FullDate {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        FullDate::parse(text)
    }
}

impl fmt::Display for FullDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for FullDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FullDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_str(deserializer, FullDate::parse)?
            .map_err(|e| de::Error::custom(format_args!("invalid date: {e}")))
    }
}

/// Deserialize a string without requiring an owned copy, then map it.
#[allow(dead_code)]
pub(crate) fn deserialize_str<'de, D, T>(deserializer: D, map: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<T>(fn(&str) -> T);

    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(StrVisitor(map))
}

/// Deserialize an open enum from its string, whatever the value.
#[allow(dead_code)]
pub(crate) fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserialize_str(deserializer, |value| T::from(value))
}

/// Deserialize a string that must equal `expected`.
#[allow(dead_code)]
pub(crate) fn deserialize_const<'de, D>(deserializer: D, expected: &'static str) -> Result<(), D::Error>
where
    D: Deserializer<'de>,
{
    struct ConstVisitor(&'static str);

    impl Visitor<'_> for ConstVisitor {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "the string `{}`", self.0)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
            if value == self.0 {
                Ok(())
            } else {
                Err(E::invalid_value(Unexpected::Str(value), &self))
            }
        }
    }

    deserializer.deserialize_str(ConstVisitor(expected))
}

/// A union whose branch is named by the string value of one property.
#[allow(dead_code)]
pub(crate) trait TaggedUnion: Sized {
    /// The property that names the branch (`type`).
    const TAG: &'static str;
    /// The tag value of each branch, by branch index.
    const TAGS: &'static [&'static str];
    /// Whether an object whose tag is missing or not listed is kept (by
    /// `branch(None, …)`) rather than rejected.
    const OPEN: bool;

    /// Deserialize branch `index`, or the catch-all for `None`, from the
    /// whole object (tag included).
    fn branch<'de, D: Deserializer<'de>>(index: Option<usize>, deserializer: D) -> Result<Self, D::Error>;
}

/// Deserialize a tagged union without building a `serde_json::Value` first
/// when the tag is the object's first property (as in every JSON:API
/// response): the branch reads the rest of the object straight from the
/// input. Otherwise the object is buffered, then dispatched.
#[allow(dead_code)]
pub(crate) fn deserialize_tagged<'de, D: Deserializer<'de>, T: TaggedUnion>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(TaggedVisitor(std::marker::PhantomData))
}

#[allow(dead_code)]
struct TaggedVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: TaggedUnion> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` property", T::TAG)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            unlisted_tag::<T, A::Error>(None)?;
            return T::branch(None, de::value::MapAccessDeserializer::new(map));
        };
        let value: serde_json::Value = map.next_value()?;
        if let (true, serde_json::Value::String(tag)) = (key == T::TAG, &value) {
            let index = T::TAGS.iter().position(|t| t == tag);
            if index.is_none() {
                unlisted_tag::<T, A::Error>(Some(tag))?;
            }
            let rest = Prefixed { first: Some((key, value)), pending: None, rest: map };
            return T::branch(index, de::value::MapAccessDeserializer::new(rest));
        }
        let mut object = serde_json::Map::new();
        object.insert(key, value);
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(key, value);
        }
        let tag = object.get(T::TAG).and_then(serde_json::Value::as_str);
        let index = tag.and_then(|tag| T::TAGS.iter().position(|t| *t == tag));
        if index.is_none() {
            unlisted_tag::<T, A::Error>(tag)?;
        }
        T::branch(index, serde_json::Value::Object(object)).map_err(de::Error::custom)
    }
}

/// For a closed tagged union, the error for an object whose tag (`None`:
/// missing or not a string) names no branch; `Ok` for an open one, which
/// keeps the object.
fn unlisted_tag<T: TaggedUnion, E: de::Error>(tag: Option<&str>) -> Result<(), E> {
    if T::OPEN {
        return Ok(());
    }
    let listed = T::TAGS.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
    Err(match tag {
        Some(tag) => E::custom(format_args!("`{}` is `{tag}`, expected one of {listed}", T::TAG)),
        None => E::custom(format_args!("missing `{}` (a string: one of {listed})", T::TAG)),
    })
}

/// A map with one entry already read put back in front of the rest.
#[allow(dead_code)]
struct Prefixed<A> {
    first: Option<(String, serde_json::Value)>,
    pending: Option<serde_json::Value>,
    rest: A,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Prefixed<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some((key, value)) => {
                self.pending = Some(value);
                seed.deserialize(de::value::StringDeserializer::new(key)).map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A union's variant read from the buffered value (borrowed: trying a
/// variant copies nothing it does not keep), the error converted for
/// another deserializer.
#[allow(dead_code)]
pub(crate) fn branch_from_value<'a, T, E>(value: &'a serde_json::Value) -> Result<T, E>
where
    T: Deserialize<'a>,
    E: de::Error,
{
    T::deserialize(value).map_err(E::custom)
}

/// Deserialize JSON text into a generated type. Unlike `serde_json::from_str`,
/// the error names where in the document the offending value is, e.g.
/// `data[0].attributes.errors[0].id: invalid type: map, expected a string`,
/// and keeps the whole text ([`DecodeError::body`]), so what came is never lost.
///
/// The text is copied into the error only when decoding fails.
pub fn from_str<'a, T: Deserialize<'a>>(json: &'a str) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let decoded = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(DecodeError::from)
        .and_then(|value| deserializer.end().map(|()| value).map_err(DecodeError::whole));
    decoded.map_err(|error| error.with_input(Input::Text(json.to_owned())))
}

/// Deserialize a `serde_json::Value` into a generated type, with the path of
/// the offending value in the error. When decoding fails the error keeps the
/// value ([`DecodeError::value`]), moved, not copied.
///
/// The types read from a borrowed value, so their strings are copied out of
/// it (with a `&str` input, [`from_str`], nothing extra is copied).
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(&value)
        .map_err(|error| DecodeError::from(error).with_input(Input::Value(Box::new(value))))
}

/// A JSON document that does not match the generated type: where, why, and
/// the document itself.
///
/// [`path`](DecodeError::path) names the offending value; the input that did
/// not decode stays available, whole: [`body`](DecodeError::body) for text
/// ([`from_str`], `request::decode_response`, the client's errors),
/// [`value`](DecodeError::value) for a `serde_json::Value` ([`from_value`],
/// one item of a page), [`raw_json`](DecodeError::raw_json) for either as a
/// value. `Display` shows the path and the reason only; `Debug` shows the
/// start of the input.
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
    input: Input,
}

/// What a [`DecodeError`] was decoding.
pub(crate) enum Input {
    /// Made without one (only inside the crate, before it is attached).
    Missing,
    /// JSON text (lossy UTF-8 for a response body that was not UTF-8).
    Text(String),
    /// A value (boxed: errors stay small, so results stay small).
    Value(Box<serde_json::Value>),
}

/// How many bytes of the input `Debug` (and the request errors' `Display`) show.
pub(crate) const EXCERPT_BYTES: usize = 512;

/// The start of `text`, at most [`EXCERPT_BYTES`], cut at a character boundary.
pub(crate) fn excerpt(text: &str) -> &str {
    let mut end = text.len().min(EXCERPT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl DecodeError {
    /// An error about the whole document (syntax, trailing characters).
    fn whole(source: serde_json::Error) -> Self {
        DecodeError { path: String::new(), source, input: Input::Missing }
    }

    /// An error at `path` (`data`), with a message of its own.
    #[allow(dead_code)] // used by `request.rs`, which crates without operations lack
    pub(crate) fn at(path: String, message: &str, input: Input) -> Self {
        DecodeError { path, source: de::Error::custom(message), input }
    }

    /// The same error about another input.
    pub(crate) fn with_input(mut self, input: Input) -> Self {
        self.input = input;
        self
    }

    /// The same error, its path under `prefix` (`data[3]` + `attributes.x`
    /// is `data[3].attributes.x`): for a part decoded on its own.
    #[allow(dead_code)] // used by `request.rs`, which crates without operations lack
    pub(crate) fn under(mut self, prefix: &str) -> Self {
        self.path = match self.path.as_str() {
            "" => prefix.to_owned(),
            path if path.starts_with('[') => format!("{prefix}{path}"),
            path => format!("{prefix}.{path}"),
        };
        self
    }

    /// Where the offending value is (`data[0].attributes.status`); empty for
    /// errors about the whole document (syntax, trailing characters).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The whole JSON text that did not decode, when the input was text:
    /// the argument of [`from_str`], or a response body (lossy UTF-8 when
    /// it was not UTF-8). `None` for a value ([`DecodeError::value`]).
    pub fn body(&self) -> Option<&str> {
        match &self.input {
            Input::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The value that did not decode, when the input was a
    /// `serde_json::Value`: the argument of [`from_value`], or one item of a
    /// page read item by item. `None` for text ([`DecodeError::body`]).
    pub fn value(&self) -> Option<&serde_json::Value> {
        match &self.input {
            Input::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The input as a JSON value, whichever form it came in: a copy of
    /// [`DecodeError::value`], or [`DecodeError::body`] parsed (`None` when
    /// the text is not JSON at all).
    pub fn raw_json(&self) -> Option<serde_json::Value> {
        match &self.input {
            Input::Text(text) => serde_json::from_str(text).ok(),
            Input::Value(value) => Some(serde_json::Value::clone(value)),
            Input::Missing => None,
        }
    }

    /// The input, as JSON text: [`DecodeError::body`] moved out, or the
    /// value written out.
    pub fn into_body(self) -> Option<String> {
        match self.input {
            Input::Text(text) => Some(text),
            Input::Value(value) => Some(value.to_string()),
            Input::Missing => None,
        }
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for DecodeError {
    fn from(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        DecodeError { path, source: error.into_inner(), input: Input::Missing }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.source)
        } else {
            write!(f, "{}: {}", self.path, self.source)
        }
    }
}

impl fmt::Debug for DecodeError {
    /// The path, the reason, and the start of the input (its first 512
    /// bytes) with its length: a multi-megabyte body does not flood a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("DecodeError");
        debug.field("path", &self.path).field("source", &self.source);
        match &self.input {
            Input::Text(text) => debug.field("body", &excerpt(text)).field("body_len", &text.len()),
            Input::Value(value) => {
                let text = value.to_string();
                debug.field("value", &excerpt(&text)).field("value_len", &text.len())
            }
            Input::Missing => &mut debug,
        };
        debug.finish()
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Sets of JSON types (RFC 8259 section 3) as bits, for [`Fit`].
#[allow(dead_code)]
pub(crate) mod json_kind {
    pub(crate) const OBJECT: u8 = 1;
    pub(crate) const ARRAY: u8 = 2;
    pub(crate) const STRING: u8 = 4;
    pub(crate) const NUMBER: u8 = 8;
    pub(crate) const BOOLEAN: u8 = 16;
    pub(crate) const NULL: u8 = 32;
    pub(crate) const ANY: u8 = 63;
    pub(crate) const NONE: u8 = 0;

    /// The JSON type of a value.
    pub(crate) fn of(value: &serde_json::Value) -> u8 {
        match value {
            serde_json::Value::Object(_) => OBJECT,
            serde_json::Value::Array(_) => ARRAY,
            serde_json::Value::String(_) => STRING,
            serde_json::Value::Number(_) => NUMBER,
            serde_json::Value::Bool(_) => BOOLEAN,
            serde_json::Value::Null => NULL,
        }
    }

    /// `an object or a string`: the types of a set, for error messages.
    pub(crate) fn describe(kinds: u8) -> String {
        let names = [
            (OBJECT, "an object"),
            (ARRAY, "an array"),
            (STRING, "a string"),
            (NUMBER, "a number"),
            (BOOLEAN, "a boolean"),
            (NULL, "null"),
        ];
        let listed: Vec<&str> = names.iter().filter(|(bit, _)| kinds & bit != 0).map(|(_, name)| *name).collect();
        match listed.split_last() {
            None => "nothing".to_owned(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }
}

/// What one variant of an untagged union accepts: its JSON types and, for
/// an object with declared properties, what they are. A variant that is
/// itself a union has one `Fit` per branch, so nested branches compete with
/// the outer ones.
#[allow(dead_code)]
pub(crate) struct Fit {
    variant: usize,
    kinds: u8,
    /// Declared properties; `None` for a variant that takes objects with any
    /// keys (a map, any JSON) or no object at all.
    object: Option<ObjectFit>,
}

#[allow(dead_code)]
struct ObjectFit {
    properties: &'static [&'static str],
    required: &'static [&'static str],
    /// Properties whose value is one of a listed set (enums, single-value tags).
    listed: &'static [(&'static str, &'static [&'static str])],
}

#[allow(dead_code)]
impl Fit {
    /// A variant that accepts values of the JSON types `kinds` (bits of [`json_kind`]).
    pub(crate) const fn of(variant: usize, kinds: u8) -> Fit {
        Fit { variant, kinds, object: None }
    }

    /// An object variant with declared properties.
    pub(crate) const fn object(
        variant: usize,
        kinds: u8,
        properties: &'static [&'static str],
        required: &'static [&'static str],
        listed: &'static [(&'static str, &'static [&'static str])],
    ) -> Fit {
        Fit { variant, kinds, object: Some(ObjectFit { properties, required, listed }) }
    }

    /// Lower is better: required properties missing, then members the
    /// variant does not declare (a variant without declared properties
    /// declares none), then listed properties holding a value not listed,
    /// then whether the variant declares nothing (so on a tie an object
    /// type comes before a map).
    fn misfit(&self, object: &serde_json::Map<String, serde_json::Value>) -> (usize, usize, usize, bool) {
        let Some(fit) = &self.object else { return (0, object.len(), 0, true) };
        let missing = fit.required.iter().filter(|p| !object.contains_key(**p)).count();
        let unknown = object.keys().filter(|k| !fit.properties.contains(&k.as_str())).count();
        let unlisted = fit
            .listed
            .iter()
            .filter(|(property, values)| {
                object.get(*property).and_then(serde_json::Value::as_str).is_some_and(|v| !values.contains(&v))
            })
            .count();
        (missing, unknown, unlisted, false)
    }
}

/// Deserialize an untagged union: only the variants that accept the value's
/// JSON type are tried, in declaration order, an object's best fit first
/// (see [`Fit::misfit`]); the first that deserializes wins. When none does,
/// the error of the best fit is reported.
#[allow(dead_code)]
pub(crate) fn choose_variant<T, E: de::Error>(
    value: &serde_json::Value,
    fits: &[Fit],
    type_name: &str,
    deserialize_variant: impl Fn(usize, &serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, E> {
    let kind = json_kind::of(value);
    let mut candidates: Vec<&Fit> = fits.iter().filter(|fit| fit.kinds & kind != 0).collect();
    if candidates.is_empty() {
        let accepted = fits.iter().fold(0, |all, fit| all | fit.kinds);
        return Err(E::custom(format_args!(
            "`{type_name}` is {}, not {}",
            json_kind::describe(accepted),
            json_kind::describe(kind)
        )));
    }
    if let Some(object) = value.as_object() {
        // Stable: equal fits keep declaration order.
        candidates.sort_by_key(|fit| fit.misfit(object));
    }
    let mut tried: Vec<usize> = Vec::new();
    let mut first_error = None;
    for fit in candidates {
        if tried.contains(&fit.variant) {
            continue;
        }
        tried.push(fit.variant);
        match deserialize_variant(fit.variant, value) {
            Ok(variant) => return Ok(variant),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    let detail = first_error.map(|e| e.to_string()).unwrap_or_default();
    Err(E::custom(format_args!("no variant of `{type_name}` matches; the closest fails with: {detail}")))
}

/// `Serialize` and `Deserialize` for an untagged union, from its variants by
/// index and its [`Fit`]s, written once here rather than once per union.
/// A fit is `of(variant, KINDS)` or `object(variant, KINDS, [properties],
/// [required], [(property, [listed values])])`, `KINDS` being names of
/// [`json_kind`]'s constants joined by `|`.
#[allow(unused_macros)]
macro_rules! untagged_union {
    (@fit of($variant:literal, $($kind:ident)|+)) => {
        $crate::runtime::Fit::of($variant, $($crate::runtime::json_kind::$kind)|+)
    };
    (@fit object(
        $variant:literal,
        $($kind:ident)|+,
        [$($property:literal),*],
        [$($required:literal),*],
        [$(($listed:literal, [$($value:literal),*])),*]
    )) => {
        $crate::runtime::Fit::object(
            $variant,
            $($crate::runtime::json_kind::$kind)|+,
            &[$($property),*],
            &[$($required),*],
            &[$(($listed, &[$($value),*])),*],
        )
    };
    ($name:ident { $($index:literal => $variant:ident,)* } [$($form:ident $arguments:tt,)*]) => {
        impl serde::Serialize for $name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    $(Self::$variant(value) => serde::Serialize::serialize(value, serializer),)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                const FITS: &[$crate::runtime::Fit] = &[$($crate::runtime::untagged_union!(@fit $form $arguments)),*];
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                $crate::runtime::choose_variant(&value, FITS, stringify!($name), |index, value| match index {
                    $($index => $crate::runtime::branch_from_value(value).map(Self::$variant),)*
                    _ => ::core::result::Result::Err($crate::runtime::no_such_branch()),
                })
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use untagged_union;

/// The error for a variant index a union does not have (never produced by
/// generated code, which only passes its own indices).
#[allow(dead_code)]
pub(crate) fn no_such_branch() -> serde_json::Error {
    de::Error::custom("no such variant")
}

/// `Display` and `Serialize` for a string enum (open or closed), through
/// its `as_str()`: the part both enum macros below share.
#[allow(unused_macros)]
macro_rules! enum_text_traits {
    ($name:ident) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use enum_text_traits;

/// `Display`, `Serialize` and `Deserialize` for an open enum, through its
/// `as_str()` and `From<&str>`: written once here rather than once per enum.
#[allow(unused_macros)]
macro_rules! open_enum_traits {
    ($name:ident) => {
        $crate::runtime::enum_text_traits!($name);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_open_enum(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use open_enum_traits;

/// `Display`, `Serialize` and `Deserialize` for a closed enum, through its
/// `as_str()` and `ALL`: an unlisted value is an error naming the listed ones.
#[allow(unused_macros)]
macro_rules! closed_enum_traits {
    ($name:ident) => {
        $crate::runtime::enum_text_traits!($name);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_closed_enum(deserializer, Self::ALL, Self::as_str)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::UnknownEnumValue;

            /// The value whose JSON string is `text`.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $crate::runtime::closed_enum_value(text, Self::ALL, Self::as_str)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use closed_enum_traits;

/// The listed value of a closed enum that a JSON string names.
#[allow(dead_code)]
pub(crate) fn deserialize_closed_enum<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    all: &'static [T],
    as_str: fn(&T) -> &'static str,
) -> Result<T, D::Error> {
    let text = <Key<'de> as serde::Deserialize>::deserialize(deserializer)?;
    closed_enum_value(text.as_str(), all, as_str).map_err(de::Error::custom)
}

/// The listed value of a closed enum whose JSON string is `text`.
#[allow(dead_code)]
pub(crate) fn closed_enum_value<T: Copy>(
    text: &str,
    all: &'static [T],
    as_str: fn(&T) -> &'static str,
) -> Result<T, UnknownEnumValue> {
    all.iter().copied().find(|value| as_str(value) == text).ok_or_else(|| UnknownEnumValue {
        value: text.to_owned(),
        expected: all.iter().map(|v| format!("`{}`", as_str(v))).collect::<Vec<_>>().join(", "),
    })
}

/// A string that is none of the values of a closed enum: the error of its
/// `FromStr` (and, as a message, of its deserialization).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEnumValue {
    value: String,
    /// The listed values, quoted and comma-separated.
    expected: String,
}

impl UnknownEnumValue {
    /// The string that was given.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`, expected one of {}", self.value, self.expected)
    }
}

impl std::error::Error for UnknownEnumValue {}

/// `Serialize` and `Deserialize` for a single-value type: it writes its
/// `VALUE` and accepts nothing else.
#[allow(unused_macros)]
macro_rules! const_str_traits {
    ($name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(Self::VALUE)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_const(deserializer, Self::VALUE).map(|()| Self)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use const_str_traits;

/// What a JSON object carried beyond the fields of its generated struct, so
/// that it re-serializes to the same JSON:
///
/// - members the schema does not declare, kept as raw JSON (a newer API
///   revision's fields, vendor extensions): [`Extra::get`], [`Extra::iter`];
/// - declared members whose presence the field's type cannot say: an
///   `Option` field that was `null` rather than absent ([`Extra::was_null`]),
///   a required nullable field that was absent rather than `null`
///   ([`Extra::was_absent`]).
///
/// Serializing a struct writes its declared fields (an `Option` field that is
/// `None` as `null` when it was read as `null`), then these members. Empty
/// (and allocation-free) for objects that have nothing extra.
#[derive(Clone, Default, PartialEq)]
pub struct Extra(Option<Box<ExtraParts>>);

#[derive(Debug, Clone, Default, PartialEq)]
struct ExtraParts {
    members: serde_json::Map<String, serde_json::Value>,
    /// Declared `Option` members that were `null`.
    nulls: Vec<&'static str>,
    /// Declared required nullable members that were absent.
    absent: Vec<&'static str>,
}

impl Extra {
    fn parts(&mut self) -> &mut ExtraParts {
        self.0.get_or_insert_with(Box::default)
    }

    /// The undeclared member `name`.
    #[inline]
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.as_ref()?.members.get(name)
    }

    /// Add or replace an undeclared member; it is written after the declared
    /// fields. A name the struct declares would be written twice: don't.
    pub fn insert(&mut self, name: impl Into<String>, value: serde_json::Value) -> Option<serde_json::Value> {
        self.parts().members.insert(name.into(), value)
    }

    /// Remove an undeclared member.
    pub fn remove(&mut self, name: &str) -> Option<serde_json::Value> {
        self.0.as_mut()?.members.remove(name)
    }

    /// The undeclared members, in the order they were read.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &serde_json::Value)> {
        self.0.iter().flat_map(|parts| parts.members.iter())
    }

    /// How many undeclared members there are.
    #[inline]
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |parts| parts.members.len())
    }

    /// Whether there are no undeclared members.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the declared member `name` (its JSON name), whose field is an
    /// `Option`, was `null` rather than absent. While the field is `None` it
    /// is written back as `null`.
    #[inline]
    pub fn was_null(&self, name: &str) -> bool {
        self.0.as_ref().is_some_and(|parts| parts.nulls.contains(&name))
    }

    /// Write the `Option` member `name` (its JSON name) as `null` while its
    /// field is `None` (`true`), or leave it out (`false`).
    pub fn set_null(&mut self, name: &'static str, null: bool) {
        set_mark(self, |parts| &mut parts.nulls, name, null);
    }

    /// Whether the required nullable member `name` was absent rather than
    /// `null` (off-spec, but kept: it is left out when written back while
    /// its field is `None`).
    #[inline]
    pub fn was_absent(&self, name: &str) -> bool {
        self.0.as_ref().is_some_and(|parts| parts.absent.contains(&name))
    }

    /// Leave the required nullable member `name` out while its field is
    /// `None` (`true`), or write it as `null` (`false`, the schema's form).
    pub fn set_absent(&mut self, name: &'static str, absent: bool) {
        set_mark(self, |parts| &mut parts.absent, name, absent);
    }

    /// Write the undeclared members into a map being serialized.
    #[doc(hidden)]
    pub fn serialize_members<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter().try_for_each(|(name, value)| map.serialize_entry(name, value))
    }
}

fn set_mark(extra: &mut Extra, list: fn(&mut ExtraParts) -> &mut Vec<&'static str>, name: &'static str, on: bool) {
    if !on && extra.0.is_none() {
        return;
    }
    let list = list(extra.parts());
    list.retain(|n| *n != name);
    if on {
        list.push(name);
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            None => f.write_str("{}"),
            Some(parts) => parts.fmt(f),
        }
    }
}

/// An object key, borrowed from the input when it can be (serde_json's
/// `from_str` for keys without escapes), so matching it allocates nothing.
#[doc(hidden)]
#[allow(dead_code)]
pub enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    fn into_string(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(key))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key.to_owned()))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// What a struct does with members its schema does not declare, one module
/// per policy with the same functions, so that [`object_traits!`] picks the
/// policy by naming its module:
///
/// - `empty`: the store before the object is read (`()` when the members
///   live in [`Extra`] or are refused, a map for typed members);
/// - `read`: one undeclared member, from the map being read;
/// - `write` (typed only): the stored members, into the map being serialized.
#[doc(hidden)]
#[allow(dead_code)]
pub mod undeclared {
    use super::{de, Extra, Key};

    /// Any member, kept as raw JSON in the struct's [`Extra`] (an open
    /// object: `additionalProperties` absent, `true` or `{}`).
    pub mod keep {
        use super::{de, Extra, Key};

        pub fn empty() {}

        pub fn read<'de, A: de::MapAccess<'de>>(
            map: &mut A,
            key: Key<'de>,
            extra: &mut Extra,
            _store: &mut (),
            _declared: &'static [&'static str],
        ) -> Result<(), A::Error> {
            let value = map.next_value()?;
            let key = key.into_string();
            if extra.get(&key).is_some() {
                return Err(de::Error::custom(format_args!("duplicate member `{key}`")));
            }
            extra.insert(key, value);
            Ok(())
        }
    }

    /// No member: an error naming it (`additionalProperties: false`).
    pub mod reject {
        use super::{de, Extra, Key};

        pub fn empty() {}

        pub fn read<'de, A: de::MapAccess<'de>>(
            _map: &mut A,
            key: Key<'de>,
            _extra: &mut Extra,
            _store: &mut (),
            declared: &'static [&'static str],
        ) -> Result<(), A::Error> {
            Err(de::Error::unknown_field(key.as_str(), declared))
        }
    }

    /// Members whose value must be a `T` (`additionalProperties: {schema}`),
    /// in a map field of the struct; a value of another type is an error
    /// naming the member.
    pub mod typed {
        use super::{de, Extra, Key};
        use std::collections::BTreeMap;

        pub fn empty<T>() -> BTreeMap<String, T> {
            BTreeMap::new()
        }

        pub fn read<'de, A: de::MapAccess<'de>, T: serde::Deserialize<'de>>(
            map: &mut A,
            key: Key<'de>,
            _extra: &mut Extra,
            store: &mut BTreeMap<String, T>,
            _declared: &'static [&'static str],
        ) -> Result<(), A::Error> {
            let key = key.into_string();
            if store.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate member `{key}`")));
            }
            let value = map.next_value().map_err(|error| de::Error::custom(format_args!("member `{key}`: {error}")))?;
            store.insert(key, value);
            Ok(())
        }

        pub fn write<M: serde::ser::SerializeMap, T: serde::Serialize>(
            map: &mut M,
            store: &BTreeMap<String, T>,
        ) -> Result<(), M::Error> {
            store.iter().try_for_each(|(key, value)| map.serialize_entry(key, value))
        }
    }
}

/// How each kind of struct field is read from and written to a JSON object,
/// one module per kind with the same four functions, so that
/// [`object_traits!`] picks a field's behaviour by naming its module:
///
/// - `empty`: the slot before the member is seen;
/// - `filled`: whether the member was seen already (a repeated member is an
///   error, as in serde_derive: one of the two values would be lost);
/// - `read`: the member's value, from the map being read;
/// - `finish`: the field from its slot once the object ends (a missing
///   required member is an error here);
/// - `write`: the member, into the map being serialized (or nothing).
#[doc(hidden)]
#[allow(dead_code)]
pub mod presence {
    /// `T`: must be present.
    pub mod required {
        use crate::Extra;
        use serde::de::{self, MapAccess};
        use serde::ser::SerializeMap;

        pub fn empty<T>() -> Option<T> {
            None
        }

        pub fn filled<T>(slot: &Option<T>, _: &'static str, _: &Extra) -> bool {
            slot.is_some()
        }

        pub fn read<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
            map: &mut A,
            _: &'static str,
            _: &mut Extra,
        ) -> Result<Option<T>, A::Error> {
            map.next_value().map(Some)
        }

        pub fn finish<T, E: de::Error>(slot: Option<T>, name: &'static str, _: &mut Extra) -> Result<T, E> {
            slot.ok_or_else(|| E::missing_field(name))
        }

        pub fn write<M: SerializeMap, T: serde::Serialize>(
            map: &mut M,
            name: &'static str,
            value: &T,
            _: &Extra,
        ) -> Result<(), M::Error> {
            map.serialize_entry(name, value)
        }
    }

    /// `Option<T>` of a required nullable member: `None` is written as
    /// `null`, unless the member was absent when read.
    pub mod nullable {
        use crate::Extra;
        use serde::de;
        use serde::ser::SerializeMap;

        // The slot is a required slot of `Option<T>`: `None` until the
        // member is seen, then the member's value, `null` included.
        #[allow(unused_imports)] // a crate may have no required nullable member
        pub use super::required::{empty, filled, read};

        pub fn finish<T, E: de::Error>(
            slot: Option<Option<T>>,
            name: &'static str,
            extra: &mut Extra,
        ) -> Result<Option<T>, E> {
            Ok(slot.unwrap_or_else(|| {
                extra.set_absent(name, true);
                None
            }))
        }

        pub fn write<M: SerializeMap, T: serde::Serialize>(
            map: &mut M,
            name: &'static str,
            value: &Option<T>,
            extra: &Extra,
        ) -> Result<(), M::Error> {
            if value.is_some() || !extra.was_absent(name) {
                map.serialize_entry(name, value)?;
            }
            Ok(())
        }
    }

    /// `Option<T>` of an optional member: `None` is left out, or written as
    /// `null` when the member was `null` when read.
    pub mod optional {
        use crate::Extra;
        use serde::de::{self, MapAccess};
        use serde::ser::SerializeMap;

        pub fn empty<T>() -> Option<T> {
            None
        }

        pub fn filled<T>(slot: &Option<T>, name: &'static str, extra: &Extra) -> bool {
            slot.is_some() || extra.was_null(name)
        }

        pub fn read<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
            map: &mut A,
            name: &'static str,
            extra: &mut Extra,
        ) -> Result<Option<T>, A::Error> {
            let value: Option<T> = map.next_value()?;
            if value.is_none() {
                extra.set_null(name, true);
            }
            Ok(value)
        }

        pub fn finish<T, E: de::Error>(slot: Option<T>, _: &'static str, _: &mut Extra) -> Result<Option<T>, E> {
            Ok(slot)
        }

        pub fn write<M: SerializeMap, T: serde::Serialize>(
            map: &mut M,
            name: &'static str,
            value: &Option<T>,
            extra: &Extra,
        ) -> Result<(), M::Error> {
            if value.is_some() || extra.was_null(name) {
                map.serialize_entry(name, value)?;
            }
            Ok(())
        }
    }

    /// `Tristate<T>` of an optional nullable member: absent, `null` or a value.
    pub mod tristate {
        use crate::{Extra, Tristate};
        use serde::de::{self, MapAccess};
        use serde::ser::SerializeMap;

        pub fn empty<T>() -> Tristate<T> {
            Tristate::Absent
        }

        pub fn filled<T>(slot: &Tristate<T>, _: &'static str, _: &Extra) -> bool {
            !slot.is_absent()
        }

        pub fn read<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
            map: &mut A,
            _: &'static str,
            _: &mut Extra,
        ) -> Result<Tristate<T>, A::Error> {
            map.next_value()
        }

        pub fn finish<T, E: de::Error>(slot: Tristate<T>, _: &'static str, _: &mut Extra) -> Result<Tristate<T>, E> {
            Ok(slot)
        }

        pub fn write<M: SerializeMap, T: serde::Serialize>(
            map: &mut M,
            name: &'static str,
            value: &Tristate<T>,
            _: &Extra,
        ) -> Result<(), M::Error> {
            if !value.is_absent() {
                map.serialize_entry(name, value)?;
            }
            Ok(())
        }
    }
}

/// `Serialize` and `Deserialize` for a generated struct, from its field
/// table: `kind field = "json name"` per field (the kinds are the modules
/// of [`presence`]), the field that keeps what else the object carried
/// ([`Extra`]), and what an undeclared member is: a module of
/// [`undeclared`] (`keep`, `reject`, or `typed` and the struct's map field).
///
/// Hand-rolled rather than `#[derive]` with `#[serde(flatten)]` (which
/// buffers every object and is slow to compile and to run): the object is
/// read once, keys are matched without allocating, and only JSON objects
/// are accepted (serde_derive also reads a struct from an array of its
/// fields in order, which no schema allows).
#[allow(unused_macros)]
macro_rules! object_traits {
    ($name:ident { $($kind:ident $field:ident = $json:literal,)* } $extra:ident, $undeclared:ident $($members:ident)?) => {
        impl serde::Serialize for $name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $($crate::runtime::presence::$kind::write(&mut map, $json, &self.$field, &self.$extra)?;)*
                $($crate::runtime::undeclared::$undeclared::write(&mut map, &self.$members)?;)?
                self.$extra.serialize_members(&mut map)?;
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct __ObjectVisitor;

                impl<'de> serde::de::Visitor<'de> for __ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }

                    fn visit_map<__A: serde::de::MapAccess<'de>>(self, mut map: __A) -> ::core::result::Result<$name, __A::Error> {
                        const DECLARED: &[&str] = &[$($json),*];
                        let mut extra = $crate::Extra::default();
                        #[allow(clippy::let_unit_value)]
                        let mut undeclared = $crate::runtime::undeclared::$undeclared::empty();
                        $(let mut $field = $crate::runtime::presence::$kind::empty();)*
                        while let Some(key) = map.next_key::<$crate::runtime::Key<'de>>()? {
                            match key.as_str() {
                                $($json => {
                                    if $crate::runtime::presence::$kind::filled(&$field, $json, &extra) {
                                        return ::core::result::Result::Err(serde::de::Error::duplicate_field($json));
                                    }
                                    $field = $crate::runtime::presence::$kind::read(&mut map, $json, &mut extra)?;
                                })*
                                _ => $crate::runtime::undeclared::$undeclared::read(&mut map, key, &mut extra, &mut undeclared, DECLARED)?,
                            }
                        }
                        $(let $field = $crate::runtime::presence::$kind::finish($field, $json, &mut extra)?;)*
                        ::core::result::Result::Ok($name { $($field,)* $($members: undeclared,)? $extra: extra })
                    }
                }

                deserializer.deserialize_map(__ObjectVisitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use object_traits;
