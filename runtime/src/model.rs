//! Shared helpers of the models: the three-state [`Field`], redaction of secrets, the primitive
//! Graph types, flags, and the serde machinery that keeps unknown JSON properties.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess,
    Visitor,
};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::validation::{Check, Property, Validator, ViolationCode};

/// JSON properties a model does not know, such as OData annotations (`@odata.etag`) and
/// properties the service added after this crate was generated.
///
/// They are kept as compact JSON text, in the order they came, so that writing a parsed
/// value back loses nothing; they are never sent in an update. Read by `serde_json`, a
/// value keeps the text it was written with (numbers keep every digit), less the
/// whitespace between tokens; read from another format, it is written as JSON. Reading
/// one parses it. Two values are equal when they hold the same properties, written
/// alike, in the same order.
///
/// Every model of a generated crate has them in its `additional_properties` field; this is how
/// they behave:
///
/// ```
/// use codegen_runtime::AdditionalProperties;
/// use serde_json::json;
///
/// let mut unknown = AdditionalProperties::default();
/// unknown.insert("@odata.etag", "W/\"7\"")?;
/// unknown.insert("addedLater", &json!({"a": [1, true]}))?;
/// assert_eq!(unknown.get("@odata.etag"), Some(json!("W/\"7\"")));
/// assert_eq!(unknown.get_raw("addedLater").map(|raw| raw.get()), Some(r#"{"a":[1,true]}"#));
/// assert_eq!(unknown.len(), 2);
/// assert!(unknown.remove("addedLater"));
/// assert_eq!(unknown.len(), 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct AdditionalProperties {
    /// A JSON object, `{"name":value,...}`, or nothing when there are no properties.
    /// Only this type writes it, so reading it back cannot fail.
    json: Vec<u8>,
}

impl AdditionalProperties {
    /// The number of properties.
    pub fn len(&self) -> usize {
        let mut count = 0;
        self.for_each(|_, _| count += 1);
        count
    }

    /// Whether there are no properties.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    /// Whether there is a property called `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get_raw(name).is_some()
    }

    /// The value of `name`; for a name given twice, the last, as JSON parsers read it.
    pub fn get(&self, name: &str) -> Option<serde_json::Value> {
        self.get_raw(name)
            .and_then(|json| serde_json::from_str(json.get()).ok())
    }

    /// The value of `name` as compact JSON text, to be read into any type with
    /// `serde_json::from_str(raw.get())`.
    pub fn get_raw(&self, name: &str) -> Option<&RawValue> {
        let mut found = None;
        self.for_each(|key, json| {
            if key == name {
                found = Some(json);
            }
        });
        found
    }

    /// The properties in the order they came, each value as compact JSON text.
    pub fn iter(&self) -> std::vec::IntoIter<(Cow<'_, str>, &RawValue)> {
        let mut entries = Vec::new();
        self.for_each(|key, json| entries.push((key, json)));
        entries.into_iter()
    }

    /// Calls `entry` with each property in turn.
    fn for_each<'a>(&'a self, mut entry: impl FnMut(Cow<'a, str>, &'a RawValue)) {
        self.visit_entries(&mut |key, json| {
            entry(key, json);
            true
        });
    }

    /// Calls `entry` with each property in turn, until it fails. The properties are
    /// read from the buffer as they are needed, not collected first.
    fn try_for_each<'a, E>(
        &'a self,
        mut entry: impl FnMut(Cow<'a, str>, &'a RawValue) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.json.is_empty() {
            return Ok(());
        }
        let mut failure = None;
        self.visit_entries(&mut |key, json| match entry(key, json) {
            Ok(()) => true,
            Err(error) => {
                failure = Some(error);
                false
            }
        });
        failure.map_or(Ok(()), Err)
    }

    /// Calls `entry` with each property in turn while it answers `true`. Not generic, so
    /// that one copy of the JSON reader serves every caller (one per model and writer made
    /// 5 % of a generated crate's machine code).
    fn visit_entries<'a>(&'a self, entry: &mut dyn FnMut(Cow<'a, str>, &'a RawValue) -> bool) {
        if !self.json.is_empty() {
            let entries = EntriesVisitor { entry };
            let _ = serde_json::Deserializer::from_slice(&self.json).deserialize_map(entries);
        }
    }

    /// Adds `name` with `value`, replacing a property of that name.
    pub fn insert<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.remove(name);
        let mark = self.open(name)?;
        serde_json::to_writer(&mut self.json, value).inspect_err(|_| self.restore(mark))?;
        self.json.push(b'}');
        Ok(())
    }

    /// Removes every property called `name`; `true` if there was one.
    pub fn remove(&mut self, name: &str) -> bool {
        if !self.contains_key(name) {
            return false;
        }
        let mut kept = AdditionalProperties::default();
        for (key, json) in self.iter().filter(|(key, _)| key != name) {
            if kept.open(&key).is_ok() {
                kept.json.extend_from_slice(json.get().as_bytes());
                kept.json.push(b'}');
            }
        }
        *self = kept;
        true
    }

    /// Removes every property.
    pub fn clear(&mut self) {
        self.json.clear();
    }

    /// Starts the property `name`, its value to follow, and returns where the buffer
    /// ended before. The first property makes room for a few, so that the annotations of
    /// a typical response fit without reallocating.
    #[inline]
    fn open(&mut self, name: &str) -> Result<usize, serde_json::Error> {
        let mark = self.json.len();
        if self.json.is_empty() {
            self.json.reserve(512);
            self.json.push(b'{');
        } else {
            self.json.pop();
            self.json.push(b',');
        }
        write_json_str(&mut self.json, name).inspect_err(|_| self.restore(mark))?;
        self.json.push(b':');
        Ok(mark)
    }

    /// Undoes a property whose value could not be written.
    #[inline]
    fn restore(&mut self, mark: usize) {
        if mark == 0 {
            self.json.clear();
        } else {
            self.json.truncate(mark - 1);
            self.json.push(b'}');
        }
    }

    /// The properties as the members of a JSON object, without its braces.
    #[inline]
    fn members(&self) -> &[u8] {
        self.json
            .get(1..self.json.len().saturating_sub(1))
            .unwrap_or_default()
    }

    /// Reads the value of the unknown property `name` from a deserializer.
    #[doc(hidden)]
    #[inline]
    pub fn capture<'a>(&'a mut self, name: &'a str) -> Capture<'a> {
        Capture {
            properties: self,
            name,
        }
    }
}

