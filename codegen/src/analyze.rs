//! Stage 3, analyze: the decisions that need the whole resolved graph, made
//! once rather than while recursing, all run from [`analyze`] in the order
//! they depend on each other. After it the IR is frozen: `lower` and later
//! stages only read it (and ask it [`Ir::struct_behind`]), and `diff` builds
//! its IR through the same function.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::{Body, Docs, EnumValue, Ir, Shape, TypeId, TypeKind, Undeclared, Variant};

/// Every whole-graph pass over a resolved IR, in order; the IR it returns is
/// final. Fails only on a cycle of aliases (`A: {$ref: B}`, `B: {$ref: A}`),
/// which no Rust type can express.
pub fn analyze(mut ir: Ir) -> Result<Ir, Diagnostics> {
    // 1. Unions tagged by a single-value property (JSON:API `type`). First:
    //    the next pass merges look-alike branches of untagged unions only.
    detect_tags(&mut ir);
    // 2. Look-alike branches of untagged unions become one. Before boxing:
    //    it changes which types a union contains.
    merge_identical_variants(&mut ir);
    // 3. Box what a type contains of itself, on the final containment edges;
    //    a cycle of aliases only is the one error of this stage.
    box_recursive_fields(&mut ir)?;
    // 4. Attributes a sparse fieldset may leave out become optional. Before
    //    sharing: it changes `required`, which sharing compares.
    mark_sparse_fieldsets(&mut ir);
    // 5. Identical inline types become aliases of one. Last of the passes
    //    that change types: it compares them finished (boxing, optionality).
    share_identical_types(&mut ir);
    // 6. Which area features compile each type, on the final references (an
    //    alias's areas reach its representative).
    let gates = area_gates(&ir);
    for (def, gates) in ir.types.iter_mut().zip(gates) {
        def.area_gates = gates;
    }
    Ok(ir)
}

/// For each union whose branches are all objects carrying a required
/// single-value property with a distinct value per branch (JSON:API's `type`),
/// record that property as the union's tag. `type` is tried first, then the
/// other properties of the first branch in order.
fn detect_tags(ir: &mut Ir) {
    for index in 0..ir.types.len() {
        // A union tagged by its `discriminator` keeps that tag.
        let TypeKind::Union { variants, tag: None } = &ir.types[index].kind else { continue };
        let structs: Option<Vec<TypeId>> = variants.iter().map(|v| ir.struct_behind(&v.shape)).collect();
        let Some(structs) = structs else { continue };
        let Some(first) = structs.first() else { continue };
        let TypeKind::Struct { fields, .. } = &ir.get(*first).kind else { continue };
        let mut candidates: Vec<&str> = fields.iter().map(|f| f.json_name.as_str()).collect();
        candidates.sort_by_key(|name| *name != "type");
        let found = candidates.into_iter().find_map(|tag| {
            let values: Option<Vec<String>> = structs.iter().map(|s| const_field(ir, *s, tag)).collect();
            let values = values?;
            let distinct = values.iter().enumerate().all(|(i, v)| !values[..i].contains(v));
            distinct.then(|| (tag.to_owned(), values))
        });
        if let Some((tag_name, values)) = found {
            if let TypeKind::Union { variants, tag } = &mut ir.types[index].kind {
                *tag = Some(tag_name);
                for (variant, value) in variants.iter_mut().zip(values) {
                    variant.tag_value = Some(value);
                }
            }
        }
    }
}

