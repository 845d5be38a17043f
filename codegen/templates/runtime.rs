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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
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

/// A `date-time` string: an instant with its UTC offset.
///
/// Accepts RFC 3339 (`2022-11-08T00:00:00+00:00`, `2022-11-08T00:00:00.123Z`)
/// and the offset-less form older Klaviyo revisions sent
/// (`2022-11-08T00:00:00`), which is read as UTC.
///
/// Serializing writes the form that was read (`Z`, a numeric offset, or no
/// offset), so a payload re-serializes as it came. Equality, ordering and
/// hashing compare instants: `…T00:00:00Z` equals `…T00:00:00+00:00`.
#[derive(Debug, Clone, Copy)]
pub struct DateTime {
    instant: chrono::DateTime<chrono::FixedOffset>,
    style: DateTimeStyle,
}

/// How the offset was written, kept for faithful re-serialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateTimeStyle {
    Zulu,
    Offset,
    Naive,
}

impl DateTime {
    /// Parse either accepted form.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        match chrono::DateTime::parse_from_rfc3339(text) {
            Ok(instant) => {
                let zulu = text.ends_with(['Z', 'z']);
                let style = if zulu { DateTimeStyle::Zulu } else { DateTimeStyle::Offset };
                Ok(DateTime { instant, style })
            }
            Err(offset_error) => text
                .parse::<chrono::NaiveDateTime>()
                .map(|naive| DateTime { instant: naive.and_utc().fixed_offset(), style: DateTimeStyle::Naive })
                .map_err(|_| offset_error),
        }
    }

    /// The instant, with the offset it was written with (UTC when none was).
    pub fn instant(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.instant
    }
}

impl From<chrono::DateTime<chrono::FixedOffset>> for DateTime {
    fn from(instant: chrono::DateTime<chrono::FixedOffset>) -> Self {
        DateTime { instant, style: DateTimeStyle::Offset }
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    fn from(instant: chrono::DateTime<chrono::Utc>) -> Self {
        DateTime { instant: instant.fixed_offset(), style: DateTimeStyle::Zulu }
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
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::SecondsFormat::AutoSi;
        match self.style {
            DateTimeStyle::Zulu => f.write_str(&self.instant.to_rfc3339_opts(AutoSi, true)),
            DateTimeStyle::Offset => f.write_str(&self.instant.to_rfc3339_opts(AutoSi, false)),
            DateTimeStyle::Naive => write!(f, "{}", self.instant.naive_utc().format("%Y-%m-%dT%H:%M:%S%.f")),
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
        deserialize_str(deserializer, FullDate::parse)?.map_err(|e| de::Error::custom(format_args!("invalid date: {e}")))
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
            return T::branch(None, de::value::MapAccessDeserializer::new(map));
        };
        let value: serde_json::Value = map.next_value()?;
        if let (true, serde_json::Value::String(tag)) = (key == T::TAG, &value) {
            let index = T::TAGS.iter().position(|t| t == tag);
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
        T::branch(index, serde_json::Value::Object(object)).map_err(de::Error::custom)
    }
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

/// `serde_json::from_value` with the error converted for another deserializer.
#[allow(dead_code)]
pub(crate) fn branch_from_value<T, E>(value: serde_json::Value) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: de::Error,
{
    serde_json::from_value(value).map_err(E::custom)
}

/// Deserialize JSON text into a generated type. Unlike `serde_json::from_str`,
/// the error names where in the document the offending value is, e.g.
/// `data[0].attributes.errors[0].id: invalid type: map, expected a string`.
pub fn from_str<'a, T: Deserialize<'a>>(json: &'a str) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(DecodeError::from)?;
    deserializer.end().map_err(|source| DecodeError { path: String::new(), source })?;
    Ok(value)
}

/// Deserialize a `serde_json::Value` into a generated type, with the path of
/// the offending value in the error.
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(DecodeError::from)
}

/// A JSON document that does not match the generated type, and where.
#[derive(Debug)]
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    /// Where the offending value is (`data[0].attributes.status`); empty for
    /// errors about the whole document (syntax, trailing characters).
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for DecodeError {
    fn from(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = error.path().to_string();
        DecodeError { path: if path == "." { String::new() } else { path }, source: error.into_inner() }
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

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// What an object variant of a union looks like: used to choose the variant
/// that best explains an object when no tag property decides.
#[allow(dead_code)]
pub(crate) struct Fit {
    pub(crate) properties: &'static [&'static str],
    pub(crate) required: &'static [&'static str],
    /// Properties whose value is one of a listed set (enums, single-value tags).
    pub(crate) listed: &'static [(&'static str, &'static [&'static str])],
}

impl Fit {
    /// Lower is better: required properties missing, then keys the variant
    /// does not know, then listed properties holding a value not listed.
    fn misfit(&self, object: &serde_json::Map<String, serde_json::Value>) -> (usize, usize, usize) {
        let missing = self.required.iter().filter(|p| !object.contains_key(**p)).count();
        let unknown = object.keys().filter(|k| !self.properties.contains(&k.as_str())).count();
        let unlisted = self
            .listed
            .iter()
            .filter(|(property, values)| {
                object.get(*property).and_then(serde_json::Value::as_str).is_some_and(|v| !values.contains(&v))
            })
            .count();
        (missing, unknown, unlisted)
    }
}

/// Try the variants of a union from best fit to worst; the first that
/// deserializes wins. When none does, the error of the best fit is reported.
#[allow(dead_code)]
pub(crate) fn first_fit<T, E: de::Error>(
    value: &serde_json::Value,
    fits: &[Fit],
    type_name: &str,
    deserialize_variant: impl Fn(usize, serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, E> {
    let mut order: Vec<usize> = (0..fits.len()).collect();
    if let Some(object) = value.as_object() {
        order.sort_by_key(|index| fits[*index].misfit(object));
    }
    let mut first_error = None;
    for index in order {
        match deserialize_variant(index, value.clone()) {
            Ok(variant) => return Ok(variant),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    let detail = first_error.map(|e| e.to_string()).unwrap_or_default();
    Err(E::custom(format_args!("no variant of `{type_name}` matches; the closest fails with: {detail}")))
}

/// The error for a variant index a union does not have (never produced by
/// generated code, which only passes its own indices).
#[allow(dead_code)]
pub(crate) fn no_such_branch() -> serde_json::Error {
    de::Error::custom("no such variant")
}

/// `Display`, `Serialize` and `Deserialize` for an open enum, through its
/// `as_str()` and `From<&str>`: written once here rather than once per enum.
#[allow(unused_macros)]
macro_rules! open_enum_traits {
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

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_open_enum(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use open_enum_traits;

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
