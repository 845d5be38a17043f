//! Every naming rule in one place: how schema names, property names and enum
//! values become Rust identifiers, and how collisions are settled.
//!
//! The rules (also in the README):
//! - Words: a name is cut into words at every character Rust does not allow
//!   inside an identifier (anything but Unicode `XID_Continue`, and `_`):
//!   spaces, `-`, `.`, `$`, `«»`, `[]`, … Inside a word, `heck` finds the
//!   case boundaries (`firstName`, `APIJob`). Letters of any script are kept
//!   (`用户信息`, `café`): Rust identifiers are Unicode (`XID_Start` /
//!   `XID_Continue`), so the name keeps its meaning; nothing is transliterated.
//! - Types: UpperCamelCase of the words; a name that does not start with a
//!   letter (`XID_Start`) gets a `T` prefix; an empty result becomes `Type`.
//! - Fields: snake_case of the words; a keyword gets a `_` suffix (`type` →
//!   `type_`, `self` → `self_`); a name that does not start with a letter gets
//!   a `_` prefix; an empty result becomes `field`. When two properties of one
//!   object would get the same name (`+1` and `-1`), their symbols are spelled
//!   out, as for enum variants (`plus_1`, `minus_1`).
//! - Union branches: a branch's `title` names its variant (and the type of an
//!   inline branch, prefixed with the union's name: `Titled::ByEmail(TitledByEmail)`);
//!   otherwise the variant is named after the branch's type (`Pet`, `String`, `StringList`).
//! - Enum variants: UpperCamelCase of the value. When two values of one enum
//!   would get the same name (`created` / `-created`), the symbols of *every*
//!   colliding value are spelled out (`-` → `Minus`, `+` → `Plus`, ...), so
//!   `-created` becomes `MinusCreated` and `Etc/GMT+1` becomes `EtcSlashGmtPlus1`.
//!   A leading digit gets a `V` prefix; the empty string becomes `Empty`.
//! - Collisions that remain: the first name (in a stable order) keeps the plain
//!   name, the next ones get `2`, `3`, ... appended (`_2` for fields).
//! - Inline types are named by a stem: their parent's name and where they sit
//!   in it (the [`stem`] functions: `ProfileAttributes`, `TagsItem`,
//!   `ScoresValue`, `ShapeVariant0`, `CreateProfileBody`, `GetPetResponse`).

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet};

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and weak ones that cannot be field names).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code itself uses unqualified: a schema may not take
/// them, so that `String` in generated code always means `std`'s `String`.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "DateTime",
    "DateTimeError",
    "FullDate",
    "UnknownEnumValue",
    "Tristate",
    "Number",
    "Extra",
    "Map",
    "Value",
    "DecodeError",
    "From",
    "Into",
    "Default",
    "Fn",
];

/// Feature names a generated crate defines itself.
pub const RESERVED_FEATURE_NAMES: &[&str] = &["default", "dynamic", "client", "schemars", "partial-eq"];

/// The field of a struct that holds the members its typed
/// `additionalProperties` allows (`additional_properties_2`, ... when a
/// property took the name).
pub const ADDITIONAL_PROPERTIES_FIELD: &str = "additional_properties";

/// Name stems of inline types: what an inline schema is called after the
/// type or operation that holds it, before [`type_name`] makes it an
/// identifier and a [`Scope`] settles collisions. Every stem rule is here.
pub mod stem {
    use super::type_name;

    /// A property's schema: `{parent}{Property}` (`ProfileAttributes`).
    pub fn property(parent: &str, property: &str) -> String {
        format!("{parent}{}", type_name(property))
    }

    /// An array's items: `{parent}Item`.
    pub fn item(parent: &str) -> String {
        format!("{parent}Item")
    }

    /// A tuple's position `index`: `{parent}Item{index}`.
    pub fn item_at(parent: &str, index: usize) -> String {
        format!("{parent}Item{index}")
    }

    /// The values of a map (`additionalProperties`, `patternProperties`): `{parent}Value`.
    pub fn value(parent: &str) -> String {
        format!("{parent}Value")
    }