/// Merge the variants of an untagged union that accept exactly the same JSON
/// (e.g. Klaviyo's `EmailSendOptions` / `SMSSendOptions`, both
/// `{use_smart_sending}`): no payload can tell them apart, so one variant named
/// `AOrB` holds the first one's type rather than silently claiming `A`.
fn merge_identical_variants(ir: &mut Ir) {
    for index in 0..ir.types.len() {
        let TypeKind::Union { variants, tag: None } = &ir.types[index].kind else { continue };
        let mut merged: Vec<Variant> = Vec::new();
        let mut changed = false;
        for variant in variants {
            match merged.iter_mut().find(|m| same_json(ir, &m.shape, &variant.shape)) {
                Some(existing) => {
                    // The same type twice is just a duplicate; two look-alike types are named together.
                    if existing.shape != variant.shape {
                        existing.name = crate::naming::stem::either(&existing.name, &variant.name);
                    }
                    changed = true;
                }
                None => merged.push(variant.clone()),
            }
        }
        if changed {
            ir.types[index].kind = TypeKind::Union { variants: merged, tag: None };
        }
    }
}

/// Whether two shapes accept the same JSON: equal shapes, or two structs with
/// the same fields (name, shape, required, nullable) in any order.
fn same_json(ir: &Ir, a: &Shape, b: &Shape) -> bool {
    if a == b {
        return true;
    }
    let (Some(a), Some(b)) = (ir.struct_behind(a), ir.struct_behind(b)) else { return false };
    let (TypeKind::Struct { fields: fa, undeclared: ua }, TypeKind::Struct { fields: fb, undeclared: ub }) =
        (&ir.get(a).kind, &ir.get(b).kind)
    else {
        return false;
    };
    ua == ub
        && fa.len() == fb.len()
        && fa.iter().all(|f| {
            fb.iter().any(|g| {
                f.json_name == g.json_name && f.shape == g.shape && f.required == g.required && f.nullable == g.nullable
            })
        })
}

/// JSON:API sparse fieldsets (JSON:API 1.1, "Sparse Fieldsets"): a request
/// with `fields[TYPE]=a,b` gets back resources of type `TYPE` whose
/// `attributes` hold only `a` and `b`. Every resource struct (a struct whose
/// `type` is the single value `TYPE` and that has `attributes`) of a type
/// some operation has a `fields[TYPE]` parameter for is a response resource
/// unless a request body reaches it; its attributes are marked as
/// sparse-fieldset members, which makes them optional: a response to a
/// request that did not ask for one still decodes, and the field says the
/// attribute was not sent. (By type rather than by reachability from the
/// responses, so a resource schema that responses use through `allOf` is
/// marked like the merged one.)
fn mark_sparse_fieldsets(ir: &mut Ir) {
    let mut fieldsets: Vec<(&str, &str)> = ir
        .operations
        .iter()
        .flat_map(|operation| &operation.params)
        .filter_map(|p| Some((p.name.strip_prefix("fields[")?.strip_suffix(']')?, p.name.as_str())))
        .collect();
    fieldsets.sort_unstable();
    fieldsets.dedup_by_key(|(fieldset, _)| *fieldset);
    if fieldsets.is_empty() {
        return;
    }
    let in_requests = reached_by_request_bodies(ir);
    let mut sparse: BTreeMap<TypeId, String> = BTreeMap::new();
    for (index, def) in ir.types.iter().enumerate() {
        if in_requests.contains(&TypeId(index)) {
            continue;
        }
        if let Some((attributes, param)) = resource_attributes(ir, &def.kind, &fieldsets) {
            if !in_requests.contains(&attributes) {
                sparse.entry(attributes).or_insert_with(|| param.to_owned());
            }
        }
    }
    for (id, param) in sparse {
        if let TypeKind::Struct { fields, .. } = &mut ir.types[id.0].kind {
            for field in fields {
                field.required = false;
                field.sparse_fieldset = Some(param.clone());
            }
        }
    }
}

/// Every type a request body contains, at any depth.
fn reached_by_request_bodies(ir: &Ir) -> HashSet<TypeId> {
    let mut stack = Vec::new();
    for operation in &ir.operations {
        match &operation.body {
            Body::Json { shape, .. } => collect_named(shape, &mut stack),
            Body::Multipart { parts, .. } => {
                for part in parts {
                    if let crate::ir::PartKind::Text { shape, .. } = &part.kind {
                        collect_named(shape, &mut stack);
                    }
                }
            }
            _ => {}
        }
    }
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(referenced_types(&ir.get(id).kind));
        }
    }
    seen
}

