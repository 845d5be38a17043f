//! Schemas: named types matched by their original name, inline types
//! compared through the fields (and union variants, array items, map values)
//! that contain them, recursively, so a change deep inside an inline object
//! is reported at its field path.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{operations, Area, Change, Class, Kind, Side};
use crate::ir::{
    self, Body, Docs, EnumValue, Field, Ir, Response, Shape, TypeDef, TypeId, TypeKind, Undeclared, Variant,
};
use crate::lower::{self, ItemKind, ItemPlan, RustType};
use crate::vendor;

/// Every schema change between the two sides.
pub(super) fn compare(old: &Side, new: &Side) -> Vec<Change> {
    let (old, new) = (Model::new(old), Model::new(new));
    let mut comparer = Comparer { old: &old, new: &new, seen: HashSet::new(), out: Vec::new() };
    comparer.all();
    comparer.operation_bodies();
    comparer.out
}

/// One side, indexed for the comparison.
struct Model<'a> {
    ir: &'a Ir,
    /// Lowered plans by Rust name: the field types exactly as generated.
    plans: HashMap<&'a str, &'a ItemPlan>,
    /// Named types by original schema name.
    named: BTreeMap<String, TypeId>,
    /// Types reachable from a `requestBody`, for the notes.
    requests: HashSet<TypeId>,
}

impl<'a> Model<'a> {
    fn new(side: &'a Side) -> Self {
        let ir = &side.ir;
        let mut named = BTreeMap::new();
        for (index, def) in ir.types.iter().enumerate() {
            let Some(name) = &def.schema_name else { continue };
            // One name in two documents of a side: keep both, the later one
            // suffixed (documents are in path order, so this is stable).
            let mut key = name.clone();
            let mut n = 2;
            while named.contains_key(&key) {
                key = format!("{name} ({n})");
                n += 1;
            }
            named.insert(key, TypeId(index));
        }
        // Request types: what request bodies are made of, and (for documents
        // without operations) the schemas a vendor convention names as requests.
        let by_name = named.iter().filter(|(name, _)| vendor::is_request_schema_name(name)).map(|(_, id)| *id);
        let requests = reachable(ir, operations::request_types(ir).into_iter().chain(by_name));
        let plans = side.plans.iter().map(|plan| (plan.name.as_str(), plan)).collect();
        Model { ir, plans, named, requests }
    }

    fn def(&self, id: TypeId) -> &'a TypeDef {
        self.ir.get(id)
    }

    /// The Rust type of a field as `lower` spells it (presence and boxing included).
    fn field_type(&self, owner: TypeId, field: &Field) -> String {
        let plan = self.plans.get(self.def(owner).name.as_str()).and_then(|plan| match &plan.kind {
            ItemKind::Struct { fields, .. } => fields.iter().find(|f| f.json_name == field.json_name),
            _ => None,
        });
        match plan {
            Some(plan) => show(&plan.ty),
            None => show(&lower::rust_type(self.ir, &field.shape)),
        }
    }

    /// The Rust name `lower` gives a field of `owner`.
    fn field_name(&self, owner: TypeId, field: &Field) -> String {
        match &self.def(owner).kind {
            TypeKind::Struct { fields, .. } => lower::field_name_of(fields, &field.json_name),
            _ => None,
        }
        .unwrap_or_else(|| field.json_name.clone())
    }

    fn shape_type(&self, shape: &Shape) -> String {
        show(&lower::rust_type(self.ir, shape))
    }
}

/// Every type reachable from `roots` through fields, variants and aliases.
fn reachable(ir: &Ir, roots: impl Iterator<Item = TypeId>) -> HashSet<TypeId> {
    let mut seen = HashSet::new();
    let mut stack: Vec<TypeId> = roots.collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &ir.get(id).kind {
            TypeKind::Struct { fields, undeclared } => {
                fields.iter().for_each(|f| named_in(&f.shape, &mut stack));
                if let Undeclared::Typed(members) = undeclared {
                    named_in(members, &mut stack);
                }
            }
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named_in(&v.shape, &mut stack)),
            TypeKind::Alias { shape } => named_in(shape, &mut stack),
            TypeKind::Enum { .. } | TypeKind::Const { .. } => {}
        }
    }
    seen
}