impl fmt::Debug for AdditionalProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, json) in self.iter() {
            map.key(&name).value(&format_args!("{json}"));
        }
        map.finish()
    }
}

/// Hands the properties of an `AdditionalProperties` buffer, borrowed from it, to
/// `entry`, until it answers `false`.
struct EntriesVisitor<'e, 'de> {
    entry: &'e mut dyn FnMut(Cow<'de, str>, &'de RawValue) -> bool,
}

impl<'de> Visitor<'de> for EntriesVisitor<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key()? {
            if !(self.entry)(key, map.next_value()?) {
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// Reads one unknown property's value into the buffer.
#[doc(hidden)]
pub struct Capture<'a> {
    properties: &'a mut AdditionalProperties,
    name: &'a str,
}

impl<'de> DeserializeSeed<'de> for Capture<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let Capture { properties, name } = self;
        let mark = properties.open(name).map_err(de::Error::custom)?;
        let written = deserializer.deserialize_newtype_struct(
            SERDE_JSON_RAW_VALUE,
            JsonWriter {
                out: &mut properties.json,
                separator: false,
            },
        );
        match written {
            Ok(()) => properties.json.push(b'}'),
            Err(_) => properties.restore(mark),
        }
        written
    }
}

/// Writes `text` as a JSON string. Most text needs no escaping: finding that out eight
/// bytes at a time and copying the text whole costs fewer instructions than
/// `serde_json`'s writer, which looks at each byte in turn; text that needs escaping
/// goes to it.
#[inline]
fn write_json_str(out: &mut Vec<u8>, text: &str) -> Result<(), serde_json::Error> {
    if needs_escaping(text.as_bytes()) {
        return serde_json::to_writer(out, text);
    }

    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
    Ok(())
}

/// Whether any byte is one JSON escapes: a control character, `"` or `\`.
#[inline]
fn needs_escaping(bytes: &[u8]) -> bool {
    any_word(bytes, |word| {
        has_byte_below(word, 0x20) | has_byte(word, b'"') | has_byte(word, b'\\')
    })
}

/// Whether `test` holds for a word of `bytes`, taken eight at a time; the last word
/// overlaps the one before it, and text shorter than a word is padded with `a`, which
/// no test looks for.
fn any_word(bytes: &[u8], test: impl Fn(u64) -> bool) -> bool {
    match bytes.last_chunk::<8>() {
        Some(last) => bytes
            .chunks_exact(8)
            .filter_map(|word| <&[u8; 8]>::try_from(word).ok())
            .fold(test(u64::from_ne_bytes(*last)), |found, word| {
                found | test(u64::from_ne_bytes(*word))
            }),
        None => {
            let mut word = [b'a'; 8];
            word.iter_mut()
                .zip(bytes)
                .for_each(|(padded, &byte)| *padded = byte);
            test(u64::from_ne_bytes(word))
        }
    }
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);

/// Whether a byte of `word` is less than `n` (at most `0x80`), by the word-at-a-time
/// test, which is exact: a borrow only starts at a byte that matches.
const fn has_byte_below(word: u64, n: u8) -> bool {
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    word.wrapping_sub(ONES * n as u64) & !word & HIGHS != 0
}

/// Whether a byte of `word` is `byte`.
const fn has_byte(word: u64, byte: u8) -> bool {
    has_byte_below(word ^ (ONES * byte as u64), 1)
}