    /// An untitled union branch at `index`: `{parent}Variant{index}`; a
    /// titled one is `{parent}{Title}`.
    pub fn variant(parent: &str, index: usize, title: Option<&str>) -> String {
        match title {
            Some(title) => format!("{parent}{title}"),
            None => format!("{parent}Variant{index}"),
        }
    }

    /// Two look-alike union branches merged into one variant: `{a}Or{b}`.
    pub fn either(a: &str, b: &str) -> String {
        format!("{a}Or{b}")
    }

    /// An operation's JSON request body: `{operationId}Body`.
    pub fn request_body(operation: &str) -> String {
        format!("{operation}Body")
    }

    /// A part of an operation's multipart body: `{operationId}Body{Part}`.
    pub fn body_part(operation: &str, part: &str) -> String {
        format!("{operation}Body{}", type_name(part))
    }

    /// An operation's 2xx response: `{operationId}Response` for the one the
    /// client decodes, `{operationId}Response{status}` for the others.
    pub fn response(operation: &str, other_status: Option<&str>) -> String {
        format!("{operation}Response{}", other_status.unwrap_or_default())
    }

    /// The listed values of a filter field: `{Field}Value`.
    pub fn filter_value(field: &str) -> String {
        format!("{}Value", type_name(field))
    }

    /// A filter method taking a list where one of the same operator takes a
    /// single value: `{field}_{operator}_any_of` (it reads "equals any of").
    pub fn filter_method(field: &str, operator: &str, list_beside_single: bool) -> String {
        let suffix = if list_beside_single { "_any_of" } else { "" };
        format!("{field}_{operator}{suffix}")
    }
}

/// The English article before a name in docs and messages: "an" before a
/// vowel letter (`an Error`, `an OpenAPI object`), else "a".
pub fn article(name: &str) -> &'static str {
    // Vowel letters that are said as a consonant: "a unique", "a user", "a European", "a one".
    const CONSONANT_SOUND: [&str; 7] = ["uni", "use", "usu", "uti", "ura", "eu", "one"];
    let lower = name.to_lowercase();
    match lower.starts_with(['a', 'e', 'i', 'o', 'u']) && !CONSONANT_SOUND.iter().any(|p| lower.starts_with(p)) {
        true => "an",
        false => "a",
    }
}

/// The cargo feature name for an OpenAPI tag: kebab-case (`Custom Objects` → `custom-objects`).
pub fn feature_name(tag: &str) -> String {
    let kebab: String = tag.to_kebab_case().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    match kebab.chars().next() {
        None => "area".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("area-{kebab}"),
        Some(_) => kebab,
    }
}

/// The words of a name: runs of characters Rust allows inside identifiers
/// (`XID_Continue`), `_` and everything else separating them.
fn words(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(|c: char| c == '_' || !unicode_ident::is_xid_continue(c)).filter(|w| !w.is_empty())
}

/// `heck` splits words at every non-alphanumeric character, which would cut
/// words of scripts written with combining marks (Devanagari's vowel signs
/// are `XID_Continue` but not alphanumeric): such a word is kept whole.
fn heck_safe(word: &str) -> bool {
    word.chars().all(char::is_alphanumeric)
}

/// Whether `word` is only ASCII letters and digits: the words
/// [`ascii_subwords`] splits.
fn is_ascii_word(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The sub-words of an ASCII alphanumeric word, split where `heck` splits
/// words for its case conversions: after a lower-case letter (and the digits
/// after it) that a capital follows (`userId2Name` → `user`, `Id2`, `Name`),
/// and before the last capital of a run that a lower-case letter follows
/// (`APIJob` → `API`, `Job`). Names are nearly all ASCII, and heck's
/// char-by-char formatting was a tenth of resolve; the test
/// `ascii_words_split_as_heck_splits_them` holds the two to the same result.
fn ascii_subwords<'w>(word: &'w str, mut each: impl FnMut(&'w str)) {
    /// The case of the last cased letter since the last split.
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        None,
        Lower,
        Upper,
    }
    let bytes = word.as_bytes();
    let (mut start, mut case) = (0, Case::None);
    for (i, pair) in bytes.windows(2).enumerate() {
        let (c, next) = (pair[0], pair[1]);
        let with_c = match c {
            b'a'..=b'z' => Case::Lower,
            b'A'..=b'Z' => Case::Upper,
            _ => case,
        };
        if with_c == Case::Lower && next.is_ascii_uppercase() {
            each(&word[start..=i]);
            (start, case) = (i + 1, Case::None);
        } else if case == Case::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
            each(&word[start..i]);
            (start, case) = (i, Case::None);
        } else {
            case = with_c;
        }
    }
    if !word.is_empty() {
        each(&word[start..]);
    }
}