fn named_in(shape: &Shape, out: &mut Vec<TypeId>) {
    match shape {
        Shape::Array(inner) | Shape::Map(inner) | Shape::Nullable(inner) => named_in(inner, out),
        Shape::Tuple(items) => items.iter().for_each(|item| named_in(item, out)),
        Shape::Named(id) => out.push(*id),
        _ => {}
    }
}

/// Where in a schema the comparison is.
#[derive(Clone)]
struct At {
    schema: String,
    path: String,
}

impl At {
    fn root(schema: &str) -> At {
        At { schema: schema.to_owned(), path: String::new() }
    }

    fn field(&self, name: &str) -> At {
        let path = if self.path.is_empty() { name.to_owned() } else { format!("{}.{name}", self.path) };
        At { schema: self.schema.clone(), path }
    }

    /// `[]` (array item), `{}` (map value), `::Variant`.
    fn suffix(&self, suffix: &str) -> At {
        At { schema: self.schema.clone(), path: format!("{}{suffix}", self.path) }
    }
}

struct Comparer<'a> {
    old: &'a Model<'a>,
    new: &'a Model<'a>,
    /// Inline type pairs already compared: a type reached twice (or through
    /// itself) is reported once, and recursion ends.
    seen: HashSet<(TypeId, TypeId)>,
    out: Vec<Change>,
}

