//! The `codegen` binary: exit codes, what it writes, and what it leaves alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SCHEMA: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$defs": {
    "Pet": {
      "type": "object",
      "required": ["name"],
      "properties": { "name": { "type": "string" }, "owner": { "$ref": "#/$defs/Owner" } }
    },
    "Owner": { "type": "object", "properties": { "email": { "type": "string" } } }
  }
}"##;

const BROKEN_REF: &str = r##"{
  "$defs": {
    "Pet": { "type": "object", "properties": { "owner": { "$ref": "#/$defs/Missing" } } }
  }
}"##;

fn codegen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).current_dir(dir).args(args).output().expect("run codegen")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                files.insert(path.strip_prefix(base).unwrap().to_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

fn assert_no_panic(output: &Output) {
    let text = stderr(output);
    assert!(!text.contains("panicked") && !text.contains("RUST_BACKTRACE"), "codegen panicked:\n{text}");
}

#[test]
fn generate_writes_a_crate_and_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("pets.json"), SCHEMA).unwrap();
    let output = codegen(&["generate", "--input", "pets.json", "--out", "out", "--crate-name", "pets"], tmp.path());
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
    let files = snapshot(&tmp.path().join("out"));
    for name in ["Cargo.toml", "src/lib.rs", "src/runtime.rs", "src/types.rs"] {
        assert!(files.contains_key(Path::new(name)), "{name} not written; files: {:?}", files.keys());
    }
    let cargo_toml = String::from_utf8_lossy(&files[Path::new("Cargo.toml")]).into_owned();
    assert!(cargo_toml.contains(r#"name = "pets""#), "Cargo.toml:\n{cargo_toml}");
    let types = String::from_utf8_lossy(&files[Path::new("src/types.rs")]).into_owned();
    assert!(types.contains("pub struct Pet {") && types.contains("pub owner: Option<Owner>,"), "types.rs:\n{types}");

    // A second identical run leaves every file as it is.
    let again = codegen(&["generate", "--input", "pets.json", "--out", "out", "--crate-name", "pets"], tmp.path());
    assert_eq!(again.status.code(), Some(0), "stderr:\n{}", stderr(&again));
    let unchanged = format!("0 written, {} unchanged", files.len());
    assert!(stderr(&again).contains(&unchanged), "expected `{unchanged}` in stderr:\n{}", stderr(&again));
    assert_eq!(snapshot(&tmp.path().join("out")), files, "a second identical run changed the output");
}

#[test]
fn unresolved_ref_exits_1_and_leaves_the_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("broken.json"), BROKEN_REF).unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("sentinel.txt"), "keep me\n").unwrap();
    std::fs::write(out.join("src/types.rs"), "// old types, must survive\npub struct Old;\n").unwrap();
    let before = snapshot(&out);

    let output = codegen(&["generate", "--input", "broken.json", "--out", "out", "--crate-name", "pets"], tmp.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{text}");
    assert_no_panic(&output);
    assert!(text.contains("E0001"), "no E0001 in stderr:\n{text}");
    assert!(text.contains("broken.json#/$defs/Pet/properties/owner"), "no file#pointer in stderr:\n{text}");
    assert!(text.contains("#/$defs/Missing"), "the $ref itself is not named in stderr:\n{text}");
    assert_eq!(snapshot(&out), before, "a failed run changed the output directory");
}