/// The attributes struct of a JSON:API resource whose `type` one of the
/// sparse fieldsets (`(type, parameter)`) names, and that parameter.
fn resource_attributes<'a>(ir: &Ir, kind: &TypeKind, fieldsets: &[(&str, &'a str)]) -> Option<(TypeId, &'a str)> {
    let TypeKind::Struct { fields, .. } = kind else { return None };
    let tag = fields.iter().find(|f| f.json_name == "type")?;
    let Shape::Named(tag) = &tag.shape else { return None };
    let TypeKind::Const { value } = &ir.get(*tag).kind else { return None };
    let (_, param) = fieldsets.iter().find(|(fieldset, _)| fieldset == value)?;
    let attributes = fields.iter().find(|f| f.json_name == "attributes")?;
    Some((ir.struct_behind(&attributes.shape)?, param))
}

/// The single allowed value of a required, non-null property of a struct.
fn const_field(ir: &Ir, id: TypeId, name: &str) -> Option<String> {
    let TypeKind::Struct { fields, .. } = &ir.get(id).kind else { return None };
    let field = fields.iter().find(|f| f.json_name == name && f.required && !f.nullable)?;
    let Shape::Named(target) = &field.shape else { return None };
    match &ir.get(*target).kind {
        TypeKind::Const { value } => Some(value.clone()),
        _ => None,
    }
}

/// For each type, the indices of the areas (`Ir::areas`) whose operations
/// reach it through any chain of references: a type is compiled when any of
/// those areas' features is on, and everything it references is reached by
/// the same areas, so every feature combination compiles.
fn area_membership(ir: &Ir) -> Vec<Vec<usize>> {
    let mut membership = vec![Vec::new(); ir.types.len()];
    for (area_index, area) in ir.areas.iter().enumerate() {
        let mut stack: Vec<TypeId> = area.roots.clone();
        while let Some(id) = stack.pop() {
            let areas = &mut membership[id.0];
            if areas.last() == Some(&area_index) {
                continue;
            }
            areas.push(area_index);
            stack.extend(referenced_types(&ir.get(id).kind));
        }
    }
    membership
}

/// When a type is compiled, as sets of area indices: the type is on when, for
/// every set, at least one of its areas is on. A type some area reaches has
/// one set (its areas). A type no operation reaches (a component used only
/// through an `allOf` merge, or not at all) needs every type it refers to, so
/// it gets the sets of those types; no sets means always compiled.
fn area_gates(ir: &Ir) -> Vec<Vec<Vec<usize>>> {
    let membership = area_membership(ir);
    (0..ir.types.len())
        .map(|index| {
            if !membership[index].is_empty() {
                return vec![membership[index].clone()];
            }
            let mut sets: Vec<Vec<usize>> = Vec::new();
            let mut visited = vec![false; ir.types.len()];
            let mut stack = vec![TypeId(index)];
            while let Some(id) = stack.pop() {
                if std::mem::replace(&mut visited[id.0], true) {
                    continue;
                }
                match membership[id.0].as_slice() {
                    [] => stack.extend(referenced_types(&ir.get(id).kind)),
                    areas => sets.push(areas.to_vec()),
                }
            }
            minimal_sets(sets)
        })
        .collect()
}

/// Drop sets that contain another set: `any(A)` already implies `any(B)` when A ⊆ B.
fn minimal_sets(mut sets: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    sets.sort_by_key(Vec::len);
    let mut kept: Vec<Vec<usize>> = Vec::new();
    for set in sets {
        if !kept.iter().any(|k| k.iter().all(|a| set.contains(a))) {
            kept.push(set);
        }
    }
    kept.sort();
    kept
}