/// The name under which `serde_json` hands a value over as the JSON text it read,
/// instead of visiting it, as it does for its own `RawValue`. A marker, not an API:
/// were it to change, values would be visited and written again, only slower. Only
/// `serde_json` answers with a map keyed by it, so the text is taken to be valid JSON.
const SERDE_JSON_RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Copies the JSON text `serde_json` read without the whitespace between tokens.
/// Reading it cost little more than skipping it, and the text is kept as it came:
/// numbers keep every digit, strings their escapes.
struct CompactJson<'a>(&'a mut Vec<u8>);
impl<'de> DeserializeSeed<'de> for CompactJson<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CompactJson<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON text")
    }

    fn visit_str<E: de::Error>(self, json: &str) -> Result<(), E> {
        let json = json.as_bytes();
        let nested = matches!(json.first(), Some(b'[' | b'{'));
        if !nested || !any_word(json, |word| has_byte_below(word, b'!')) {
            self.0.extend_from_slice(json);
            return Ok(());
        }
        self.0.reserve(json.len());
        let (mut in_string, mut escaped) = (false, false);
        for &byte in json {
            if in_string {
                in_string = escaped || byte != b'"';
                escaped = !escaped && byte == b'\\';
            } else if byte < b'!' {
                continue;
            } else {
                in_string = byte == b'"';
            }
            self.0.push(byte);
        }
        Ok(())
    }
}

/// Writes the value a deserializer holds, whatever its format, as compact JSON.
///
/// Not `serde_transcode`: it turns a deserializer's errors into messages, and
/// `serde_json`'s errors would lose their kind and repeat their position.
struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    /// Whether a comma goes first: an array element after the first.
    separator: bool,
}

impl JsonWriter<'_> {
    fn write<T: Serialize + ?Sized, E: de::Error>(self, value: &T) -> Result<(), E> {
        serde_json::to_writer(self.out, value).map_err(E::custom)
    }
}

impl<'de> DeserializeSeed<'de> for JsonWriter<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.separator {
            self.out.push(b',');
        }
        deserializer.deserialize_any(JsonWriter {
            separator: false,
            ..self
        })
    }
}

impl<'de> Visitor<'de> for JsonWriter<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        write_json_str(self.out, value).map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.write(&())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.write(&())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.out.push(b'[');
        let mut separator = false;
        while seq
            .next_element_seed(JsonWriter {
                out: &mut *self.out,
                separator,
            })?
            .is_some()
        {
            separator = true;
        }
        self.out.push(b']');
        Ok(())
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    /// Also where `serde_json` answers `Capture`: with a map of one entry, the marker
    /// and the JSON text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some(Key(mut key)) = map.next_key()? else {
            self.out.extend_from_slice(b"{}");
            return Ok(());
        };
        if key == SERDE_JSON_RAW_VALUE {
            return map.next_value_seed(CompactJson(self.out));
        }
        self.out.push(b'{');
        loop {
            write_json_str(self.out, &key).map_err(de::Error::custom)?;
            self.out.push(b':');
            map.next_value_seed(JsonWriter {
                out: &mut *self.out,
                separator: false,
            })?;
            let Some(Key(next)) = map.next_key()? else {
                break;
            };
            self.out.push(b',');
            key = next;
        }
        self.out.push(b'}');
        Ok(())
    }
}

/// A property of a JSON object: left out, explicitly `null`, or a value.
///
/// Graph tells the three apart: in a response, a property left out was not selected; in
/// an update, a property left out keeps its value while `null` clears it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Field<T> {
    /// Not present in the JSON object.
    #[default]
    Absent,
    /// Present, with the value `null`.
    Null,
    /// Present, with a value.
    Value(T),
}

impl<T> Field<T> {
    /// Whether the property is left out.
    pub const fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// Whether the property is explicitly `null`.
    pub const fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// The value, if there is one.
    pub const fn value(&self) -> Option<&T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(value) => Some(value),
            _ => None,
        }
    }

    /// A `Field` that borrows the value.
    pub const fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(value) => Field::Value(value),
        }
    }

    /// Maps the value, keeping `Absent` and `Null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(value) => Field::Value(f(value)),
        }
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(value) => value.serialize(serializer),
            Field::Absent | Field::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Field::Null, Field::Value))
    }
}

/// A secret, such as a password: `Debug` shows `<redacted>`, and an error about its JSON
/// value never quotes it. Serialized as the plain value, except inside [`redacted`].
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Sensitive<T>(T);
impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub const fn new(secret: T) -> Self {
        Sensitive(secret)
    }

    /// The secret itself; take care where it goes.
    pub const fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret; take care where it goes.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(secret: T) -> Self {
        Sensitive(secret)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T: Serialize> Serialize for Sensitive<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if REDACTING.get() {
            serializer.serialize_str(REDACTED)
        } else {
            self.0.serialize(serializer)
        }
    }
}

/// What [`redacted`] writes in place of a secret.
pub const REDACTED: &str = "<redacted>";

thread_local! {
    static REDACTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `write` with every [`Sensitive`] value serialized as `"<redacted>"`, on this thread:
/// for showing what a request would send (a dry run, a log) without its secrets.
///
/// ```
/// use codegen_runtime::{Sensitive, redacted};
///
/// let secret = Sensitive::new("hunter2");
/// assert_eq!(redacted(|| serde_json::to_string(&secret))?, r#""<redacted>""#);
/// assert_eq!(serde_json::to_string(&secret)?, r#""hunter2""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn redacted<R>(write: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            REDACTING.set(self.0);
        }
    }
    let _restore = Restore(REDACTING.replace(true));
    write()
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer)
            .map(Sensitive)
            .map_err(|_| de::Error::custom("invalid value for a sensitive property (not shown)"))
    }
}