/// UpperCamelCase of the words of `raw`, letters of every script kept.
fn upper_camel(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in words(raw) {
        if is_ascii_word(word) {
            ascii_subwords(word, |sub| {
                let mut chars = sub.chars();
                out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            });
        } else if heck_safe(word) {
            out.push_str(&word.to_upper_camel_case());
        } else {
            let mut chars = word.chars();
            out.extend(chars.next().into_iter().flat_map(char::to_uppercase));
            out.push_str(chars.as_str());
        }
    }
    out
}

/// snake_case of the words of `raw`, letters of every script kept, except
/// capitals without a lowercase form (`ℌ`), which would not be snake case.
fn snake(raw: &str) -> String {
    let words: Vec<String> = words(raw)
        .map(|word| match is_ascii_word(word) {
            true => {
                let mut subwords = Vec::new();
                ascii_subwords(word, |sub| subwords.push(sub.to_ascii_lowercase()));
                subwords.join("_")
            }
            false if heck_safe(word) => word.to_snake_case(),
            false => word.to_lowercase(),
        })
        .collect();
    let joined = words.join("_");
    let parts: Vec<&str> = joined.split(|c: char| c == '_' || c.is_uppercase()).filter(|p| !p.is_empty()).collect();
    parts.join("_")
}

/// Whether an identifier may start with `c` (`XID_Start`).
fn starts_identifier(c: char) -> bool {
    unicode_ident::is_xid_start(c)
}

/// The Rust type name for a schema name (before collision handling).
pub fn type_name(raw: &str) -> String {
    let camel = upper_camel(raw);
    match camel.chars().next() {
        None => "Type".to_owned(),
        Some(c) if !starts_identifier(c) => format!("T{camel}"),
        Some(_) => camel,
    }
}

/// The name of the one type several identical inline types share: the words
/// their names all start with, then the words they all end with
/// (`BannerStylesDesktopPosition` and `BannerStylesMobilePosition` share
/// `BannerStylesPosition`; `ButtonPropertiesDisplayDeviceItem` and
/// `AgeGatePropertiesDisplayDeviceItem` share `PropertiesDisplayDeviceItem`).
/// `None` when they share no word at the end (what the type is), or only
/// one word in all, which would name them too vaguely (`Status`).
pub fn shared_name(names: &[&str]) -> Option<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|name| camel_words(name)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let first = &split[0];
    let prefix = (0..shortest).take_while(|&i| split.iter().all(|words| words[i] == first[i])).count();
    let same_from_end = |i: usize| split.iter().all(|words| words[words.len() - 1 - i] == first[first.len() - 1 - i]);
    let suffix = (0..shortest - prefix).take_while(|&i| same_from_end(i)).count();
    if suffix == 0 || prefix + suffix < 2 {
        return None;
    }
    let words = first[..prefix].iter().chain(&first[first.len() - suffix..]);
    Some(words.copied().collect())
}

/// The words of an UpperCamelCase name: a new word at each capital after a
/// lowercase letter or digit, and at the last capital of a run followed by
/// a lowercase letter (`HTTPStatus` → `HTTP`, `Status`).
fn camel_words(name: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut words = Vec::new();
    let mut start = 0;
    for (k, &(at, c)) in chars.iter().enumerate().skip(1) {
        let previous = chars[k - 1].1;
        let next_lower = chars.get(k + 1).is_some_and(|(_, n)| n.is_lowercase());
        let boundary = c.is_uppercase()
            && (previous.is_lowercase() || previous.is_numeric() || (previous.is_uppercase() && next_lower));
        if boundary {
            words.push(&name[start..at]);
            start = at;
        }
    }
    words.push(&name[start..]);
    words
}