/// Every type a type refers to, by value or inside containers.
fn referenced_types(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut visit = |shape: &Shape| collect_named(shape, &mut out);
    match kind {
        TypeKind::Struct { fields, undeclared } => {
            fields.iter().for_each(|f| visit(&f.shape));
            if let Undeclared::Typed(members) = undeclared {
                visit(members);
            }
        }
        TypeKind::Union { variants, .. } => variants.iter().for_each(|v| visit(&v.shape)),
        TypeKind::Alias { shape } => visit(shape),
        TypeKind::Enum { .. } | TypeKind::Const { .. } => {}
    }
    out
}

fn collect_named(shape: &Shape, out: &mut Vec<TypeId>) {
    match shape {
        Shape::Named(id) => out.push(*id),
        Shape::Array(inner) | Shape::Map(inner) | Shape::Nullable(inner) => collect_named(inner, out),
        Shape::Tuple(items) => items.iter().for_each(|item| collect_named(item, out)),
        _ => {}
    }
}

/// The types a shape contains by value (not behind a `Vec` or map).
fn direct_targets(shape: &Shape) -> Vec<TypeId> {
    match shape {
        Shape::Named(id) => vec![*id],
        Shape::Nullable(inner) => direct_targets(inner),
        Shape::Tuple(items) => items.iter().flat_map(direct_targets).collect(),
        _ => Vec::new(),
    }
}

/// The types each type contains by value.
fn direct_edges(ir: &Ir) -> Vec<Vec<TypeId>> {
    ir.types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct { fields, .. } => fields.iter().flat_map(|f| direct_targets(&f.shape)).collect(),
            TypeKind::Union { variants, .. } => variants.iter().flat_map(|v| direct_targets(&v.shape)).collect(),
            TypeKind::Alias { shape } => direct_targets(shape),
            TypeKind::Enum { .. } | TypeKind::Const { .. } => Vec::new(),
        })
        .collect()
}

/// Box every field and branch that points back into its own strongly
/// connected component of by-value containment, so every type has a size.
/// A cycle made only of aliases cannot be expressed and is an error.
fn box_recursive_fields(ir: &mut Ir) -> Result<(), Diagnostics> {
    let edges = direct_edges(ir);
    let component = strongly_connected_components(&edges);
    for (index, def) in ir.types.iter_mut().enumerate() {
        let same = |shape: &Shape| direct_targets(shape).iter().any(|t| component[t.0] == component[index]);
        match &mut def.kind {
            TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| f.boxed = same(&f.shape)),
            TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| v.boxed = same(&v.shape)),
            _ => {}
        }
    }
    for (index, def) in ir.types.iter().enumerate() {
        let TypeKind::Alias { shape } = &def.kind else { continue };
        let in_cycle = direct_targets(shape).iter().any(|t| component[t.0] == component[index]);
        let only_aliases = (0..ir.types.len())
            .filter(|j| component[*j] == component[index])
            .all(|j| matches!(ir.types[j].kind, TypeKind::Alias { .. }));
        if in_cycle && only_aliases {
            return Err(Diagnostic::new(
                Code::RefCycle,
                format!("`{}` is defined only by references that lead back to itself", def.name),
            )
            .at(&def.origin.file, &def.origin.pointer)
            .hint("one schema in the chain must define a type instead of referring on")
            .into());
        }
    }
    Ok(())
}