/// A primitive kept as the text the service wrote (its form is checked when it is sent): a
/// newtype over `String`, read and written as a JSON string.
macro_rules! lexical {
    ($(#[doc = $doc:literal])* $name:ident) => {
        $(#[doc = $doc])*
        ///
        /// Kept exactly as the service wrote it; its form is checked when it is sent.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value without checking it.
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The value as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name)
            }
        }
    };
}

lexical! {
    /// A calendar date, `YYYY-MM-DD` (Graph's `Edm.Date`).
    Date
}

lexical! {
    /// A point in time, RFC 3339 (Graph's `Edm.DateTimeOffset`).
    DateTimeOffset
}

lexical! {
    /// A GUID, such as `5b5b8a58-5e2d-4b7c-9f0e-0c8a2b1e6f3d` (Graph's `Edm.Guid`).
    Guid
}

/// A set of enum members written as one string, such as
/// `"DisablePasswordExpiration, DisableStrongPassword"`. Members this crate does not know
/// are kept, in their enum's `Unrecognized` variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Flags<E>(Vec<E>);
impl<E> Default for Flags<E> {
    fn default() -> Self {
        Flags(Vec::new())
    }
}

impl<E: PartialEq> Flags<E> {
    /// No members.
    pub const fn new() -> Self {
        Flags(Vec::new())
    }

    /// Adds a member, unless it is already there.
    pub fn insert(&mut self, member: E) {
        if !self.0.contains(&member) {
            self.0.push(member);
        }
    }

    /// Whether `member` is in the set.
    pub fn contains(&self, member: &E) -> bool {
        self.0.contains(member)
    }

    /// The members, in the order they were read or inserted.
    pub fn members(&self) -> &[E] {
        &self.0
    }

    /// Whether the set is empty.
    /// Whether there are no properties.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<E> IntoIterator for Flags<E> {
    type Item = E;
    type IntoIter = std::vec::IntoIter<E>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<E: PartialEq> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(members: I) -> Self {
        let mut flags = Flags::new();
        for member in members {
            flags.insert(member);
        }
        flags
    }
}

impl<E: fmt::Display> fmt::Display for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, member) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            member.fmt(f)?;
        }
        Ok(())
    }
}

impl<E: fmt::Display> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, E: PartialEq + for<'a> From<&'a str>> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Ok(text
            .split(',')
            .map(str::trim)
            .filter(|member| !member.is_empty())
            .map(E::from)
            .collect())
    }
}

/// What a generated struct tells the shared serde code about itself.
#[doc(hidden)]
pub trait Model: Default + Serialize + Check {
    /// The spec's name of the type, for error messages.
    const NAME: &'static str;

    /// Reads the value of `key` into its field; `false` for a key the type doesn't know.
    fn read_property<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Hands every property, in the spec's order, to a writer or the validator.
    fn visit_properties<P: Properties>(&self, properties: &mut P);
    fn additional_properties(&self) -> &AdditionalProperties;
    fn additional_properties_mut(&mut self) -> &mut AdditionalProperties;
}

/// A boxed model (a property that makes a cycle of types) is read and written as the model
/// it holds, by the model's own code.
impl<T: Model> Model for Box<T> {
    const NAME: &'static str = T::NAME;

    #[inline]
    fn read_property<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        (**self).read_property(key, map)
    }

    #[inline]
    fn visit_properties<P: Properties>(&self, properties: &mut P) {
        (**self).visit_properties(properties);
    }

    #[inline]
    fn additional_properties(&self) -> &AdditionalProperties {
        (**self).additional_properties()
    }

    #[inline]
    fn additional_properties_mut(&mut self) -> &mut AdditionalProperties {
        (**self).additional_properties_mut()
    }
}

/// A value about to be sent whole in an update: read-only properties and, unless the type
/// is open, unknown properties are dropped, since they must never be sent.
#[doc(hidden)]
pub trait Writable {
    fn prepare_update(&mut self);
}

impl<T: Writable> Writable for Box<T> {
    fn prepare_update(&mut self) {
        (**self).prepare_update();
    }
}

impl<T: Writable> Writable for Vec<T> {
    fn prepare_update(&mut self) {
        self.iter_mut().for_each(Writable::prepare_update);
    }
}

impl<T: Writable> Writable for Field<T> {
    fn prepare_update(&mut self) {
        if let Field::Value(value) = self {
            value.prepare_update();
        }
    }
}

/// How an update holds a value taken from a model: a clone, or a string borrowed
/// from the model (the update's `Cow<'a, str>`).
#[doc(hidden)]
pub trait FromModel<'a, M> {
    fn from_model(value: &'a M) -> Self;
    fn to_model(&self) -> M;
}

impl<'a, T: Clone> FromModel<'a, T> for T {
    fn from_model(value: &'a T) -> T {
        value.clone()
    }

    fn to_model(&self) -> T {
        self.clone()
    }
}

impl<'a> FromModel<'a, String> for Cow<'a, str> {
    fn from_model(value: &'a String) -> Self {
        Cow::Borrowed(value)
    }

    fn to_model(&self) -> String {
        String::from(&**self)
    }
}