/// An overlay among the inputs is applied to its document; a broken one is a
/// schema error like the others: exit 1, file and pointer, nothing written.
#[test]
fn overlays_apply_and_their_errors_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("fixes")).unwrap();
    std::fs::write(tmp.path().join("pets.json"), SCHEMA).unwrap();
    let overlay = |target: &str| {
        format!(
            "overlay: 1.0.0\ninfo: {{title: fixes, version: '1'}}\nextends: ../pets.json\nactions:\n  \
             - target: {target}\n    update: {{required: [owner]}}\n"
        )
    };
    let args = [
        "generate",
        "--input",
        "pets.json",
        "--input",
        "fixes/pets.overlay.yaml",
        "--out",
        "out",
        "--crate-name",
        "pets",
    ];

    std::fs::write(tmp.path().join("fixes/pets.overlay.yaml"), overlay("$['$defs'].Pet")).unwrap();
    let output = codegen(&args, tmp.path());
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
    let types = std::fs::read_to_string(tmp.path().join("out/src/types.rs")).unwrap();
    assert!(types.contains("pub owner: Owner,"), "the overlay made `owner` required:\n{types}");
    let lib = std::fs::read_to_string(tmp.path().join("out/src/lib.rs")).unwrap();
    assert!(lib.contains("`fixes/pets.overlay.yaml` (overlay of `pets.json`)"), "{lib}");

    // What the overlay changes, through `diff`.
    let diff = ["diff", "pets.json", "pets.json", "--new-overlay", "fixes/pets.overlay.yaml"];
    let output = codegen(&diff, tmp.path());
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("`pets.json` → `pets.json` + `fixes/pets.overlay.yaml`"), "{report}");
    assert!(
        report.contains("| `Pet.owner` | became required (always present now) | `Option<Owner>` | `Owner` |"),
        "{report}"
    );

    std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
    std::fs::write(tmp.path().join("fixes/pets.overlay.yaml"), overlay("$['$defs'].Cat")).unwrap();
    let output = codegen(&args, tmp.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{text}");
    assert_no_panic(&output);
    assert!(text.contains("error[E0011]: target `$['$defs'].Cat` matches nothing in `pets.json`"), "{text}");
    assert!(text.contains("--> fixes/pets.overlay.yaml#/actions/0/target"), "{text}");
    assert!(!tmp.path().join("out").exists(), "a failed run wrote output");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("pets.json"), SCHEMA).unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("missing --out", &["generate", "--input", "pets.json", "--crate-name", "pets"]),
        ("unknown flag", &["generate", "--input", "pets.json", "--out", "out", "--crate-name", "pets", "--frobnicate"]),
        ("unreadable input", &["generate", "--input", "does-not-exist.json", "--out", "out", "--crate-name", "pets"]),
        ("input is a directory", &["generate", "--input", ".", "--out", "out", "--crate-name", "pets"]),
        ("no subcommand", &[]),
        ("invalid crate name", &["generate", "--input", "pets.json", "--out", "out", "--crate-name", "9lives"]),
        ("keyword crate name", &["generate", "--input", "pets.json", "--out", "out", "--crate-name", "self"]),
        ("built-in crate name", &["generate", "--input", "pets.json", "--out", "out", "--crate-name", "test"]),
        ("built-in crate name", &["generate", "--input", "pets.json", "--out", "out", "--crate-name", "std"]),
        ("reserved crate name", &["generate", "--input", "pets.json", "--out", "out", "--crate-name", "nul"]),
    ];
    for (what, args) in cases {
        let output = codegen(args, tmp.path());
        assert_eq!(output.status.code(), Some(2), "{what}: stderr:\n{}", stderr(&output));
        assert_no_panic(&output);
        assert!(!stderr(&output).trim().is_empty(), "{what}: exit 2 without a message");
    }
    assert!(!tmp.path().join("out").exists(), "a usage error wrote output");
}

#[test]
fn help_mentions_generate() {
    let tmp = tempfile::tempdir().unwrap();
    let output = codegen(&["--help"], tmp.path());
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("generate"), "--help output:\n{stdout}");
}

/// E0006 comes from the input set, not a document, so no golden case can
/// produce it: the same file given twice (under two spellings) is the snapshot.
#[test]
fn the_same_input_twice_is_e0006() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("pets.json"), SCHEMA).unwrap();
    let args = ["generate", "--input", "pets.json", "--input", "./pets.json", "--out", "out", "--crate-name", "pets"];
    let output = codegen(&args, tmp.path());
    assert_eq!(output.status.code(), Some(1), "stderr:\n{}", stderr(&output));
    let expected = "error[E0006]: `pets.json` is given more than once\n  = hint: pass each document once\n\n1 error(s), 0 warning(s)\n";
    assert_eq!(stderr(&output), expected);
    assert!(!tmp.path().join("out").exists(), "a failed run wrote output");
}

/// A temporary file a killed run left behind (older than a minute) is removed
/// by the next run; a fresh one, which may belong to a run in progress, is not.
#[test]
fn stale_temporary_files_of_a_killed_run_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("pets.json"), SCHEMA).unwrap();
    let src = tmp.path().join("out/src");
    std::fs::create_dir_all(&src).unwrap();
    let stale = src.join(".types.rs.codegen-99999.tmp");
    let fresh = src.join(".lib.rs.codegen-99998.tmp");
    std::fs::write(&stale, "half a file").unwrap();
    std::fs::write(&fresh, "a run in progress").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(an_hour_ago).unwrap();

    let output = codegen(&["generate", "--input", "pets.json", "--out", "out", "--crate-name", "pets"], tmp.path());
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
    assert!(!stale.exists(), "the stale temporary file is still there");
    assert!(fresh.exists(), "a temporary file younger than a minute was removed");
    assert!(src.join("types.rs").exists());
}

