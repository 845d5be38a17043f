//! Stage 2: resolve `$ref`s and turn schemas into the IR arena.
//!
//! Every schema location (document + JSON pointer) that needs a Rust type of
//! its own (objects with properties, enums, unions, merged `allOf`s, and every
//! named schema) is interned once, so a `$ref` and the inline occurrence of the
//! same schema become the same type, and cycles become ids. Names of named
//! schemas are reserved up front, in a stable order, before anything else is
//! named: a schema's Rust name does not depend on which roots are generated.

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::{
    Area, Docs, EnumValue, Field, IntegerWidth, Ir, Operation, Origin, Shape, TypeDef, TypeId, TypeKind, Undeclared,
    Variant,
};
use crate::load::{Document, Loaded};
use crate::naming::{self, Scope};
use crate::pointer;

pub(crate) mod api;
mod operations;

/// A schema location: document index and JSON pointer, with the value there.
///
/// The value is found once, when the location is made (a child's from its
/// parent's, one step), because resolve asks for the value of nearly every
/// location it makes, and walking each pointer from the document root again
/// (through `components/schemas` of a thousand entries) was a fifth of the
/// stage. Locations are equal when their document and pointer are.
#[derive(Debug, Clone)]
struct Loc<'a> {
    document: usize,
    pointer: String,
    /// `None` where nothing is (a broken pointer; a merged property's own location).
    value: Option<&'a Value>,
}

impl<'a> Loc<'a> {
    /// The location at `pointer` in document `document` of `documents`.
    fn at(documents: &'a [Document], document: usize, pointer: String) -> Self {
        let value = pointer::get(&documents[document].root, &pointer);
        Loc { document, pointer, value }
    }

    /// The location `tokens` (unescaped reference tokens) below this one.
    fn child(&self, tokens: &[&str]) -> Self {
        let pointer = tokens.iter().fold(self.pointer.clone(), |p, t| pointer::push(&p, t));
        let value = self.value.and_then(|at| tokens.iter().try_fold(at, |value, token| pointer::step(value, token)));
        Loc { document: self.document, pointer, value }
    }
}

impl PartialEq for Loc<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.document == other.document && self.pointer == other.pointer
    }
}

impl Eq for Loc<'_> {}

impl std::hash::Hash for Loc<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.document.hash(state);
        self.pointer.hash(state);
    }
}

/// How deep shapes are followed inline (through `items`, `additionalProperties`,
/// `$ref`s to unnamed schemas) before [`Code::TooDeep`]: far beyond real
/// schemas, and shallow enough for `syn` to parse the resulting type
/// (`Vec<Option<BTreeMap<String, …>>>`) in a 2 MiB thread stack, debug build.
const MAX_SHAPE_DEPTH: usize = 16;

/// The last pointer token of a merged property's location; no schema has it,
/// as `$` never starts a JSON Schema keyword under `properties/NAME`.
const MERGED: &str = "$merged";

/// A schema with a name of its own (`components.schemas`, `$defs`): the name
/// as written and the Rust type name reserved for it.
struct NamedSchema {
    schema_name: String,
    rust_name: String,
}

/// Build the IR for `roots` (all named schemas when empty) and their closure.
pub fn resolve(loaded: &Loaded, roots: &[String]) -> Result<(Ir, Diagnostics), Diagnostics> {
    let mut resolver = Resolver::new(loaded);
    let root_locations = resolver.root_locations(roots);
    for (loc, name) in root_locations {
        resolver.intern(loc, &name);
    }
    // `--root` asks for some schemas only; operations would pull in the rest.
    let operations = if roots.is_empty() { resolver.operations() } else { Vec::new() };
    resolver.drain();
    resolver.finish(operations)
}

struct Resolver<'a> {
    documents: &'a [Document],
    /// `$id`s (absolute, or as written) → location.
    ids: HashMap<String, Loc<'a>>,
    /// `$anchor`s per document → pointer.
    anchors: HashMap<(usize, String), String>,
    /// Named schemas by location, plus their stable order.
    named: HashMap<Loc<'a>, NamedSchema>,
    /// Named schemas that only `$ref` a schema of another file with the same
    /// Rust name (`components.schemas.User: {$ref: schemas/User.yaml}`): the
    /// same type, not an alias of `User2`.
    same_schema: HashMap<Loc<'a>, Loc<'a>>,
    named_order: Vec<Loc<'a>>,
    by_location: HashMap<Loc<'a>, TypeId>,
    /// The arena under construction: names are known when interned, kinds once defined.
    names: Vec<String>,
    defs: Vec<Option<TypeDef>>,
    pending: VecDeque<(TypeId, Loc<'a>)>,
    type_names: Scope,
    /// Properties defined by several `allOf` parts: a location of our own
    /// (`…/$merged`) → the object schemas that make up the merged struct.
    merges: HashMap<Loc<'a>, Vec<Loc<'a>>>,
    /// `$ref`s being followed right now, to detect `A → B → A` chains.
    following: Vec<Loc<'a>>,
    /// How many [`Resolver::shape_of`] calls are under way (see [`MAX_SHAPE_DEPTH`]).
    depth: usize,
    diagnostics: Diagnostics,
}