/// How a property changed between two snapshots: `None` if it didn't, otherwise the
/// value to send (`Null` when a value was removed, whether to `null` or left out).
fn change<'a, M: PartialEq, S: FromModel<'a, M>>(
    before: &Field<M>,
    after: &'a Field<M>,
) -> Option<Field<S>> {
    match after {
        Field::Value(value) if before.value() == Some(value) => None,
        Field::Value(value) => Some(Field::Value(S::from_model(value))),
        Field::Absent | Field::Null if before.value().is_some() => Some(Field::Null),
        Field::Absent | Field::Null => None,
    }
}

/// Sets in `slot` the change of one property between two snapshots, if it changed.
#[doc(hidden)]
pub fn diff<'a, M: PartialEq, S: FromModel<'a, M>>(
    slot: &mut Field<S>,
    before: &Field<M>,
    after: &'a Field<M>,
) {
    if let Some(change) = change(before, after) {
        *slot = change;
    }
}

/// [`diff`] for a property an update can't send `null` for: its removal is reported
/// at `name` instead, and `slot` is never `Null`.
#[doc(hidden)]
pub fn diff_non_null<'a, M: PartialEq, S: FromModel<'a, M>>(
    slot: &mut Field<S>,
    before: &Field<M>,
    after: &'a Field<M>,
    v: &mut Validator,
    name: &'static str,
) {
    match change(before, after) {
        Some(Field::Value(value)) => *slot = Field::Value(value),
        Some(_) => v.report_at(
            name,
            ViolationCode::CannotClear,
            "was removed, but can't be cleared",
        ),
        None => {}
    }
}

/// Applies one property of an update: a set value or `null` replaces, absent leaves as is.
#[doc(hidden)]
pub fn apply<'a, M, S: FromModel<'a, M>>(change: &Field<S>, target: &mut Field<M>) {
    match change {
        Field::Absent => {}
        Field::Null => *target = Field::Null,
        Field::Value(value) => *target = Field::Value(value.to_model()),
    }
}

/// A copy ready to be compared or sent: read-only and unknown nested properties dropped.
#[doc(hidden)]
pub fn prepared<T: Writable + Clone>(field: &Field<T>) -> Field<T> {
    let mut copy = field.clone();
    copy.prepare_update();
    copy
}

/// What a model or an update hands its properties to: the entries of a serde map (any
/// format), JSON text straight into a buffer, the validator, or `Debug`. Each comes with what the
/// spec says about it (its name, its JSON key, its rules); a writer skips absent ones.
/// A writer keeps its first error for its caller, so that visiting a property is a
/// plain call, not a `?` (which is code to compile at every property).
#[doc(hidden)]
pub trait Properties {
    fn value<T: Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self;

    /// A string property.
    #[inline]
    fn text<T: AsRef<str> + Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        self.value(property, field)
    }

    /// A property holding a model.
    #[inline]
    fn model<T: Model>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        self.value(property, field)
    }

    /// A property holding a list of models.
    #[inline]
    fn models<T: Model>(&mut self, property: &Property, field: &Field<Vec<T>>) -> &mut Self {
        self.value(property, field)
    }

    /// All the models an update replaces.
    #[inline]
    fn items<T: Model>(&mut self, property: &Property, items: &[T]) -> &mut Self {
        self.value(property, &Field::Value(items))
    }
}

/// How a property's value is handed to a [`Properties`] sink: strings (and enum members, whose
/// generated impls say so) as text, models to the model writer, lists of models to the list
/// writer, anything else as a plain value. The choice rides on the field's type, so that a
/// visit is one call with a tuple of fields rather than a method call per property (rustc
/// checked the tuple in under a third of the time of the chained calls).
#[doc(hidden)]
pub trait PropertyValue: Check + Sized {
    /// Hands `field` to `properties`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit<P: Properties>(field: &Field<Self>, property: &Property, properties: &mut P) {
        properties.value(property, field);
    }

    /// Hands `field`, a list of this type, to `properties`.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit_list<P: Properties>(
        field: &Field<Vec<Self>>,
        property: &Property,
        properties: &mut P,
    ) {
        properties.value(property, field);
    }

    /// Reads the map's next value into `field`.
    #[inline(always)]
    fn read<'de, A: MapAccess<'de>>(field: &mut Field<Self>, map: &mut A) -> Result<(), A::Error>
    where
        Self: Deserialize<'de>,
    {
        *field = map.next_value()?;
        Ok(())
    }
}

impl PropertyValue for bool {}
impl PropertyValue for i64 {}
impl PropertyValue for Date {}
impl PropertyValue for DateTimeOffset {}
impl PropertyValue for Guid {}
impl<T: Check> PropertyValue for Sensitive<T> {}
impl<E: Check + PartialEq + fmt::Display> PropertyValue for Flags<E> {}

impl PropertyValue for String {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit<P: Properties>(field: &Field<Self>, property: &Property, properties: &mut P) {
        properties.text(property, field);
    }
}

impl PropertyValue for Cow<'_, str> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit<P: Properties>(field: &Field<Self>, property: &Property, properties: &mut P) {
        properties.text(property, field);
    }
}

impl<T: PropertyValue> PropertyValue for Vec<T> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit<P: Properties>(field: &Field<Self>, property: &Property, properties: &mut P) {
        T::visit_list(field, property, properties);
    }
}