/// Make every inline type that is identical to another inline type an alias
/// of one canonical type, named by what their names share (see
/// [`canonical_type`]), so the crate compiles one
/// struct and one set of serde impls where a spec repeats the same anonymous
/// shape (Klaviyo repeats `{type, id}` relationship data, link objects and
/// status enums hundreds of times). Every name stays usable. Identical means:
/// same kind, same fields (JSON and Rust names, shapes, required, nullable,
/// boxing, field docs and defaults), values or branches, with referenced
/// types identical in turn. Named schemas stay distinct types even when they
/// look alike (each is its own API concept), and so do single-value tags,
/// whose type name is also their value (`FooType` cannot be built through an
/// alias). Inline aliases cost nothing to compile and stay as they are.
fn share_identical_types(ir: &mut Ir) {
    let classes = identical_classes(ir);
    let mut members: BTreeMap<usize, Vec<TypeId>> = BTreeMap::new();
    for (index, class) in classes.iter().enumerate() {
        members.entry(*class).or_default().push(TypeId(index));
    }
    let mut taken: HashSet<String> = ir.types.iter().map(|def| def.name.clone()).collect();
    taken.extend(crate::naming::RESERVED_TYPE_NAMES.iter().map(|name| (*name).to_owned()));
    for mut class in members.into_values().filter(|class| class.len() > 1) {
        class.sort_by(|a, b| ir.get(*a).name.cmp(&ir.get(*b).name));
        let canonical = canonical_type(ir, &class, &mut taken);
        for id in class.into_iter().filter(|id| *id != canonical) {
            let def = &mut ir.types[id.0];
            def.kind = TypeKind::Alias { shape: Shape::Named(canonical) };
            def.same_as = Some(canonical);
        }
    }
}

/// The type a class of identical types shares, named by what their names
/// have in common (`naming::shared_name`): the member of that name, or a new
/// type of that name (a copy of the first member); the first member by name
/// when they share too little or the name is taken.
fn canonical_type(ir: &mut Ir, class: &[TypeId], taken: &mut HashSet<String>) -> TypeId {
    let first = class[0];
    let names: Vec<&str> = class.iter().map(|id| ir.get(*id).name.as_str()).collect();
    let Some(shared) = crate::naming::shared_name(&names) else { return first };
    if let Some(member) = class.iter().find(|id| ir.get(**id).name == shared) {
        return *member;
    }
    if !taken.insert(shared.clone()) {
        return first;
    }
    let mut def = ir.get(first).clone();
    def.name = shared;
    def.schema_name = None;
    ir.types.push(def);
    TypeId(ir.types.len() - 1)
}

/// Partition refinement: start with every type in one class and split by
/// structure (referenced types compared by class) until nothing splits. The
/// result is the coarsest partition consistent with structure, which is what
/// makes recursive look-alikes (`Step.steps: [Step]`) compare equal. Only the
/// classes of referenced types change between rounds, so each type's own
/// structure is written out and numbered once, and a round compares numbers.
fn identical_classes(ir: &Ir) -> Vec<usize> {
    let mut structures: HashMap<Structure, usize> = HashMap::new();
    let (structure, refs): (Vec<usize>, Vec<Vec<TypeId>>) = (0..ir.types.len())
        .map(|index| {
            let mut refs = Vec::new();
            let key = structure_key(ir, index, &mut refs);
            let fresh = structures.len();
            (*structures.entry(key).or_insert(fresh), refs)
        })
        .unzip();
    let mut classes = vec![0; ir.types.len()];
    let mut count = 1;
    loop {
        let mut by_key: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
        let next: Vec<usize> = (0..ir.types.len())
            .map(|index| {
                let key = (structure[index], refs[index].iter().map(|id| classes[id.0]).collect());
                let fresh = by_key.len();
                *by_key.entry(key).or_insert(fresh)
            })
            .collect();
        classes = next;
        if by_key.len() == count {
            return classes;
        }
        count = by_key.len();
    }
}