/// The variant name a union branch's `title` gives it (also the end of an
/// inline branch's type name); `None` when the title has no word to keep.
pub fn title_name(title: &str) -> Option<String> {
    match type_name(title) {
        _ if words(title).next().is_none() => None,
        name if name == "Self" => Some("SelfValue".to_owned()),
        name => Some(name),
    }
}

/// The Rust field name for a property name (before collision handling).
pub fn field_name(raw: &str) -> String {
    let snake = snake(raw);
    match snake.chars().next() {
        None => "field".to_owned(),
        Some(c) if !starts_identifier(c) => format!("_{snake}"),
        Some(_) if KEYWORDS.contains(&snake.as_str()) => format!("{snake}_"),
        Some(_) => snake,
    }
}

/// The plain variant name for an enum value.
fn variant_name(raw: &str) -> String {
    let camel = upper_camel(raw);
    match camel.chars().next() {
        None if raw.is_empty() => "Empty".to_owned(),
        // Spaces and underscores spell as nothing: spelling them out would
        // come back here with only spaces, forever (an enum value `" "`).
        None if raw.chars().all(|c| c == ' ' || c == '_') => "Blank".to_owned(),
        None => spelled_variant_name(raw),
        Some(c) if !starts_identifier(c) => format!("V{camel}"),
        Some(_) if camel == "Self" => "SelfValue".to_owned(),
        Some(_) => camel,
    }
}

/// A variant name that keeps the meaning of symbols, used when the plain
/// names of two values collide.
fn spelled_variant_name(raw: &str) -> String {
    variant_name(&spelled_words(raw))
}

/// `raw` with each symbol spelled as a word (`-1` → ` minus 1`, `a.b` →
/// `a dot b`), for names that would otherwise collide.
fn spelled_words(raw: &str) -> String {
    let mut words = String::new();
    for c in raw.chars() {
        let word = match c {
            '-' => "minus",
            '+' => "plus",
            '.' => "dot",
            '/' => "slash",
            '*' => "star",
            '$' => "dollar",
            '@' => "at",
            '#' => "hash",
            '%' => "percent",
            '&' => "and",
            ':' => "colon",
            '=' => "eq",
            '<' => "lt",
            '>' => "gt",
            ' ' | '_' => "",
            c if unicode_ident::is_xid_continue(c) => {
                words.push(c);
                continue;
            }
            c => {
                words.push_str(&format!(" u{:04x} ", c as u32));
                continue;
            }
        };
        words.push(' ');
        words.push_str(word);
        words.push(' ');
    }
    words
}

/// Field names for the properties of one object, in the same order, all
/// distinct: as [`field_name`], except that properties whose names collide
/// (`+1` and `-1` are both `_1`; `a.b` and `a_b`) have their symbols spelled
/// out (`plus_1`, `minus_1`, `a_dot_b`); what still collides gets `_2`, `_3`.
pub fn field_names(properties: &[&str]) -> Vec<String> {
    let spelled = spell_collisions(properties, field_name, &[]);
    let mut scope = Scope::default();
    spelled.into_iter().map(|name| scope.claim(&name, "_")).collect()
}

/// `name` of each raw name; where two give the same name (or one gives a
/// `reserved` name), `name` of the raw name with its symbols spelled out.
fn spell_collisions(raw: &[&str], name: fn(&str) -> String, reserved: &[&str]) -> Vec<String> {
    let plain: Vec<String> = raw.iter().map(|r| name(r)).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for plain_name in &plain {
        *count.entry(plain_name.as_str()).or_default() += 1;
    }
    raw.iter()
        .zip(&plain)
        .map(|(raw, plain_name)| match count[plain_name.as_str()] > 1 || reserved.contains(&plain_name.as_str()) {
            true => name(&spelled_words(raw)),
            false => plain_name.clone(),
        })
        .collect()
}

/// Variant names for the values of one enum, in the same order, all distinct
/// and distinct from `reserved` (e.g. the catch-all `Other`).
pub fn enum_variant_names(values: &[&str], reserved: &[&str]) -> Vec<String> {
    let spelled = spell_collisions(values, variant_name, reserved);
    let mut scope = Scope::with_reserved(reserved);
    spelled.into_iter().map(|name| scope.claim(&name, "")).collect()
}

