//! Embeds every file under `templates/<lang>/` as a shipped template, so adding a template is
//! adding a file.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for language in std::fs::read_dir(&root).expect("templates/") {
        let language = language.expect("a language folder");
        println!("cargo::rerun-if-changed={}", language.path().display());
        if !language.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(language.path()).expect("a language folder") {
            let path = file.expect("a template").path();
            if path.is_file() {
                let key = format!(
                    "{}/{}",
                    language.file_name().to_string_lossy(),
                    path.file_name().unwrap().to_string_lossy()
                );
                files.push((key, path));
            }
        }
    }
    files.sort();
    let mut out = String::from("&[\n");
    for (key, path) in files {
        writeln!(
            out,
            "    ({key:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("shipped.rs");
    std::fs::write(dest, out).unwrap();
}