#[test]
fn enums_are_open_unless_closed_for_all_documents_or_one() {
    const ENUMS: &str = r##"{ "$defs": { "Status": { "type": "string", "enum": ["active", "archived"] } } }"##;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("own.json"), ENUMS).unwrap();
    std::fs::write(tmp.path().join("api.json"), ENUMS.replace("Status", "ApiStatus")).unwrap();
    let types = |args: &[&str]| {
        let mut all =
            vec!["generate", "--input", "own.json", "--input", "api.json", "--out", "out", "--crate-name", "e"];
        all.extend_from_slice(args);
        let output = codegen(&all, tmp.path());
        assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
        std::fs::read_to_string(tmp.path().join("out/src/types.rs")).unwrap()
    };
    let open = |text: &str, name: &str| {
        let start = text.find(&format!("pub enum {name} ")).expect("the enum");
        text[start..].split_once('}').unwrap().0.contains("Other(String)")
    };
    let default = types(&[]);
    assert!(open(&default, "Status") && open(&default, "ApiStatus"));
    let closed = types(&["--enums", "closed"]);
    assert!(!open(&closed, "Status") && !open(&closed, "ApiStatus"));
    let one = types(&["--document-enums", "own.json=closed"]);
    assert!(!open(&one, "Status") && open(&one, "ApiStatus"));
    // The path as written to --input, or the same path spelled otherwise.
    let dotted = types(&["--document-enums", "./own.json=closed"]);
    assert!(!open(&dotted, "Status") && open(&dotted, "ApiStatus"));

    // A path that is no input is a usage error, not a setting that does nothing.
    let output = codegen(
        &[
            "generate",
            "--input",
            "own.json",
            "--out",
            "out3",
            "--crate-name",
            "e",
            "--document-enums",
            "other.json=closed",
        ],
        tmp.path(),
    );
    assert_eq!(output.status.code(), Some(2), "stderr:\n{}", stderr(&output));
    assert!(stderr(&output).contains("`other.json`, which is not an input document"), "{}", stderr(&output));
    assert!(!tmp.path().join("out3").exists());

    for bad in [&["--enums", "shut"][..], &["--document-enums", "own.json"], &["--document-enums", "own.json=ajar"]] {
        let mut all = vec!["generate", "--input", "own.json", "--out", "out2", "--crate-name", "e"];
        all.extend_from_slice(bad);
        let output = codegen(&all, tmp.path());
        assert_eq!(output.status.code(), Some(2), "{bad:?}: stderr:\n{}", stderr(&output));
        assert!(stderr(&output).contains("open"), "{bad:?}: the error names the choices:\n{}", stderr(&output));
        assert!(!tmp.path().join("out2").exists());
    }
}

#[test]
fn schema_mistakes_are_printed_warnings_exit_0_and_errors_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let warned = SCHEMA.replace(r#""required": ["name"],"#, r#""itmes": {}, "required": ["name"],"#);
    std::fs::write(tmp.path().join("pets.json"), warned).unwrap();
    let output = codegen(&["generate", "--input", "pets.json", "--out", "out", "--crate-name", "pets"], tmp.path());
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("warning[W0102]: `itmes` is not a schema keyword of JSON Schema"), "stderr:\n{text}");
    assert!(text.contains("did you mean `items`?"), "stderr:\n{text}");

    let broken = SCHEMA.replace(r#"{ "type": "string" }"#, r#"{ "type": "strin" }"#);
    std::fs::write(tmp.path().join("broken.json"), broken).unwrap();
    let output = codegen(&["generate", "--input", "broken.json", "--out", "out2", "--crate-name", "pets"], tmp.path());
    assert_eq!(output.status.code(), Some(1), "stderr:\n{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("error[E0016]: unknown type `strin`") && text.contains("did you mean `string`?"), "{text}");
    assert!(!tmp.path().join("out2").exists(), "nothing is written when a schema has errors");
}

/// Only the root document of a spec split into files is given: the files its
/// `$ref`s name are read from under its folder, and named after themselves.
#[test]
fn referenced_files_are_read_from_the_root_documents_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let api = tmp.path().join("api");
    for dir in ["paths", "models"] {
        std::fs::create_dir_all(api.join(dir)).unwrap();
    }
    std::fs::write(
        api.join("openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets/{id}:\n    $ref: paths/pet.yaml\n",
    )
    .unwrap();
    std::fs::write(
        api.join("paths/pet.yaml"),
        "get:\n  operationId: getPet\n  responses:\n    '200':\n      description: ok\n      content:\n        \
         application/json:\n          schema:\n            $ref: ../models/pet.yaml#/Pet\n",
    )
    .unwrap();
    std::fs::write(
        api.join("models/pet.yaml"),
        "Pet:\n  type: object\n  properties:\n    category:\n      $ref: ./category.yaml\n",
    )
    .unwrap();
    std::fs::write(api.join("models/category.yaml"), "type: object\nproperties:\n  id: {type: integer}\n").unwrap();

    let args = ["generate", "--input", "api/openapi.yaml", "--out", "out", "--crate-name", "pets"];
    let output = codegen(&args, tmp.path());
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", stderr(&output));
    let types = std::fs::read_to_string(tmp.path().join("out/src/types.rs")).unwrap();
    assert!(
        types.contains("pub struct Pet {") && types.contains("pub category: Option<Category>,"),
        "types.rs:\n{types}"
    );
    assert!(!types.contains("GetPetResponse"), "a referenced schema is named after its use:\n{types}");

    // A reference out of the root document's folder is refused, with file and pointer.
    std::fs::write(api.join("models/category.yaml"), "$ref: ../../secret.yaml\n").unwrap();
    std::fs::write(tmp.path().join("secret.yaml"), "type: string\n").unwrap();
    let output = codegen(&args, tmp.path());
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{text}");
    assert!(text.contains("E0020") && text.contains("api/models/category.yaml#"), "stderr:\n{text}");

    // A root document that cannot be read is a usage error.
    let output =
        codegen(&["generate", "--input", "api/nothing.yaml", "--out", "out", "--crate-name", "pets"], tmp.path());
    assert_eq!(output.status.code(), Some(2), "stderr:\n{}", stderr(&output));
    assert_no_panic(&output);
}