/// A set of names in use, handing out distinct names deterministically.
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
    /// Per stem and separator, the lowest suffix not yet tried: names that
    /// collide by the thousand (`a`, `a-`, `a.` are all field `a`) would
    /// otherwise retry `a_2`, `a_3`, … from the start each time.
    next_suffix: HashMap<(String, String), usize>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| (*s).to_owned()).collect(), next_suffix: HashMap::new() }
    }

    /// Take `name`, or `name{sep}2`, `name{sep}3`, ... whichever is free first.
    /// A trailing separator is not doubled: `self_` becomes `self_2`.
    pub fn claim(&mut self, name: &str, separator: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let stem = if separator.is_empty() { name } else { name.trim_end_matches(separator) };
        let next = self.next_suffix.entry((stem.to_owned(), separator.to_owned())).or_insert(2);
        // Suffixes below `next` were all taken when last tried and names are
        // never released, so the search can start at `next`.
        let (n, candidate) = (*next..)
            .map(|n| (n, format!("{stem}{separator}{n}")))
            .find(|(_, candidate)| !self.taken.contains(candidate))
            .unwrap_or_default();
        *next = n + 1;
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The ASCII fast path of `upper_camel` and `snake` spells every
        /// word as heck does (words of letters and digits, dense in the
        /// capital/lower-case/digit changes where the rules differ).
        #[test]
        fn ascii_words_split_as_heck_splits_them(word in "[A-Za-z0-9]{0,12}", separated in "[A-Za-z0-9_ .-]{0,16}") {
            proptest::prop_assert_eq!(upper_camel(&word), word.to_upper_camel_case());
            proptest::prop_assert_eq!(snake(&word), word.to_snake_case());
            let heck_camel: String = words(&separated).map(|w| w.to_upper_camel_case()).collect();
            proptest::prop_assert_eq!(upper_camel(&separated), heck_camel);
        }
    }

    #[test]
    fn shared_names_keep_the_common_start_and_end() {
        let shared = |names: &[&str]| shared_name(names);
        assert_eq!(
            shared(&["BannerStylesDesktopPosition", "BannerStylesMobilePosition"]).as_deref(),
            Some("BannerStylesPosition")
        );
        assert_eq!(
            shared(&[
                "AgeGatePropertiesDisplayDeviceItem",
                "ButtonPropertiesDisplayDeviceItem",
                "TextPropertiesDisplayDeviceItem"
            ])
            .as_deref(),
            Some("PropertiesDisplayDeviceItem")
        );
        assert_eq!(
            shared(&["BulkJobCreateAttributesStatus", "BulkJobRemoveAttributesStatus"]).as_deref(),
            Some("BulkJobAttributesStatus")
        );
        assert_eq!(shared(&["HTTPStatusCode", "SMSStatusCode"]).as_deref(), Some("StatusCode"));
        assert_eq!(shared(&["CreateStatus", "RemoveStatus"]), None, "one word says too little");
        assert_eq!(shared(&["FooBar", "FooBar2"]), None);
        assert_eq!(camel_words("V2ApiHTTPStatus"), ["V2", "Api", "HTTP", "Status"]);
    }

    #[test]
    fn type_names_follow_heck_upper_camel_case() {
        assert_eq!(type_name("CatalogVariantBulkCreateJobEnum"), "CatalogVariantBulkCreateJobEnum");
        assert_eq!(type_name("coupon-codes"), "CouponCodes");
        assert_eq!(type_name("APIJobErrorPayload"), "ApiJobErrorPayload");
        assert_eq!(type_name("a.b$c"), "ABC");
        assert_eq!(type_name("3d-model"), "T3dModel");
        assert_eq!(type_name("---"), "Type");
    }

    #[test]
    fn field_names_are_valid_snake_case_identifiers() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("created_at"), "created_at");
        assert_eq!(field_name("coupon-codes"), "coupon_codes");
        assert_eq!(field_name("$custom"), "custom");
        assert_eq!(field_name("fields[profile]"), "fields_profile");
        assert_eq!(field_name("1st"), "_1st");
        assert_eq!(field_name("$"), "field");
        assert_eq!(field_name("firstName"), "first_name");
    }

    #[test]
    fn letters_of_every_script_are_kept_and_punctuation_separates_words() {
        assert_eq!(type_name("用户信息"), "用户信息");
        assert_eq!(type_name("统一响应«List«用户信息»»"), "统一响应List用户信息");
        assert_eq!(type_name("Ответ пользователя"), "ОтветПользователя");
        assert_eq!(type_name("café-crème"), "CaféCrème");
        assert_eq!(type_name("Page«Order»"), "PageOrder");
        assert_eq!(type_name("½"), "Type");
        assert_eq!(field_name("名字"), "名字");
        assert_eq!(field_name("Имя Пользователя"), "имя_пользователя");
        assert_eq!(field_name("prénom"), "prénom");
        assert_eq!(field_name("ℌello World"), "ello_world");
        // A Devanagari word keeps its combining vowel signs (heck would cut it there).
        assert_eq!(field_name("नमस्ते दुनिया"), "नमस्ते_दुनिया");
        assert_eq!(type_name("नमस्ते"), "नमस्ते");
        // Digits of any script do not start an identifier.
        assert_eq!(field_name("٣x"), "_٣x");
    }

    #[test]
    fn titles_name_union_branches() {
        assert_eq!(title_name("By Email").as_deref(), Some("ByEmail"));
        assert_eq!(title_name("按邮箱").as_deref(), Some("按邮箱"));
        assert_eq!(title_name("self").as_deref(), Some("SelfValue"));
        assert_eq!(title_name("3-D").as_deref(), Some("T3D"));
        assert_eq!(title_name(" -- "), None);
    }

    #[test]
    fn properties_that_collide_are_spelled_out() {
        assert_eq!(field_names(&["+1", "-1", "id"]), ["plus_1", "minus_1", "id"]);
        assert_eq!(field_names(&["a.b", "a_b"]), ["a_dot_b", "a_b"]);
        // Nothing collides: the plain names, symbols dropped as before.
        assert_eq!(field_names(&["+1", "total-count"]), ["_1", "total_count"]);
        // Spelled names that still collide are numbered.
        assert_eq!(field_names(&["x", "x", "type"]), ["x", "x_2", "type_"]);
    }

    #[test]
    fn enum_values_that_collide_are_spelled_out() {
        assert_eq!(enum_variant_names(&["created", "-created"], &["Other"]), vec!["Created", "MinusCreated"]);
        assert_eq!(
            enum_variant_names(&["Etc/GMT+1", "Etc/GMT-1"], &["Other"]),
            vec!["EtcSlashGmtPlus1", "EtcSlashGmtMinus1"]
        );
        assert_eq!(enum_variant_names(&["", "1", "a"], &["Other"]), vec!["Empty", "V1", "A"]);
        assert_eq!(enum_variant_names(&["other", "OTHER"], &["Other"]), vec!["Other2", "Other3"]);
        assert_eq!(enum_variant_names(&["a-b", "a_b", "aB"], &[]), vec!["AMinusB", "AB", "AB2"]);
        assert_eq!(enum_variant_names(&["Self", "self"], &["Other"]), vec!["SelfValue", "SelfValue2"]);
        assert_eq!(enum_variant_names(&["é", "ü"], &["Other"]), vec!["É", "Ü"]);
        assert_eq!(enum_variant_names(&["«", "»"], &["Other"]), vec!["U00ab", "U00bb"]);
    }

    #[test]
    fn feature_names_are_kebab_case() {
        assert_eq!(feature_name("Custom Objects"), "custom-objects");
        assert_eq!(feature_name("Catalogs"), "catalogs");
        assert_eq!(feature_name("3D"), "area-3d");
        assert_eq!(feature_name("!!"), "area");
    }

    #[test]
    fn scope_claims_distinct_names_in_order() {
        let mut scope = Scope::with_reserved(&["String"]);
        assert_eq!(scope.claim("String", ""), "String2");
        assert_eq!(scope.claim("Foo", ""), "Foo");
        assert_eq!(scope.claim("Foo", ""), "Foo2");
        assert_eq!(scope.claim("foo", "_"), "foo");
        assert_eq!(scope.claim("foo", "_"), "foo_2");
        assert_eq!(scope.claim("self_", "_"), "self_");
        assert_eq!(scope.claim("self_", "_"), "self_2");
    }
}