impl<'a> Resolver<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        let mut resolver = Resolver {
            documents: &loaded.documents,
            ids: HashMap::new(),
            anchors: HashMap::new(),
            named: HashMap::new(),
            named_order: Vec::new(),
            same_schema: HashMap::new(),
            by_location: HashMap::new(),
            names: Vec::new(),
            defs: Vec::new(),
            pending: VecDeque::new(),
            type_names: Scope::with_reserved(naming::RESERVED_TYPE_NAMES),
            merges: HashMap::new(),
            following: Vec::new(),
            depth: 0,
            diagnostics: Diagnostics::default(),
        };
        for (index, document) in loaded.documents.iter().enumerate() {
            resolver.index_ids(index, &document.root, &mut Vec::new());
        }
        resolver.reserve_names(loaded);
        resolver
    }

    /// Record every `$id` and `$anchor` so references can use them. The walk
    /// keeps the path as tokens and builds a pointer only where one is found.
    fn index_ids(&mut self, document: usize, value: &'a Value, path: &mut Vec<Token<'a>>) {
        match value {
            Value::Object(map) => {
                if let Some(id) = map.get("$id").and_then(Value::as_str) {
                    let at = pointer_of(path);
                    let base = self.documents[document].base();
                    let absolute = if id.starts_with('#') { id.to_owned() } else { pointer::join(base, id) };
                    let loc = Loc { document, pointer: at, value: Some(value) };
                    self.ids.entry(absolute).or_insert_with(|| loc.clone());
                    self.ids.entry(id.to_owned()).or_insert(loc);
                }
                if let Some(anchor) = map.get("$anchor").and_then(Value::as_str) {
                    self.anchors.entry((document, anchor.to_owned())).or_insert_with(|| pointer_of(path));
                }
                for (key, child) in map {
                    path.push(Token::Key(key));
                    self.index_ids(document, child, path);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(Token::Index(i));
                    self.index_ids(document, child, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// Reserve the Rust names of all named schemas, ordered by document path
    /// then schema name, so collisions settle the same way on every run.
    fn reserve_names(&mut self, loaded: &Loaded) {
        let mut named: Vec<_> = loaded.named.iter().collect();
        named.sort_by(|a, b| (a.document, &a.name).cmp(&(b.document, &b.name)));
        let located: Vec<Loc<'a>> =
            named.iter().map(|s| Loc::at(self.documents, s.document, s.pointer.clone())).collect();
        let by_location: HashMap<&Loc<'a>, &str> =
            located.iter().zip(&named).map(|(l, s)| (l, s.name.as_str())).collect();
        for (loc, schema) in located.iter().zip(&named) {
            let loc = loc.clone();
            if self.named.contains_key(&loc) {
                continue;
            }
            let reference = loc.value.and_then(Value::as_object).and_then(|map| {
                let only_ref = map.keys().all(|k| k == "$ref" || ANNOTATIONS.contains(&k.as_str()));
                map.get("$ref").and_then(Value::as_str).filter(|_| only_ref && !map.contains_key("nullable"))
            });
            // Quietly: a broken `$ref` is reported where it is followed (or not
            // at all, when `--root` leaves its schema out).
            let reported = self.diagnostics.items.len();
            let target = reference.and_then(|r| self.resolve_ref(&loc, r));
            self.diagnostics.items.truncate(reported);
            if let Some(target) = target {
                let same = by_location
                    .get(&target)
                    .is_some_and(|name| naming::type_name(name) == naming::type_name(&schema.name));
                if target.document != loc.document && same && !self.same_schema.contains_key(&target) {
                    self.same_schema.insert(loc, target);
                    continue;
                }
            }
            let rust = self.type_names.claim(&naming::type_name(&schema.name), "");
            self.named.insert(loc.clone(), NamedSchema { schema_name: schema.name.clone(), rust_name: rust });
            self.named_order.push(loc);
        }
    }

    fn root_locations(&mut self, roots: &[String]) -> Vec<(Loc<'a>, String)> {
        if roots.is_empty() {
            return self.named_order.iter().map(|loc| (loc.clone(), String::new())).collect();
        }
        let mut found = Vec::new();
        for root in roots {
            let loc = self.named_order.iter().find(|loc| self.named[*loc].schema_name == *root).cloned();
            match loc {
                Some(loc) => found.push((loc, String::new())),
                None => self.diagnostics.push(
                    Diagnostic::new(Code::UnknownRoot, format!("no schema named `{root}` in the inputs"))
                        .hint("roots name component schemas or `$defs` entries by their original name"),
                ),
            }
        }
        found
    }

    fn origin(&self, loc: &Loc<'a>) -> Origin {
        Origin { file: self.documents[loc.document].path.clone(), pointer: loc.pointer.clone() }
    }

    /// Record a diagnostic at `loc`; the code decides whether it is an error or a warning.
    fn report(&mut self, code: Code, message: String, loc: &Loc<'a>, hint: &str) {
        let file = self.documents[loc.document].path.clone();
        self.diagnostics.push(Diagnostic::new(code, message).at(&file, &loc.pointer).hint(hint));
    }

    /// The type for a location, allocated on first use and defined later
    /// (breadth first), so recursive schemas terminate.
    fn intern(&mut self, loc: Loc<'a>, stem: &str) -> TypeId {
        if let Some(id) = self.by_location.get(&loc) {
            return *id;
        }
        if let Some(target) = self.same_schema.get(&loc).cloned() {
            return self.intern(target, stem);
        }
        let name = match self.named.get(&loc) {
            Some(named) => named.rust_name.clone(),
            None => self.type_names.claim(&naming::type_name(stem), ""),
        };
        let id = TypeId(self.names.len());
        self.names.push(name);
        self.defs.push(None);
        self.by_location.insert(loc.clone(), id);
        self.pending.push_back((id, loc));
        id
    }

    fn drain(&mut self) {
        while let Some((id, loc)) = self.pending.pop_front() {
            let def = self.define(id, &loc);
            self.defs[id.0] = Some(def);
        }
    }

    /// Resolve a `$ref` found in the schema at `from` to the location it names.
    fn resolve_ref(&mut self, from: &Loc<'a>, reference: &str) -> Option<Loc<'a>> {
        let document = &self.documents[from.document];
        if let Some(loc) = self.ids.get(reference) {
            return Some(loc.clone());
        }
        let parts = match pointer::split_ref(reference) {
            Ok(parts) => parts,
            Err(message) => {
                self.report(Code::InvalidRef, message, from, "write `$ref` as a URI reference, e.g. `#/$defs/Name`");
                return None;
            }
        };
        let (target_doc, base_pointer) = if parts.document.is_empty() {
            (Some(from.document), String::new())
        } else {
            let absolute = pointer::join(document.base(), &parts.document);
            let by_path = self.documents.iter().position(|d| d.path == absolute || d.id.as_deref() == Some(&absolute));
            match by_path {
                Some(index) => (Some(index), String::new()),
                None => match self.ids.get(&absolute) {
                    Some(loc) => (Some(loc.document), loc.pointer.clone()),
                    None => (None, String::new()),
                },
            }
        };
        let Some(target_doc) = target_doc else {
            self.report(
                Code::UnresolvedRef,
                format!("unresolved $ref `{reference}`: no input document is `{}`", parts.document),
                from,
                "pass the referenced document with another --input, or fix the path",
            );
            return None;
        };
        let fragment = if parts.fragment.is_empty() || parts.fragment.starts_with('/') {
            Some(format!("{base_pointer}{}", parts.fragment))
        } else {
            self.anchors.get(&(target_doc, parts.fragment.clone())).cloned()
        };
        let target = fragment.map(|f| Loc::at(self.documents, target_doc, f)).filter(|loc| loc.value.is_some());
        if target.is_none() {
            self.report(
                Code::UnresolvedRef,
                format!("unresolved $ref `{reference}`: nothing at that location"),
                from,
                "check the name and the JSON pointer (`~1` for `/`, `~0` for `~`)",
            );
        }
        target
    }

    /// Warn about keywords that constrain values in ways the generated types
    /// do not check: the type is still generated, from the other keywords.
    fn warn_unsupported(&mut self, loc: &Loc<'a>, map: &Map<String, Value>) {
        const IGNORED: &[&str] = &[
            "not",
            "if",
            "then",
            "else",
            "dependentSchemas",
            "dependentRequired",
            "unevaluatedProperties",
            "unevaluatedItems",
            "contains",
            "propertyNames",
        ];
        // Pattern properties type a map (`map_shape`); beside declared
        // properties the struct cannot hold them.
        let ignored_patterns = map.contains_key("patternProperties") && map.contains_key("properties");
        let ignored = IGNORED.iter().copied().filter(|k| map.contains_key(*k));
        for keyword in ignored.chain(ignored_patterns.then_some("patternProperties")) {
            self.report(
                Code::UnsupportedKeyword,
                format!("`{keyword}` is not modelled; it is ignored"),
                loc,
                "values are not checked against it; the type comes from the other keywords",
            );
        }
        // A boolean or number enum is its primitive type, open like string
        // enums are; only values of several kinds cannot be typed.
        if map.get("enum").and_then(Value::as_array).is_some_and(|values| mixed_kinds(values)) {
            self.report(
                Code::UnsupportedKeyword,
                "`enum` mixes values of several JSON types".into(),
                loc,
                "the type comes from `type`; values are not checked against the list",
            );
        }
    }

    /// The shape of the schema at `loc`, interning a named type where one is needed.
    fn shape_of(&mut self, loc: Loc<'a>, stem: &str) -> Shape {
        // Nesting alone is bounded by the parsers (128 levels), but a chain
        // of inline `$ref`s is as long as the document makes it, and each
        // link recurses: stop before the stack does.
        if self.depth >= MAX_SHAPE_DEPTH {
            let message = format!("schemas nest or `$ref`s chain more than {MAX_SHAPE_DEPTH} deep here");
            self.report(Code::TooDeep, message, &loc, "give an inner schema a name (a component or `$defs` entry)");
            return Shape::Any;
        }
        self.depth += 1;
        let shape = self.shape_of_unguarded(loc, stem);
        self.depth -= 1;
        shape
    }

    fn shape_of_unguarded(&mut self, loc: Loc<'a>, stem: &str) -> Shape {
        let Some(map) = loc.value.and_then(Value::as_object) else {
            if !matches!(loc.value, Some(Value::Bool(_))) {
                self.report(Code::InvalidSchema, "a schema must be an object or a boolean".into(), &loc, "");
            }
            return Shape::Any;
        };
        self.warn_unsupported(&loc, map);
        let base = if self.named.contains_key(&loc) || (!map.contains_key("$ref") && needs_named_type(map)) {
            Shape::Named(self.intern(loc.clone(), stem))
        } else {
            self.unnamed_shape(&loc, map, stem)
        };
        nullable_if(is_nullable(map), base)
    }

    /// The shape of a schema that gets no type of its own: a `$ref`, a
    /// single-member `allOf` (OpenAPI 3.0's way to put `nullable` or a
    /// description beside a `$ref`), or a primitive, array or map.
    fn unnamed_shape(&mut self, loc: &Loc<'a>, map: &Map<String, Value>, stem: &str) -> Shape {
        if let Some(reference) = map.get("$ref") {
            return self.shape_of_ref(loc, reference, stem);
        }
        if let Some(index) = single_shape_member(map, "allOf") {
            return self.shape_of(loc.child(&["allOf", &index.to_string()]), stem);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(index) = single_shape_member(map, keyword) {
                return self.shape_of(loc.child(&[keyword, &index.to_string()]), stem);
            }
        }
        self.inline_shape(loc, map, stem)
    }

    fn shape_of_ref(&mut self, from: &Loc<'a>, reference: &Value, stem: &str) -> Shape {
        let Some(reference) = reference.as_str() else {
            self.report(Code::InvalidRef, "`$ref` must be a string".into(), from, "");
            return Shape::Any;
        };
        let Some(target) = self.resolve_ref(from, reference) else { return Shape::Any };
        if self.named.contains_key(&target) {
            // A named schema's own `nullable` travels with every reference to
            // it, so a field referring to it is `Option` / `Tristate`.
            let nullable = target.value.and_then(Value::as_object).is_some_and(is_nullable);
            return nullable_if(nullable, Shape::Named(self.intern(target, stem)));
        }
        if self.following.contains(&target) {
            self.report(
                Code::RefCycle,
                format!("$ref `{reference}` is part of a chain of references that never reaches a schema"),
                from,
                "one schema in the chain must define a type instead of referring on",
            );
            return Shape::Any;
        }
        // A schema in another file is named after itself (its key, or the
        // file), not after the first place that happens to use it.
        let own_name = (target.document != from.document).then(|| self.own_name(&target));
        let stem = own_name.as_deref().unwrap_or(stem);
        self.following.push(target.clone());
        let shape = self.shape_of(target, stem);
        self.following.pop();
        shape
    }

    /// The name a location gives itself: the last key of its pointer, or the
    /// file name (without extension) for a whole document.
    fn own_name(&self, loc: &Loc<'a>) -> String {
        match pointer::tokens(&loc.pointer).and_then(|tokens| tokens.last().cloned()) {
            Some(key) => key,
            None => {
                let path = &self.documents[loc.document].path;
                let file = path.rsplit('/').next().unwrap_or(path);
                file.split('.').next().unwrap_or(file).to_owned()
            }
        }
    }

    /// Shapes that need no type of their own: primitives, arrays, maps.
    fn inline_shape(&mut self, loc: &Loc<'a>, map: &Map<String, Value>, stem: &str) -> Shape {
        if let Some(primitive) = primitive_shape(map) {
            return primitive;
        }
        match schema_types(map).first().copied() {
            Some("array") => self.items_shape(loc, map, stem),
            Some("object") => self.map_shape(loc, map, stem),
            None if map.contains_key("items") || map.contains_key("prefixItems") => self.items_shape(loc, map, stem),
            None if map.contains_key("additionalProperties") || map.contains_key("patternProperties") => {
                self.map_shape(loc, map, stem)
            }
            _ => Shape::Any,
        }
    }

    fn items_shape(&mut self, loc: &Loc<'a>, map: &Map<String, Value>, stem: &str) -> Shape {
        // 2020-12 `prefixItems` (then `items` is the rest), or draft-07's
        // array form of `items` (then `additionalItems` is the rest).
        let (positions, rest) = match (map.get("prefixItems"), map.get("items")) {
            (Some(Value::Array(positions)), rest) => (Some(("prefixItems", positions)), rest),
            (_, Some(Value::Array(positions))) => (Some(("items", positions)), map.get("additionalItems")),
            _ => (None, None),
        };
        if let Some((keyword, positions)) = positions {
            return self.tuple_shape(loc, map, stem, keyword, positions.len(), rest);
        }
        match map.get("items") {
            Some(Value::Object(_)) => {
                Shape::Array(Box::new(self.shape_of(loc.child(&["items"]), &naming::stem::item(stem))))
            }
            _ => Shape::Array(Box::new(Shape::Any)),
        }
    }

    /// A tuple when the array is closed after its positions (`items: false`,
    /// `additionalItems: false`, or `maxItems` equal to their number); every
    /// position is then required, as a Rust tuple requires. An open tuple
    /// cannot be a Rust type: an array of any JSON, with a warning.
    fn tuple_shape(
        &mut self,
        loc: &Loc<'a>,
        map: &Map<String, Value>,
        stem: &str,
        keyword: &str,
        len: usize,
        rest: Option<&Value>,
    ) -> Shape {
        let closed = rest == Some(&Value::Bool(false))
            || map.get("maxItems").and_then(Value::as_u64).is_some_and(|max| max as usize == len);
        if !closed || len == 0 {
            self.report(
                Code::UnsupportedKeyword,
                format!("`{keyword}` allows more items after its positions ({len}); a tuple is not modelled"),
                loc,
                "the array is of any JSON; close it with `items: false` (or `additionalItems: false`) to get a tuple",
            );
            return Shape::Array(Box::new(Shape::Any));
        }
        let shapes =
            (0..len).map(|i| self.shape_of(loc.child(&[keyword, &i.to_string()]), &naming::stem::item_at(stem, i)));
        Shape::Tuple(shapes.collect())
    }

    /// `additionalProperties` with a schema, or `patternProperties` whose
    /// patterns all have one shape (the patterns themselves are not checked),
    /// make a typed map; anything else is a map of any JSON.
    fn map_shape(&mut self, loc: &Loc<'a>, map: &Map<String, Value>, stem: &str) -> Shape {
        if let Some(Value::Object(_)) = map.get("additionalProperties") {
            let value = self.shape_of(loc.child(&["additionalProperties"]), &naming::stem::value(stem));
            return Shape::Map(Box::new(value));
        }
        let Some(Value::Object(patterns)) = map.get("patternProperties") else {
            return Shape::Map(Box::new(Shape::Any));
        };
        let shapes: Vec<Shape> = patterns
            .keys()
            .map(|pattern| self.shape_of(loc.child(&["patternProperties", pattern]), &naming::stem::value(stem)))
            .collect();
        match shapes.split_first() {
            Some((first, others)) if others.iter().all(|s| s == first) => Shape::Map(Box::new(first.clone())),
            _ => {
                self.report(
                    Code::UnsupportedKeyword,
                    "`patternProperties` gives values of different types to different patterns".into(),
                    loc,
                    "the map's values are of any JSON",
                );
                Shape::Map(Box::new(Shape::Any))
            }
        }
    }

    /// Build the definition of an interned type.
    fn define(&mut self, id: TypeId, loc: &Loc<'a>) -> TypeDef {
        let name = self.names[id.0].clone();
        if let Some(first) = self.merges.get(loc).map(|parts| parts[0].clone()) {
            return TypeDef {
                // `additionalProperties: false` on one `allOf` member would reject the
                // other members' properties: a merged struct is never closed.
                kind: TypeKind::Struct { fields: self.struct_fields(loc, &name), undeclared: Undeclared::Kept },
                name,
                schema_name: None,
                origin: self.origin(&first),
                docs: first.value.and_then(Value::as_object).map(docs_of).unwrap_or_default(),
                nullable: false,
                same_as: None,
                area_gates: Vec::new(),
            };
        }
        let map = loc.value.and_then(Value::as_object);
        let kind = match map {
            Some(map) => {
                // Roots are defined without passing through `shape_of`, which warns for the rest.
                self.warn_unsupported(loc, map);
                self.kind_of(loc, map, &name)
            }
            None => TypeKind::Alias { shape: Shape::Any },
        };
        TypeDef {
            name,
            schema_name: self.named.get(loc).map(|named| named.schema_name.clone()),
            origin: self.origin(loc),
            docs: map.map(docs_of).unwrap_or_default(),
            kind,
            nullable: map.is_some_and(is_nullable),
            same_as: None,
            area_gates: Vec::new(),
        }
    }

    fn kind_of(&mut self, loc: &Loc<'a>, map: &Map<String, Value>, name: &str) -> TypeKind {
        if map.contains_key("$ref") || !needs_named_type(map) {
            // Nullability is not part of the alias: references carry it.
            let shape = match self.unnamed_shape(loc, map, name) {
                Shape::Nullable(inner) => *inner,
                shape => shape,
            };
            return TypeKind::Alias { shape };
        }
        if let Some(values) = string_enum(map) {
            return match values.as_slice() {
                [single] => TypeKind::Const { value: single.clone() },
                _ => enum_kind(values),
            };
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = map.get(keyword) {
                return self.union_kind(loc, keyword, branches.len(), name);
            }
        }
        let types = schema_types(map);
        if types.len() > 1 {
            return self.type_list_union(loc, map, &types, name);
        }
        let undeclared = self.undeclared(loc, map, name);
        TypeKind::Struct { fields: self.struct_fields(loc, name), undeclared }
    }

    /// What an object with properties does with the members it does not declare.
    fn undeclared(&mut self, loc: &Loc<'a>, map: &Map<String, Value>, name: &str) -> Undeclared {
        // Pattern properties beside the declared ones are keys the struct has
        // no typed place for (warned): they are kept as read, whatever
        // `additionalProperties` says, since rejecting them would be wrong.
        if map.contains_key("patternProperties") {
            return Undeclared::Kept;
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(false)) => Undeclared::Rejected,
            Some(Value::Object(_)) => {
                match self.shape_of(loc.child(&["additionalProperties"]), &naming::stem::value(name)) {
                    Shape::Any => Undeclared::Kept,
                    shape => Undeclared::Typed(shape),
                }
            }
            _ => Undeclared::Kept,
        }
    }

    fn union_kind(&mut self, loc: &Loc<'a>, keyword: &str, count: usize, name: &str) -> TypeKind {
        let branches = loc.value.and_then(|v| v.get(keyword)).and_then(Value::as_array);
        let is_null: Vec<bool> =
            (0..count).map(|i| branches.and_then(|b| b.get(i)).is_some_and(is_null_schema)).collect();
        // A branch's own `title` names it: the variant, and an inline branch's type.
        let titles: Vec<Option<String>> = (0..count)
            .filter(|i| !is_null[*i])
            .map(|i| branches.and_then(|b| b.get(i)).and_then(|b| b.get("title")).and_then(Value::as_str))
            .map(|title| title.and_then(naming::title_name))
            .collect();
        let shapes: Vec<Shape> = (0..count)
            .filter(|i| !is_null[*i])
            .zip(&titles)
            .map(|(i, title)| {
                let stem = naming::stem::variant(name, i, title.as_deref());
                self.shape_of(loc.child(&[keyword, &i.to_string()]), &stem)
            })
            .collect();
        if shapes.is_empty() {
            self.report(
                Code::UnsupportedKeyword,
                format!("`{keyword}` lists no schema; the type is any JSON"),
                loc,
                "list at least one schema, or remove the keyword",
            );
            return TypeKind::Alias { shape: Shape::Any };
        }
        let mut variants = self.variants(shapes, &titles);
        let branches: Vec<usize> = (0..count).filter(|i| !is_null[*i]).collect();
        let tag = self.discriminator(loc, keyword, &branches, &mut variants);
        TypeKind::Union { variants, tag }
    }

    /// OpenAPI's `discriminator`: the property named by `propertyName` picks
    /// the branch, by `mapping` (value → `$ref` or schema name), else by the
    /// one value the branch itself allows the property (`enum: [dog]`,
    /// `const: dog`, also through `allOf`), else by the branch's schema name
    /// (OpenAPI 3.0 section 4.7.25). Every branch must get a distinct value;
    /// if not, the union falls back to the structural rules, with a warning.
    fn discriminator(
        &mut self,
        loc: &Loc<'a>,
        keyword: &str,
        branches: &[usize],
        variants: &mut [Variant],
    ) -> Option<String> {
        let discriminator = loc.value?.get("discriminator")?.as_object()?;
        let property = discriminator.get("propertyName")?.as_str()?.to_owned();
        let mapping: Vec<(String, Loc<'a>)> = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(value, target)| Some((value.clone(), self.mapping_target(loc, target.as_str()?)?)))
            .collect();
        let mut values = Vec::new();
        for index in branches {
            let branch = loc.child(&[keyword, &index.to_string()]);
            let target = match branch.value.and_then(|b| b.get("$ref")).and_then(Value::as_str) {
                Some(reference) => self.resolve_ref(&branch, reference)?,
                None => branch,
            };
            let value = mapping
                .iter()
                .find(|(_, to)| *to == target)
                .map(|(value, _)| value.clone())
                .or_else(|| self.single_value_of(&target, &property))
                .or_else(|| self.named.get(&target).map(|named| named.schema_name.clone()));
            match value {
                Some(value) if !values.contains(&value) => values.push(value),
                _ => {
                    let message = format!("`discriminator` gives branch {index} no value of its own; it is not used");
                    let hint = format!(
                        "add a `mapping` entry for the branch, or let its `{property}` allow one value (`enum: [x]` or `const: x`)"
                    );
                    self.report(Code::UnsupportedKeyword, message, loc, &hint);
                    return None;
                }
            }
        }
        for (variant, value) in variants.iter_mut().zip(values) {
            variant.tag_value = Some(value);
        }
        Some(property)
    }

    /// The one string the object schema at `loc` allows its property
    /// `property` (`enum: [x]` or `const: x`, in the schema or an `allOf`
    /// member, following `$ref`s).
    fn single_value_of(&mut self, loc: &Loc<'a>, property: &str) -> Option<String> {
        let mut parts = Vec::new();
        self.object_parts(loc.clone(), &mut parts, 0);
        parts.iter().find_map(|part| {
            let schema = part.value?.get("properties")?.get(property)?;
            let schema = match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let target = self.resolve_ref(part, reference)?;
                    target.value?
                }
                None => schema,
            };
            match string_enum(schema.as_object()?)?.as_slice() {
                [single] => Some(single.clone()),
                _ => None,
            }
        })
    }

    /// A `discriminator.mapping` value: a `$ref`, or the name of a schema of the same document.
    fn mapping_target(&mut self, loc: &Loc<'a>, target: &str) -> Option<Loc<'a>> {
        if target.contains(['#', '/']) {
            return self.resolve_ref(loc, target);
        }
        // In the stable order of the named schemas, not a hash map's: a name
        // can be both a component and a `definitions` entry, and OpenAPI
        // means the component (which `load` lists first).
        self.named_order
            .iter()
            .find(|at| at.document == loc.document && self.named[*at].schema_name == *target)
            .cloned()
    }

    /// `type: ["string", "number"]`: a union of the listed primitive types.
    fn type_list_union(&mut self, loc: &Loc<'a>, map: &Map<String, Value>, types: &[&str], name: &str) -> TypeKind {
        let shapes = types
            .iter()
            .map(|t| {
                let mut single = map.clone();
                single.insert("type".into(), Value::String((*t).to_owned()));
                single.remove("nullable");
                self.inline_shape(loc, &single, name)
            })
            .collect();
        TypeKind::Union { variants: self.variants(shapes, &[]), tag: None }
    }

    /// The variants for a union's branch shapes, named by the branch's
    /// `title` where `titles` has one, else after the branch's type.
    fn variants(&self, shapes: Vec<Shape>, titles: &[Option<String>]) -> Vec<Variant> {
        let mut scope = Scope::with_reserved(&["Other"]);
        shapes
            .into_iter()
            .enumerate()
            .map(|(i, shape)| Variant {
                name: match titles.get(i).and_then(Option::as_ref) {
                    Some(title) => scope.claim(title, ""),
                    None => scope.claim(&self.variant_name(&shape), ""),
                },
                shape,
                tag_value: None,
                boxed: false,
            })
            .collect()
    }

    fn variant_name(&self, shape: &Shape) -> String {
        match shape {
            Shape::Any => "Value".into(),
            Shape::Bool => "Bool".into(),
            Shape::Integer => "Integer".into(),
            Shape::Number => "Number".into(),
            Shape::String => "String".into(),
            Shape::DateTime => "DateTime".into(),
            Shape::Date => "Date".into(),
            Shape::SizedInteger(_) => "Integer".into(),
            Shape::Array(item) => format!("{}List", self.variant_name(item)),
            Shape::Tuple(_) => "Tuple".into(),
            Shape::Map(_) => "Map".into(),
            Shape::Nullable(inner) => self.variant_name(inner),
            Shape::Named(id) => self.names[id.0].clone(),
        }
    }

    /// The fields of an object schema, merging `allOf` members in order.
    fn struct_fields(&mut self, loc: &Loc<'a>, name: &str) -> Vec<Field> {
        let mut parts = Vec::new();
        self.object_parts(loc.clone(), &mut parts, 0);
        // Every part's schema of each property, in first-seen order, and the
        // union of the parts' `required` lists.
        let mut properties: Vec<(String, Vec<Loc<'a>>)> = Vec::new();
        // Sets and an index by name, not linear searches: those made a
        // schema with 100,000 properties take minutes.
        let mut required: HashSet<String> = HashSet::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for part in &parts {
            let Some(map) = part.value.and_then(Value::as_object) else { continue };
            let listed = map.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
            required.extend(listed.map(str::to_owned));
            for property in map.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.keys()) {
                let at = part.child(&["properties", property]);
                match index.get(property) {
                    Some(&i) => properties[i].1.push(at),
                    None => {
                        index.insert(property.clone(), properties.len());
                        properties.push((property.clone(), vec![at]));
                    }
                }
            }
        }
        properties
            .into_iter()
            .map(|(property, locations)| {
                let stem = naming::stem::property(name, &property);
                let docs = locations[0].value.and_then(Value::as_object).map(docs_of).unwrap_or_default();
                let shape = self.property_shape(locations, &stem);
                let (shape, nullable) = match shape {
                    Shape::Nullable(inner) => (*inner, true),
                    shape => (shape, false),
                };
                Field {
                    required: required.contains(&property),
                    json_name: property,
                    shape,
                    nullable,
                    boxed: false,
                    sparse_fieldset: None,
                    docs,
                }
            })
            .collect()
    }

    /// The shape of a property that one or several `allOf` parts define.
    /// Several object definitions of the same property (JSON:API
    /// `data.attributes` extended by a second member) merge into one struct,
    /// as `allOf` means every definition applies; otherwise the first wins.
    fn property_shape(&mut self, locations: Vec<Loc<'a>>, stem: &str) -> Shape {
        let objects: Vec<Loc<'a>> = locations.iter().filter(|l| self.is_object_schema(l)).cloned().collect();
        if objects.len() < 2 {
            return self.shape_of(locations[0].clone(), stem);
        }
        let nullable = locations.iter().all(|l| l.value.and_then(Value::as_object).is_some_and(is_nullable));
        let merged = objects[0].child(&[MERGED]);
        self.merges.insert(merged.clone(), objects);
        nullable_if(nullable, Shape::Named(self.intern(merged, stem)))
    }

    /// Whether a schema (following `$ref`s) declares properties of its own or through `allOf`.
    fn is_object_schema(&mut self, loc: &Loc<'a>) -> bool {
        let mut parts = Vec::new();
        self.object_parts(loc.clone(), &mut parts, 0);
        parts.iter().any(|p| {
            p.value.and_then(|v| v.get("properties")).and_then(Value::as_object).is_some_and(|m| !m.is_empty())
        })
    }

    /// The schemas whose `properties` make up the object at `loc`: itself and,
    /// recursively, its `allOf` members (following `$ref`s).
    fn object_parts(&mut self, loc: Loc<'a>, parts: &mut Vec<Loc<'a>>, depth: usize) {
        if let Some(merged) = self.merges.get(&loc).cloned() {
            for part in merged {
                self.object_parts(part, parts, depth + 1);
            }
            return;
        }
        let Some(map) = loc.value.and_then(Value::as_object) else { return };
        if depth > 32 || parts.contains(&loc) {
            return;
        }
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            if let Some(target) = self.resolve_ref(&loc, reference) {
                self.object_parts(target, parts, depth + 1);
            }
        }
        parts.push(loc.clone());
        if let Some(Value::Array(members)) = map.get("allOf") {
            for i in 0..members.len() {
                self.object_parts(loc.child(&["allOf", &i.to_string()]), parts, depth + 1);
            }
        }
    }

    /// For each OpenAPI tag, the generated types its operations reference,
    /// following `$ref`s into `components.responses` / `parameters` /
    /// `requestBodies`. Tags are sorted; an operation counts for each of its tags.
    fn areas(&mut self) -> Vec<Area> {
        let mut areas: std::collections::BTreeMap<String, Vec<TypeId>> = std::collections::BTreeMap::new();
        let documents: &'a [Document] = self.documents;
        for (index, document) in documents.iter().enumerate() {
            let Some(paths) = document.root.get("paths").and_then(Value::as_object) else { continue };
            for (path, item) in paths {
                let (item_loc, item) = self.path_item(index, path, item);
                for method in crate::ir::Method::ALL {
                    let Some(operation) = item.get(method.key()) else { continue };
                    let tags: Vec<&str> = operation
                        .get("tags")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    if tags.is_empty() {
                        continue;
                    }
                    let loc = item_loc.child(&[method.key()]);
                    let mut found = Vec::new();
                    self.types_used_by(&loc, operation, &mut HashSet::new(), &mut found);
                    for tag in tags {
                        areas.entry(tag.to_owned()).or_default().extend(found.iter().copied());
                    }
                }
            }
        }
        areas
            .into_iter()
            .map(|(tag, mut roots)| {
                roots.sort();
                roots.dedup();
                Area { tag, roots }
            })
            .collect()
    }

    /// Generated types referenced from `value` (found at `loc`), following
    /// `$ref`s that lead to non-type locations (shared responses, parameters).
    fn types_used_by(
        &mut self,
        loc: &Loc<'a>,
        value: &'a Value,
        visited: &mut HashSet<Loc<'a>>,
        found: &mut Vec<TypeId>,
    ) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    if let Some(target) = self.resolve_ref(loc, reference) {
                        match self.by_location.get(&target) {
                            Some(id) => found.push(*id),
                            None if visited.insert(target.clone()) => {
                                if let Some(next) = target.value {
                                    self.types_used_by(&target, next, visited, found);
                                }
                            }
                            None => {}
                        }
                    }
                }
                for child_value in map.values() {
                    self.types_used_by(loc, child_value, visited, found);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.types_used_by(loc, item, visited, found)),
            _ => {}
        }
    }

    fn finish(mut self, operations: Vec<Operation>) -> Result<(Ir, Diagnostics), Diagnostics> {
        let areas = self.areas();
        if self.diagnostics.has_errors() {
            self.diagnostics.normalize();
            return Err(self.diagnostics);
        }
        let types: Vec<TypeDef> = self.defs.into_iter().flatten().collect();
        let api = api::api(self.documents);
        let ir = Ir { types, areas, operations, api };
        self.diagnostics.normalize();
        Ok((ir, self.diagnostics))
    }
}