/// Models, boxed or not.
impl<T: Model> PropertyValue for T {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit<P: Properties>(field: &Field<Self>, property: &Property, properties: &mut P) {
        properties.model(property, field);
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit_list<P: Properties>(
        field: &Field<Vec<Self>>,
        property: &Property,
        properties: &mut P,
    ) {
        properties.models(property, field);
    }

    /// Reads the model where it will stay rather than into a value moved into the field
    /// (which copied each nested model three times: 2.4 % of a response's parse).
    #[inline(always)]
    fn read<'de, A: MapAccess<'de>>(field: &mut Field<Self>, map: &mut A) -> Result<(), A::Error>
    where
        Self: Deserialize<'de>,
    {
        map.next_value_seed(ModelInPlace(field))
    }
}

/// Reads a model, or `null`, into a field in place.
struct ModelInPlace<'a, T>(&'a mut Field<T>);

impl<'de, T: Model> DeserializeSeed<'de> for ModelInPlace<'_, T> {
    type Value = ();

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Model> Visitor<'de> for ModelInPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({}) or null", T::NAME)
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.0 = Field::Null;
        Ok(())
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // A key given twice means its last value, read whole: start from the default.
        *self.0 = Field::Value(T::default());
        match self.0 {
            Field::Value(model) => deserializer.deserialize_map(ModelVisitor(model)),
            // Not reached: the field was just set to a value.
            _ => Ok(()),
        }
    }
}

/// The fields a visit hands on, with the entries of its table in the same order: a field
/// (`&Field<T>`), or a tuple of up to 16 of them or of such tuples.
#[doc(hidden)]
pub trait Fields {
    /// How many fields, and so entries of the table, this takes.
    const COUNT: usize;

    fn visit<P: Properties>(self, table: &[Property], properties: &mut P);
}

impl<T: PropertyValue> Fields for &Field<T> {
    const COUNT: usize = 1;

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn visit<P: Properties>(self, table: &[Property], properties: &mut P) {
        T::visit(self, &table[0], properties);
    }
}

macro_rules! fields_tuple {
    ($($field:ident $index:tt),+) => {
        impl<$($field: Fields),+> Fields for ($($field,)+) {
            const COUNT: usize = 0 $(+ $field::COUNT)+;

            #[cfg_attr(not(debug_assertions), inline(always))]
            fn visit<P: Properties>(self, table: &[Property], properties: &mut P) {
                let mut rest = table;
                $(
                    self.$index.visit(rest, properties);
                    rest = &rest[$field::COUNT..];
                )+
                let _ = rest;
            }
        }
    };
}

fields_tuple!(A 0);
fields_tuple!(A 0, B 1);
fields_tuple!(A 0, B 1, C 2);
fields_tuple!(A 0, B 1, C 2, D 3);
fields_tuple!(A 0, B 1, C 2, D 3, E 4);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
fields_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, Q 15);

/// Hands `fields` to `properties`, each with its entry of `table`, in order.
#[cfg_attr(not(debug_assertions), inline(always))]
#[doc(hidden)]
pub fn visit<F: Fields, P: Properties>(table: &[Property], fields: F, properties: &mut P) {
    debug_assert_eq!(F::COUNT, table.len(), "a table entry for every field");
    fields.visit(table, properties);
}

/// Whether nothing is set, for an update's `is_empty`: `visit` hands the update's
/// properties to the sink it is given.
#[doc(hidden)]
pub fn nothing_set(visit: impl FnOnce(&mut AnySet)) -> bool {
    let mut set = AnySet(false);
    visit(&mut set);
    !set.0
}

/// Notes whether any property it is handed is set.
#[doc(hidden)]
pub struct AnySet(bool);
impl Properties for AnySet {
    #[inline]
    fn value<T: Check>(&mut self, _: &Property, field: &Field<T>) -> &mut Self {
        self.0 |= !field.is_absent();
        self
    }
}

/// Writes a model as `#[derive(Debug)]` would: `name { field: value, .., additional_properties:
/// .. }`, with the Rust names of its fields in visiting order. Generated models implement
/// `Debug` with it rather than derive it, which saves rustc a body of 30 calls per model.
#[doc(hidden)]
pub fn debug_model<T: Model>(
    model: &T,
    name: &str,
    fields: &[&str],
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let mut entries = DebugFields {
        out: f.debug_struct(name),
        names: fields.iter(),
    };
    model.visit_properties(&mut entries);
    entries
        .out
        .field("additional_properties", model.additional_properties())
        .finish()
}

/// Properties as the fields of a `Debug` struct, named in turn from `names`.
struct DebugFields<'a, 'b, 'n> {
    out: fmt::DebugStruct<'a, 'b>,
    names: std::slice::Iter<'n, &'n str>,
}

impl Properties for DebugFields<'_, '_, '_> {
    fn value<T: Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        let name = self.names.next().copied().unwrap_or(property.name);
        self.out.field(name, field);
        self
    }
}

/// Properties as the entries of a serde map.
struct MapEntries<'a, M: SerializeMap> {
    map: &'a mut M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Properties for MapEntries<'_, M> {
    #[inline]
    fn value<T: Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        if !field.is_absent() && self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(property.name, field) {
                self.error = Some(error);
            }
        }
        self
    }
}