/// What makes two types interchangeable, provided the types they refer to
/// are: [`structure_key`] replaces each reference by [`PLACEHOLDER`] and
/// lists the referenced types (in order) beside it.
#[derive(PartialEq, Eq, Hash)]
enum Structure<'a> {
    /// A named schema (its own API concept) or a kind never shared: equal only to itself.
    Distinct(usize),
    Struct {
        head: Head<'a>,
        undeclared: Undeclared,
        fields: Vec<FieldStructure<'a>>,
    },
    Enum {
        head: Head<'a>,
        values: &'a [EnumValue],
    },
    Union {
        head: Head<'a>,
        tag: &'a Option<String>,
        variants: Vec<(&'a str, Shape, &'a Option<String>, bool)>,
    },
}

/// The type's own docs that its users see through it: deprecation and default.
#[derive(PartialEq, Eq, Hash)]
struct Head<'a> {
    deprecated: bool,
    default: Option<&'a serde_json::Value>,
}

#[derive(PartialEq, Eq, Hash)]
struct FieldStructure<'a> {
    json_name: &'a str,
    shape: Shape,
    required: bool,
    nullable: bool,
    boxed: bool,
    sparse_fieldset: &'a Option<String>,
    docs: &'a Docs,
}

/// What a reference becomes in a [`Structure`].
const PLACEHOLDER: TypeId = TypeId(usize::MAX);

/// The structure of type `index`, pushing the types it refers to onto `refs`.
fn structure_key<'a>(ir: &'a Ir, index: usize, refs: &mut Vec<TypeId>) -> Structure<'a> {
    let def = &ir.types[index];
    let head = Head { deprecated: def.docs.deprecated, default: def.docs.default.as_ref() };
    let mut shape = |shape: &Shape| anonymous(shape, refs);
    match &def.kind {
        _ if def.schema_name.is_some() => Structure::Distinct(index),
        TypeKind::Struct { fields, undeclared } => {
            let undeclared = match undeclared {
                Undeclared::Typed(members) => Undeclared::Typed(shape(members)),
                other => other.clone(),
            };
            let fields = fields
                .iter()
                .map(|f| FieldStructure {
                    json_name: &f.json_name,
                    shape: shape(&f.shape),
                    required: f.required,
                    nullable: f.nullable,
                    boxed: f.boxed,
                    sparse_fieldset: &f.sparse_fieldset,
                    docs: &f.docs,
                })
                .collect();
            Structure::Struct { head, undeclared, fields }
        }
        TypeKind::Enum { values } => Structure::Enum { head, values },
        TypeKind::Union { variants, tag } => {
            let variants = variants.iter().map(|v| (v.name.as_str(), shape(&v.shape), &v.tag_value, v.boxed)).collect();
            Structure::Union { head, tag, variants }
        }
        TypeKind::Alias { .. } | TypeKind::Const { .. } => Structure::Distinct(index),
    }
}

/// `shape` with every referenced type replaced by [`PLACEHOLDER`] and pushed onto `refs`.
fn anonymous(shape: &Shape, refs: &mut Vec<TypeId>) -> Shape {
    let boxed = |inner: &Shape, refs: &mut Vec<TypeId>| Box::new(anonymous(inner, refs));
    match shape {
        Shape::Named(id) => {
            refs.push(*id);
            Shape::Named(PLACEHOLDER)
        }
        Shape::Array(inner) => Shape::Array(boxed(inner, refs)),
        Shape::Tuple(items) => Shape::Tuple(items.iter().map(|item| anonymous(item, refs)).collect()),
        Shape::Map(inner) => Shape::Map(boxed(inner, refs)),
        Shape::Nullable(inner) => Shape::Nullable(boxed(inner, refs)),
        primitive => primitive.clone(),
    }
}

/// Tarjan's algorithm, iterative (schemas can be deep): the component index of each node.
fn strongly_connected_components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(target) = edges[node].get(*edge).map(|t| t.0) {
                *edge += 1;
                if index[target] == usize::MAX {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles_and_separate_the_rest() {
        let edges = vec![vec![TypeId(1)], vec![TypeId(0), TypeId(2)], vec![], vec![TypeId(3)]];
        let c = strongly_connected_components(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[3], c[2]);
    }
}