impl Comparer<'_> {
    fn push(
        &mut self,
        class: Class,
        kind: Kind,
        at: &At,
        before: Option<String>,
        after: Option<String>,
        note: Option<String>,
    ) {
        self.out.push(Change {
            class,
            area: Area::Schema,
            kind,
            subject: at.schema.clone(),
            path: at.path.clone(),
            before,
            after,
            note,
        });
    }

    fn all(&mut self) {
        let (old, new) = (self.old, self.new);
        for (name, &a) in &old.named {
            match new.named.get(name) {
                Some(&b) => self.named_pair(name, a, b),
                None => {
                    let before = Some(old.def(a).name.clone());
                    self.push(Class::Breaking, Kind::TypeRemoved, &At::root(name), before, None, None);
                }
            }
        }
        for (name, &b) in &new.named {
            if !old.named.contains_key(name) {
                let after = Some(new.def(b).name.clone());
                self.push(Class::Additive, Kind::TypeAdded, &At::root(name), None, after, None);
            }
        }
    }

    /// The inline request and response bodies of the operations both sides
    /// have (`POST /pets response 202`): they belong to no named schema, so
    /// [`Comparer::all`] never reaches them.
    fn operation_bodies(&mut self) {
        let (old, new) = (self.old.ir, self.new.ir);
        let mut by_identity: HashMap<String, &ir::Operation> = HashMap::new();
        for op in &new.operations {
            by_identity.entry(operations::identity(op)).or_insert(op);
        }
        for a in &old.operations {
            let Some(b) = by_identity.get(&operations::identity(a)) else { continue };
            let display = operations::display(b);
            if let (Body::Json { shape: sa, .. }, Body::Json { shape: sb, .. }) = (&a.body, &b.body) {
                self.inline_bodies(&format!("{display} request body"), sa, sb);
            }
            for response in &a.responses {
                let Response::Json { status, shape: sa } = response else { continue };
                let same_status = b.responses.iter().find_map(|r| match r {
                    Response::Json { status: s, shape } if s == status => Some(shape),
                    _ => None,
                });
                if let Some(sb) = same_status {
                    self.inline_bodies(&format!("{display} response {status}"), sa, sb);
                }
            }
        }
    }

    /// Compare two body shapes when both are inline types (or lists of them).
    fn inline_bodies(&mut self, subject: &str, sa: &Shape, sb: &Shape) {
        match (sa, sb) {
            // Inline on both sides, and not compared yet (`seen` records the pair).
            (Shape::Named(a), Shape::Named(b))
                if self.old.def(*a).schema_name.is_none()
                    && self.new.def(*b).schema_name.is_none()
                    && self.seen.insert((*a, *b)) =>
            {
                self.types(&At::root(subject), *a, *b);
            }
            (Shape::Array(x), Shape::Array(y)) => self.inline_bodies(&format!("{subject}[]"), x, y),
            _ => {}
        }
    }

    fn named_pair(&mut self, name: &str, a: TypeId, b: TypeId) {
        self.seen.insert((a, b));
        let at = At::root(name);
        // Inline types carry the docs of the property that holds them, which
        // are compared with the field; only named types have docs of their own.
        self.docs(&at, &self.old.def(a).docs, &self.new.def(b).docs);
        self.types(&at, a, b);
    }

    /// Compare two types found at the same place.
    fn types(&mut self, at: &At, a: TypeId, b: TypeId) {
        let (da, db) = (self.old.def(a), self.new.def(b));
        match (&da.kind, &db.kind) {
            (TypeKind::Struct { fields: fa, undeclared: ua }, TypeKind::Struct { fields: fb, undeclared: ub }) => {
                self.closedness(at, *ua == Undeclared::Rejected, *ub == Undeclared::Rejected);
                self.structs(at, a, fa, b, fb);
            }
            (TypeKind::Enum { values: va }, TypeKind::Enum { values: vb }) => self.enums(at, da, va, db, vb),
            (TypeKind::Const { value: x }, TypeKind::Const { value: y }) if x != y => {
                let note = Some(format!("`{}` accepts only its one value", db.name));
                self.push(Class::Breaking, Kind::ConstChanged, at, Some(quoted(x)), Some(quoted(y)), note);
            }
            (TypeKind::Const { .. }, TypeKind::Const { .. }) => {}
            (TypeKind::Const { value }, TypeKind::Enum { values }) => {
                let note =
                    format!("{} only → {}: a strict unit struct became an open enum", quoted(value), listed(values));
                self.push(
                    Class::Breaking,
                    Kind::ClosedEnumWidened,
                    at,
                    Some(da.name.clone()),
                    Some(db.name.clone()),
                    Some(note),
                );
            }
            (TypeKind::Enum { values }, TypeKind::Const { value }) => {
                let note = format!("{} → {} only", listed(values), quoted(value));
                self.push(
                    Class::Breaking,
                    Kind::EnumNarrowed,
                    at,
                    Some(da.name.clone()),
                    Some(db.name.clone()),
                    Some(note),
                );
            }
            (TypeKind::Union { variants: va, tag: ta }, TypeKind::Union { variants: vb, tag: tb }) => {
                self.unions(at, (va, ta), (vb, tb));
            }
            (TypeKind::Alias { shape: sa }, TypeKind::Alias { shape: sb }) => {
                if !self.same_shape(at, sa, sb) {
                    let (before, after) = (self.old.shape_type(sa), self.new.shape_type(sb));
                    self.push(Class::Breaking, Kind::TypeChanged, at, Some(before), Some(after), None);
                }
            }
            _ => {
                let (before, after) =
                    (format!("{} {}", kind_word(&da.kind), da.name), format!("{} {}", kind_word(&db.kind), db.name));
                self.push(Class::Breaking, Kind::KindChanged, at, Some(before), Some(after), None);
            }
        }
    }

    /// `additionalProperties: false` added (payloads that decoded may not) or
    /// removed (`deny_unknown_fields` dropped: nothing that decoded fails).
    fn closedness(&mut self, at: &At, before: bool, after: bool) {
        let word = |closed: bool| if closed { "closed" } else { "open" }.to_owned();
        match (before, after) {
            (false, true) => {
                self.push(Class::Breaking, Kind::ObjectClosed, at, Some(word(before)), Some(word(after)), None)
            }
            (true, false) => {
                self.push(Class::Additive, Kind::ObjectOpened, at, Some(word(before)), Some(word(after)), None)
            }
            _ => {}
        }
    }

    fn structs(&mut self, at: &At, a: TypeId, fa: &[Field], b: TypeId, fb: &[Field]) {
        let request = self.old.requests.contains(&a) || self.new.requests.contains(&b);
        let mut added: Vec<&Field> = fb.iter().filter(|g| !fa.iter().any(|f| f.json_name == g.json_name)).collect();
        for f in fa {
            match fb.iter().find(|g| g.json_name == f.json_name) {
                Some(g) => self.field(&at.field(&f.json_name), (a, f), (b, g), request),
                None => self.removed_field(at, (a, f), b, &mut added),
            }
        }
        for g in added {
            let after = Some(self.new.field_type(b, g));
            let at = at.field(&g.json_name);
            if g.required {
                let note = if request { "requests must send it" } else { "struct literals must set it" };
                self.push(Class::Breaking, Kind::RequiredFieldAdded, &at, None, after, Some(note.into()));
            } else {
                self.push(Class::Additive, Kind::FieldAdded, &at, None, after, None);
            }
        }
    }

    /// A field gone from the new struct: renamed when a new field of the same
    /// Rust type carries the same (non-empty) description, else removed.
    fn removed_field(&mut self, at: &At, (a, f): (TypeId, &Field), b: TypeId, added: &mut Vec<&Field>) {
        let ty = self.old.field_type(a, f);
        let described = f.docs.description.as_deref().is_some_and(|d| !d.trim().is_empty());
        let renamed = added
            .iter()
            .position(|g| described && g.docs.description == f.docs.description && self.new.field_type(b, g) == ty);
        match renamed {
            Some(index) => {
                let g = added.remove(index);
                let (before, after) =
                    (format!("{}: {ty}", self.old.field_name(a, f)), format!("{}: {ty}", self.new.field_name(b, g)));
                let note = Some(format!("JSON `{}` → `{}`", f.json_name, g.json_name));
                self.push(
                    Class::Breaking,
                    Kind::FieldRenamed,
                    &at.field(&f.json_name),
                    Some(before),
                    Some(after),
                    note,
                );
            }
            None => self.push(Class::Breaking, Kind::FieldRemoved, &at.field(&f.json_name), Some(ty), None, None),
        }
    }

    fn field(&mut self, at: &At, (a, f): (TypeId, &Field), (b, g): (TypeId, &Field), request: bool) {
        self.docs(at, &f.docs, &g.docs);
        let (before, after) = (self.old.field_type(a, f), self.new.field_type(b, g));
        let presence = presence_changes(f, g);
        // "became nullable: may be `null` now", for each flag that changed.
        let described: Vec<String> =
            presence.iter().map(|kind| format!("{}: {}", kind.describe(), presence_effect(*kind, request))).collect();
        if !self.same_shape(at, &f.shape, &g.shape) {
            let note = (!described.is_empty()).then(|| format!("also {}", described.join("; also ")));
            self.push(Class::Breaking, Kind::TypeChanged, at, Some(before), Some(after), note);
            return;
        }
        match presence.first() {
            // Same shape, same flags: only boxing (recursion) or the
            // generated name of an inline type can still differ.
            None if before != after => {
                let note =
                    if f.boxed != g.boxed { "boxing changed" } else { "the inline type's generated name changed" };
                let note = Some(note.to_owned());
                self.push(Class::Breaking, Kind::TypeChanged, at, Some(before), Some(after), note);
            }
            None => {}
            // `serde_json::Value` holds `null` itself: the flag changed, the type did not.
            Some(_) if before == after => {
                let note = Some(format!("{}; the Rust type is unchanged", described.join("; ")));
                self.push(Class::DocsOnly, Kind::Docs, at, Some(before), Some(after), note);
            }
            Some(&kind) => {
                let mut note = presence_effect(kind, request).to_owned();
                for other in &described[1..] {
                    note.push_str("; also ");
                    note.push_str(other);
                }
                self.push(Class::Breaking, kind, at, Some(before), Some(after), Some(note));
            }
        }
    }

    /// Whether two shapes give the same Rust type at this level. Inline types
    /// are compared member by member (reported at their own paths), so two
    /// inline types at the same place count as the same here.
    fn same_shape(&mut self, at: &At, sa: &Shape, sb: &Shape) -> bool {
        match (sa, sb) {
            (Shape::Array(x), Shape::Array(y)) => self.same_shape(&at.suffix("[]"), x, y),
            (Shape::Map(x), Shape::Map(y)) => self.same_shape(&at.suffix("{}"), x, y),
            (Shape::Tuple(xs), Shape::Tuple(ys)) if xs.len() == ys.len() => {
                // Every position is compared (and reported) even after a difference.
                let same: Vec<bool> = xs
                    .iter()
                    .zip(ys)
                    .enumerate()
                    .map(|(i, (x, y))| self.same_shape(&at.suffix(&format!("[{i}]")), x, y))
                    .collect();
                same.iter().all(|s| *s)
            }
            (Shape::Nullable(x), Shape::Nullable(y)) => self.same_shape(at, x, y),
            (Shape::Named(x), Shape::Named(y)) => self.same_named(at, *x, *y),
            // Different constructors, or equal primitives.
            _ => sa == sb,
        }
    }

    fn same_named(&mut self, at: &At, x: TypeId, y: TypeId) -> bool {
        let (dx, dy) = (self.old.def(x), self.new.def(y));
        let inline = match (&dx.schema_name, &dy.schema_name) {
            // A named type is compared once, under its own name.
            (Some(p), Some(q)) => return p == q,
            (None, None) => true,
            // Extracted into (or inlined from) a named schema: the same type
            // for Rust code only when its name stayed.
            _ => dx.name == dy.name,
        };
        if inline && self.seen.insert((x, y)) {
            self.types(at, x, y);
        }
        inline
    }

    fn enums(&mut self, at: &At, da: &TypeDef, va: &[EnumValue], db: &TypeDef, vb: &[EnumValue]) {
        for v in va.iter().filter(|v| !vb.iter().any(|w| w.value == v.value)) {
            let before = Some(format!("{}::{}", da.name, v.variant));
            self.push(
                Class::Breaking,
                Kind::EnumValueRemoved,
                at,
                before,
                None,
                Some(format!("value {}", quoted(&v.value))),
            );
        }
        for w in vb.iter().filter(|w| !va.iter().any(|v| v.value == w.value)) {
            let after = Some(format!("{}::{}", db.name, w.variant));
            let note = Some(format!("value {}; the enum is open (`Other`)", quoted(&w.value)));
            self.push(Class::Additive, Kind::EnumValueAdded, at, None, after, note);
        }
    }

    fn unions(&mut self, at: &At, (va, ta): (&[Variant], &Option<String>), (vb, tb): (&[Variant], &Option<String>)) {
        if ta != tb {
            self.push(Class::Breaking, Kind::UnionTagChanged, at, ta.clone(), tb.clone(), None);
        }
        let (old, new) = (self.old, self.new);
        for v in va {
            let key = variant_key(old, v);
            match vb.iter().find(|w| variant_key(new, w) == key) {
                Some(w) => {
                    let at = at.suffix(&format!("::{}", w.name));
                    if !self.same_shape(&at, &v.shape, &w.shape) {
                        let (before, after) = (old.shape_type(&v.shape), new.shape_type(&w.shape));
                        self.push(Class::Breaking, Kind::VariantChanged, &at, Some(before), Some(after), None);
                    }
                }
                None => {
                    let before = Some(old.shape_type(&v.shape));
                    self.push(
                        Class::Breaking,
                        Kind::VariantRemoved,
                        &at.suffix(&format!("::{}", v.name)),
                        before,
                        None,
                        None,
                    );
                }
            }
        }
        for w in vb.iter().filter(|w| !va.iter().any(|v| variant_key(old, v) == variant_key(new, w))) {
            // A tagged union keeps unknown tags in `Other`, like an open enum;
            // other unions have no catch-all, so a new branch is a new case to match.
            let (class, note) = match tb {
                Some(_) => (Class::Additive, "tagged union: unknown tags already land in `Other`"),
                None => (Class::Breaking, "untagged union without a catch-all: exhaustive matches must handle it"),
            };
            let after = Some(new.shape_type(&w.shape));
            self.push(class, Kind::VariantAdded, &at.suffix(&format!("::{}", w.name)), None, after, Some(note.into()));
        }
    }

    fn docs(&mut self, at: &At, da: &Docs, db: &Docs) {
        let mut parts = Vec::new();
        let checks = [
            ("title", da.title != db.title),
            ("description", da.description != db.description),
            ("examples", da.examples != db.examples),
            ("default", da.default != db.default),
            ("readOnly", da.read_only != db.read_only),
            ("writeOnly", da.write_only != db.write_only),
        ];
        parts.extend(checks.iter().filter(|(_, changed)| *changed).map(|(part, _)| *part));
        if !parts.is_empty() {
            self.push(Class::DocsOnly, Kind::Docs, at, None, None, Some(parts.join(", ")));
        }
        if da.deprecated != db.deprecated {
            let mark = |on: bool| on.then(|| "#[deprecated]".to_owned());
            let note = if db.deprecated { "now deprecated: uses warn" } else { "no longer deprecated" };
            self.push(
                Class::DocsOnly,
                Kind::Deprecated,
                at,
                mark(da.deprecated),
                mark(db.deprecated),
                Some(note.into()),
            );
        }
    }
}