/// Writes a model as a map: its properties, then the unknown ones, each read from its
/// JSON text straight into the serializer (a `RawValue` is JSON text only to
/// `serde_json`'s serializers; a `Value` would allocate every string).
#[doc(hidden)]
pub fn serialize_model<S: Serializer, T: Model>(
    model: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut entries = MapEntries {
        map: &mut map,
        error: None,
    };
    model.visit_properties(&mut entries);
    if let Some(error) = entries.error {
        return Err(error);
    }

    model.additional_properties().try_for_each(|name, json| {
        let mut value = serde_json::Deserializer::from_str(json.get());
        map.serialize_entry(&name, &::serde_transcode::Transcoder::new(&mut value))
    })?;
    map.end()
}

/// Writes a JSON object straight into a buffer, faster than a serde map can: keys come
/// already written, strings that need no escaping are copied, models nest without
/// going through `Serialize`, and only other values go through `serde_json`.
#[doc(hidden)]
pub struct JsonObject<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
    error: Option<serde_json::Error>,
}

impl<'a> JsonObject<'a> {
    #[inline]
    fn open(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        JsonObject {
            out,
            empty: true,
            error: None,
        }
    }

    /// Writes the closing brace, or gives the first error.
    #[inline]
    fn close(self) -> serde_json::Result<()> {
        match self.error {
            Some(error) => Err(error),
            None => {
                self.out.push(b'}');
                Ok(())
            }
        }
    }

    /// Writes the comma that separates members, unless this is the first.
    #[inline]
    fn separate(&mut self) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
    }

    /// Writes a property unless it is absent. The test is inlined in optimized builds (as
    /// are the `Properties` methods below), so that an update's absent properties cost a
    /// comparison each; debug builds leave it to the compiler, which keeps them quick to
    /// compile.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn entry<V>(
        &mut self,
        key: &str,
        field: &Field<V>,
        write: impl FnOnce(&mut Vec<u8>, &V) -> serde_json::Result<()>,
    ) {
        if !field.is_absent() {
            self.present_entry(key, field, write);
        }
    }

    /// Writes a present property: `key`, then `null` or what `write` writes. Never inlined,
    /// so that one copy serves every property of a type and the visit that tests for absent
    /// properties stays short: spread over kilobytes of writing code, the tests of an update
    /// of four properties out of 26 cost more time than their instructions say.
    #[inline(never)]
    fn present_entry<V>(
        &mut self,
        key: &str,
        field: &Field<V>,
        write: impl FnOnce(&mut Vec<u8>, &V) -> serde_json::Result<()>,
    ) {
        self.key(key);
        match field {
            Field::Value(value) => {
                let written = write(self.out, value);
                self.keep(written);
            }
            _ => self.out.extend_from_slice(b"null"),
        }
    }

    #[inline]
    fn key(&mut self, key: &str) {
        self.separate();
        self.out.extend_from_slice(key.as_bytes());
    }

    /// Keeps the first error.
    #[inline]
    fn keep(&mut self, written: serde_json::Result<()>) {
        if let (Err(error), None) = (written, &self.error) {
            self.error = Some(error);
        }
    }
}

impl Properties for JsonObject<'_> {
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn value<T: Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        self.entry(property.key, field, |out, value| {
            serde_json::to_writer(out, value)
        });
        self
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn text<T: AsRef<str> + Check>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        self.entry(property.key, field, |out, text| {
            write_json_str(out, text.as_ref())
        });
        self
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn model<T: Model>(&mut self, property: &Property, field: &Field<T>) -> &mut Self {
        self.entry(property.key, field, write_model);
        self
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn models<T: Model>(&mut self, property: &Property, field: &Field<Vec<T>>) -> &mut Self {
        self.entry(property.key, field, |out, models| write_models(out, models));
        self
    }

    #[cfg_attr(not(debug_assertions), inline(always))]
    fn items<T: Model>(&mut self, property: &Property, items: &[T]) -> &mut Self {
        self.key(property.key);
        let written = write_models(self.out, items);
        self.keep(written);
        self
    }
}

fn write_models<T: Model>(out: &mut Vec<u8>, models: &[T]) -> serde_json::Result<()> {
    out.push(b'[');
    for (index, model) in models.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_model(out, model)?;
    }

    out.push(b']');
    Ok(())
}

/// Writes a model as a JSON object, with the unknown properties it kept as they are.
fn write_model<T: Model>(out: &mut Vec<u8>, model: &T) -> serde_json::Result<()> {
    let mut object = JsonObject::open(out);
    model.visit_properties(&mut object);
    let unknown = model.additional_properties().members();
    if !unknown.is_empty() {
        object.separate();
        object.out.extend_from_slice(unknown);
    }

    object.close()
}

