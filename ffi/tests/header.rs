//! Header drift test: `include/kyso.h` must be exactly what cbindgen generates from the crate
//! now. Fails with a diff hint when someone changes the API without regenerating; regenerate
//! with `KYSO_BLESS_HEADER=1 cargo test -p kyso-ffi --test header`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// `KYSO_VERSION_*` macros, from the crate version (one source of truth: Cargo.toml).
fn version_macros() -> String {
    let major: u32 = env!("CARGO_PKG_VERSION_MAJOR").parse().unwrap();
    let minor: u32 = env!("CARGO_PKG_VERSION_MINOR").parse().unwrap();
    let patch: u32 = env!("CARGO_PKG_VERSION_PATCH").parse().unwrap();
    format!(
        "\n/* Version of the header; compare with kyso_version_number() at run time. */\n\
         #define KYSO_VERSION_MAJOR {major}\n\
         #define KYSO_VERSION_MINOR {minor}\n\
         #define KYSO_VERSION_PATCH {patch}\n\
         #define KYSO_VERSION \"{major}.{minor}.{patch}\"\n\
         #define KYSO_VERSION_NUMBER {}\n",
        major * 10_000 + minor * 100 + patch
    )
}

fn generate() -> String {
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut config = cbindgen::Config::from_file(Path::new(dir).join("cbindgen.toml")).unwrap();
    config.after_includes = Some(version_macros());
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn header_matches_generated() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/kyso.h");
    let fresh = generate();
    if std::env::var_os("KYSO_BLESS_HEADER").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        println!("header: regenerated {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let first = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "ffi/include/kyso.h differs from the generated header (first difference at line {}).\n\
             committed: {:?}\ngenerated: {:?}\n\
             Regenerate: KYSO_BLESS_HEADER=1 cargo test -p kyso-ffi --test header",
            first + 1,
            committed.lines().nth(first),
            fresh.lines().nth(first)
        );
    }
    println!(
        "header: ffi/include/kyso.h matches cbindgen output ({} lines)",
        fresh.lines().count()
    );
}

/// The version macros in the header agree with the crate version.
#[test]
fn version_macros_consistent() {
    let m = version_macros();
    assert!(m.contains(&format!(
        "#define KYSO_VERSION \"{}\"",
        env!("CARGO_PKG_VERSION")
    )));
}