/// A step of a path through a JSON document.
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

/// The Rust integer type of an integer schema: from its `format` (OpenAPI's
/// `int32` / `int64` and the sized forms other generators use) and, without
/// a known one, from the range `minimum` / `maximum` declare: `i64` unless
/// the range needs more (`u64` for `0..=u64::MAX`; `u128` / `i128` beyond
/// 64 bits, which serde_json reads exactly from text, though not inside a
/// `serde_json::Value`, which has no integers that wide).
fn integer_shape(map: &Map<String, Value>, format: Option<&str>) -> Shape {
    let width = match format {
        Some("int8") => IntegerWidth::I8,
        Some("int16") => IntegerWidth::I16,
        Some("int32") => IntegerWidth::I32,
        Some("int64") => return Shape::Integer,
        Some("uint8") => IntegerWidth::U8,
        Some("uint16") => IntegerWidth::U16,
        Some("uint32") => IntegerWidth::U32,
        Some("uint64" | "uint") => IntegerWidth::U64,
        _ => return integer_for_range(map),
    };
    Shape::SizedInteger(width)
}

/// The narrowest of `i64`, `u64`, `u128`, `i128` (in that order of
/// preference) that holds every integer of the declared range.
fn integer_for_range(map: &Map<String, Value>) -> Shape {
    let minimum = integer_bound(map, "minimum", "exclusiveMinimum", Bound::Lower);
    let maximum = integer_bound(map, "maximum", "exclusiveMaximum", Bound::Upper);
    let (i64_range, u64_max) = (i128::from(i64::MIN)..=i128::from(i64::MAX), i128::from(u64::MAX));
    match (minimum, maximum) {
        (Some(min), Some(max)) if min >= 0 && max > *i64_range.end() && max <= u64_max => {
            Shape::SizedInteger(IntegerWidth::U64)
        }
        (Some(min), Some(max)) if min >= 0 && max > u64_max => Shape::SizedInteger(IntegerWidth::U128),
        (min, max) if !min.is_none_or(|m| i64_range.contains(&m)) || !max.is_none_or(|m| i64_range.contains(&m)) => {
            Shape::SizedInteger(IntegerWidth::I128)
        }
        _ => Shape::Integer,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Bound {
    Lower,
    Upper,
}

/// The least (`Lower`) or greatest (`Upper`) integer a schema's bound
/// keywords allow: `minimum: 0.5` allows 1 and up, `exclusiveMaximum: 10`
/// up to 9. Exact for integer bounds up to 64 bits; wider ones (which JSON
/// parsers read as floats) are rounded the safe way and saturate at the
/// `i128` range.
fn integer_bound(map: &Map<String, Value>, inclusive: &str, exclusive: &str, side: Bound) -> Option<i128> {
    // Draft 4's boolean `exclusiveMinimum` modifies `minimum`.
    let draft4_exclusive = map.get(exclusive).and_then(Value::as_bool).unwrap_or(false);
    let (value, exclusive) = match (map.get(inclusive), map.get(exclusive)) {
        (Some(value), _) if value.is_number() => (value, draft4_exclusive),
        (_, Some(value)) if value.is_number() => (value, true),
        _ => return None,
    };
    let step = match side {
        Bound::Lower => 1,
        Bound::Upper => -1,
    };
    let exact = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from));
    let least = match exact {
        Some(integer) if exclusive => integer + step,
        Some(integer) => integer,
        None => {
            let float = value.as_f64()?;
            // `as` saturates at the `i128` range; the step is taken in
            // integers, where 2^64 - 1 exists (it does not as an `f64`).
            match (side, exclusive) {
                (Bound::Lower, false) => float.ceil() as i128,
                (Bound::Lower, true) => float.floor() as i128 + 1,
                (Bound::Upper, false) => float.floor() as i128,
                (Bound::Upper, true) => float.ceil() as i128 - 1,
            }
        }
    };
    Some(least)
}

