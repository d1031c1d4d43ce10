//! Link arguments for libkyso.so: the SONAME carries the ABI version (the major version), so
//! programs linked against libkyso.so.0 keep working across compatible releases and a breaking
//! release installs side by side (`libkyso.so.1`).

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".to_owned());
    if os == "linux" || os == "android" || os.ends_with("bsd") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libkyso.so.{major}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