/// The presence flags that changed, nullability first.
fn presence_changes(f: &Field, g: &Field) -> Vec<Kind> {
    let mut kinds = Vec::new();
    match (f.nullable, g.nullable) {
        (false, true) => kinds.push(Kind::BecameNullable),
        (true, false) => kinds.push(Kind::NoLongerNullable),
        _ => {}
    }
    match (f.required, g.required) {
        (true, false) => kinds.push(Kind::BecameOptional),
        (false, true) => kinds.push(Kind::BecameRequired),
        _ => {}
    }
    kinds
}

/// What a presence change means for code and for the API.
fn presence_effect(kind: Kind, request: bool) -> &'static str {
    match (kind, request) {
        (Kind::BecameRequired, true) => "optional became required in a request, the API rejects requests without it",
        (Kind::BecameRequired, false) => "always present now",
        (Kind::BecameOptional, true) => "requests may leave it out",
        (Kind::BecameOptional, false) => "may be absent now",
        (Kind::BecameNullable, _) => "may be `null` now",
        _ => "never `null` now",
    }
}

/// How a union branch is recognised on both sides: its tag value, else the
/// named schema it is, else its variant name.
fn variant_key(model: &Model, variant: &Variant) -> String {
    if let Some(tag) = &variant.tag_value {
        return format!("tag {tag}");
    }
    let id = match &variant.shape {
        Shape::Nullable(inner) => match **inner {
            Shape::Named(id) => Some(id),
            _ => None,
        },
        Shape::Named(id) => Some(*id),
        _ => None,
    };
    match id.and_then(|id| model.def(id).schema_name.as_deref()) {
        Some(schema) => format!("schema {schema}"),
        None => format!("variant {}", variant.name),
    }
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Const { .. } => "unit struct",
        TypeKind::Union { .. } => "union enum",
        TypeKind::Alias { .. } => "type alias",
    }
}

fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| value.to_owned())
}

fn listed(values: &[EnumValue]) -> String {
    values.iter().map(|v| quoted(&v.value)).collect::<Vec<_>>().join(", ")
}

/// A Rust type as written in code, without `crate::` paths.
pub(super) fn show(ty: &RustType) -> String {
    let wrap = |outer: &str, inner: &RustType| format!("{outer}<{}>", show(inner));
    match ty {
        RustType::Bool => "bool".into(),
        RustType::I64 => "i64".into(),
        RustType::F64 => "f64".into(),
        RustType::Number => "Number".into(),
        RustType::String => "String".into(),
        RustType::DateTime => "DateTime".into(),
        RustType::Date => "FullDate".into(),
        RustType::Primitive(name) => (*name).into(),
        RustType::Json => "serde_json::Value".into(),
        RustType::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        RustType::Vec(inner) => wrap("Vec", inner),
        RustType::Tuple(items) => format!("({})", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        RustType::Map(inner) => format!("BTreeMap<String, {}>", show(inner)),
        RustType::Option(inner) => wrap("Option", inner),
        RustType::Tristate(inner) => wrap("Tristate", inner),
        RustType::Box(inner) => wrap("Box", inner),
        RustType::Named(name) | RustType::RootNamed(name) => name.clone(),
        RustType::FilePart => "FilePart".into(),
    }
}