fn pointer_of(path: &[Token<'_>]) -> String {
    path.iter().fold(String::new(), |at, token| match token {
        Token::Key(key) => pointer::push(&at, key),
        Token::Index(i) => pointer::push(&at, &i.to_string()),
    })
}

fn nullable_if(nullable: bool, shape: Shape) -> Shape {
    match shape {
        Shape::Any | Shape::Nullable(_) => shape,
        shape if nullable => Shape::Nullable(Box::new(shape)),
        shape => shape,
    }
}

/// OpenAPI 3.0 `nullable: true`, `null` in a JSON Schema type list, or a
/// `{type: null}` branch of a `oneOf` / `anyOf`.
fn is_nullable(map: &Map<String, Value>) -> bool {
    let null_branch = ["oneOf", "anyOf"]
        .iter()
        .any(|k| map.get(*k).and_then(Value::as_array).is_some_and(|b| b.iter().any(is_null_schema)));
    // An untyped `enum` listing `null` allows it; with a `type` that has no
    // `null`, the `null` in the list can never validate.
    let null_value = !map.contains_key("type")
        && map.get("enum").and_then(Value::as_array).is_some_and(|values| values.iter().any(Value::is_null));
    map.get("nullable").and_then(Value::as_bool).unwrap_or(false)
        || matches!(map.get("type"), Some(Value::Array(types)) if types.iter().any(|t| t == "null"))
        || null_branch
        || null_value
}

/// Whether non-null values of a list are of more than one JSON type.
fn mixed_kinds(values: &[Value]) -> bool {
    let kind = |v: &Value| match v {
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
        Value::Null => 0,
    };
    let mut kinds: Vec<u8> = values.iter().map(kind).filter(|k| *k != 0).collect();
    kinds.dedup();
    kinds.windows(2).any(|w| w[0] != w[1])
}

/// `{"type": "null"}` (with annotations at most).
fn is_null_schema(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some("null")
}

/// Keywords that only annotate a schema; a member made only of these adds no shape.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "$comment",
];