/// An update's JSON body, the object `write` fills. It starts with room for a few
/// contacts, so that a typical body never reallocates.
///
/// Never inlined, though generic (so compiled only where an update is written): when this was
/// measured, inlined into its caller with the builder's setters and validation, a
/// four-property update took 0.53 of `json!`'s time, out of line 0.51 (`cargo bench --bench
/// paired -- 4-property`; 0.44-0.47 since present properties are written out of line too).
#[inline(never)]
#[doc(hidden)]
pub fn json_body(write: impl FnOnce(&mut JsonObject<'_>)) -> Vec<u8> {
    json_text(512, |out| {
        let mut object = JsonObject::open(out);
        write(&mut object);
        object.close()
    })
}

/// A model as compact JSON, as `serde_json::to_vec` writes it but for the spelling of
/// unknown properties (kept as read), starting with its room.
#[doc(hidden)]
pub fn model_json<T: Model>(model: &T) -> Vec<u8> {
    json_text(128, |out| write_model(out, model))
}

/// The text `write` writes into a buffer of `capacity`; empty if a value failed to
/// serialize, which the generated types never do (their values are plain data).
#[inline]
fn json_text(
    capacity: usize,
    write: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    match write(&mut out) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}

/// A field that a JSON value is read into: `Model::read_property` hands out the field of a
/// known key as a `&mut dyn ReadValue`, so that each of its arms is a plain borrow (a call per
/// arm, generic over the field's type, was a sixth of the time rustc took to check a model).
///
/// Never inlined: one copy per type of value serves every property of that type, which
/// keeps the code a parse runs small enough for the instruction cache (inlined into every
/// property, a response took 2.7 times the cache misses and 3 % longer to parse). How a value
/// is read rides on its type's `PropertyValue::read`: models are read in place.
#[doc(hidden)]
pub trait ReadValue<'de, A: MapAccess<'de>> {
    /// Reads the map's next value into `self`: `Ok(true)`, the answer of
    /// `Model::read_property` for a key it knows.
    fn read_value(&mut self, map: &mut A) -> Result<bool, A::Error>;
}

impl<'de, T: PropertyValue + Deserialize<'de>, A: MapAccess<'de>> ReadValue<'de, A> for Field<T> {
    #[inline(never)]
    fn read_value(&mut self, map: &mut A) -> Result<bool, A::Error> {
        T::read(self, map)?;
        Ok(true)
    }
}

/// Reads a JSON object: known keys into their fields, every other key kept as it is.
#[doc(hidden)]
pub fn deserialize_model<'de, D: Deserializer<'de>, T: Model>(
    deserializer: D,
) -> Result<T, D::Error> {
    let mut model = T::default();
    deserializer.deserialize_map(ModelVisitor(&mut model))?;
    Ok(model)
}

struct ModelVisitor<'a, T>(&'a mut T);
impl<'de, T: Model> Visitor<'de> for ModelVisitor<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let model = self.0;
        while let Some(Key(key)) = map.next_key()? {
            if !model.read_property(&key, &mut map)? {
                map.next_value_seed(model.additional_properties_mut().capture(&key))?;
            }
        }
        Ok(())
    }
}

/// An object key, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);
impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;
impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// Reads an enum member from its name; every enum keeps names it doesn't know.
#[doc(hidden)]
pub fn deserialize_member<'de, D: Deserializer<'de>, E: for<'a> From<&'a str>>(
    deserializer: D,
) -> Result<E, D::Error> {
    let name = Cow::<str>::deserialize(deserializer)?;
    Ok(E::from(&name))
}

/// Parses a JSON document, such as a response body, into a model.
///
/// On error, the [`ParseError`] names the JSON pointer of the offending value.
pub fn from_json<T: DeserializeOwned>(json: impl AsRef<[u8]>) -> Result<T, ParseError> {
    let json = json.as_ref();
    match std::str::from_utf8(json) {
        Ok(text) => from_json_str(text),
        Err(_) => serde_json::from_slice(json).map_err(|error| locate::<T>(json, error)),
    }
}

/// Parses a JSON document that is already text, which saves [`from_json`]'s check
/// that it is UTF-8.
///
/// On error, the [`ParseError`] names the JSON pointer of the offending value.
pub fn from_json_str<T: DeserializeOwned>(json: &str) -> Result<T, ParseError> {
    serde_json::from_str(json).map_err(|error| locate::<T>(json.as_bytes(), error))
}

/// Finds where parsing `json` failed by parsing it again, tracking the path: slower,
/// so only done on failure.
#[cold]
fn locate<T: DeserializeOwned>(json: &[u8], error: serde_json::Error) -> ParseError {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(located) => ParseError {
            pointer: json_pointer(located.path()),
            source: located.into_inner(),
        },
        Ok(_) => ParseError {
            pointer: String::new(),
            source: error,
        },
    }
}

/// A JSON document that does not fit a model.
#[derive(Debug)]
pub struct ParseError {
    pointer: String,
    source: serde_json::Error,
}

impl ParseError {
    /// The JSON pointer (RFC 6901) of the offending value, such as `/student/birthDate`;
    /// empty for the document as a whole.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The line of the error, 1-based.
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The column of the error, 1-based.
    pub fn column(&self) -> usize {
        self.source.column()
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "invalid JSON document: {}", self.source)
        } else {
            write!(
                f,
                "invalid JSON value at `{}`: {}",
                self.pointer, self.source
            )
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                push_pointer_name(&mut pointer, key)
            }
            Segment::Unknown => pointer.push('-'),
        }
    }

    pointer
}

/// Appends a property name to a JSON pointer, escaped as RFC 6901 says (`~` and `/`).
#[doc(hidden)]
pub fn push_pointer_name(pointer: &mut String, name: &str) {
    pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
}