/// The index of the only member of `allOf` / `oneOf` / `anyOf` that gives a
/// shape, when the others are annotations or `{type: null}` and the schema
/// itself adds no properties: `allOf: [{$ref}, {description}]`,
/// `oneOf: [{$ref}, {type: null}]`.
fn single_shape_member(map: &Map<String, Value>, keyword: &str) -> Option<usize> {
    let members = map.get(keyword)?.as_array()?;
    if map.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty()) {
        return None;
    }
    let annotation_only =
        |m: &Value| m.as_object().is_some_and(|o| o.keys().all(|k| ANNOTATIONS.contains(&k.as_str())));
    let shaped: Vec<usize> =
        (0..members.len()).filter(|i| !annotation_only(&members[*i]) && !is_null_schema(&members[*i])).collect();
    match shaped.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// The non-null types a schema declares.
fn schema_types(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => Vec::new(),
    }
}

/// The values of a string enum (or string `const`), without `null`.
fn string_enum(map: &Map<String, Value>) -> Option<Vec<String>> {
    if let Some(Value::String(value)) = map.get("const") {
        return Some(vec![value.clone()]);
    }
    let values = map.get("enum")?.as_array()?;
    let strings: Vec<String> = values.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    let non_null = values.iter().filter(|v| !v.is_null()).count();
    (!strings.is_empty() && strings.len() == non_null).then_some(strings)
}

fn enum_kind(values: Vec<String>) -> TypeKind {
    let mut unique: Vec<String> = Vec::new();
    for value in values {
        if !unique.contains(&value) {
            unique.push(value);
        }
    }
    let refs: Vec<&str> = unique.iter().map(String::as_str).collect();
    let variants = naming::enum_variant_names(&refs, &["Other"]);
    TypeKind::Enum {
        values: unique.into_iter().zip(variants).map(|(value, variant)| EnumValue { value, variant }).collect(),
    }
}

/// The shape of a string, integer, number or boolean schema, its `format`
/// included (`date-time`, `date`, integer widths); `None` for any
/// other schema. Shared by schemas and operation parameters.
pub(crate) fn primitive_shape(map: &Map<String, Value>) -> Option<Shape> {
    let format = map.get("format").and_then(Value::as_str);
    Some(match schema_types(map).first().copied()? {
        "string" => match format {
            Some("date-time") => Shape::DateTime,
            Some("date") => Shape::Date,
            _ => Shape::String,
        },
        "integer" => integer_shape(map, format),
        "number" => Shape::Number,
        "boolean" => Shape::Bool,
        _ => return None,
    })
}

/// Whether a schema needs a Rust type of its own (rather than a primitive,
/// `Vec` or map written inline).
fn needs_named_type(map: &Map<String, Value>) -> bool {
    let has_properties = map.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
    let combines = |k: &str| map.get(k).is_some_and(Value::is_array) && single_shape_member(map, k).is_none();
    has_properties
        || string_enum(map).is_some()
        || ["oneOf", "anyOf", "allOf"].iter().any(|k| combines(k))
        || schema_types(map).len() > 1
}

/// The `format` of a string schema when its Rust type (a `String`) does not
/// carry it; `primitive_shape` decides which formats are typed.
fn string_format(map: &Map<String, Value>) -> Option<String> {
    let format = map.get("format")?.as_str()?;
    (primitive_shape(map) == Some(Shape::String)).then(|| format.to_owned())
}

/// Documentation keywords of a schema.
fn docs_of(map: &Map<String, Value>) -> Docs {
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut examples: Vec<String> = map.get("example").map(Value::to_string).into_iter().collect();
    if let Some(Value::Array(list)) = map.get("examples") {
        examples.extend(list.iter().map(Value::to_string));
    }
    let flag = |key: &str| map.get(key).and_then(Value::as_bool).unwrap_or(false);
    Docs {
        title: text("title"),
        description: text("description"),
        examples,
        default: map.get("default").cloned(),
        deprecated: flag("deprecated"),
        format: string_format(map),
        read_only: flag("readOnly"),
        write_only: flag("writeOnly"),
    }
}
