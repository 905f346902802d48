//! Where the files come from: the copies of `ontology/`, `data/`, `queries/` and `templates/`
//! compiled into the binary, or a data directory given on the command line (`--data DIR`).
//!
//! Everything else in the program reads files through [`Files`], so the built-in default case and a
//! firm's own case directory take exactly the same path.

use crate::error::{Error, Result};
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static ONTOLOGY: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/ontology");
static DATA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data");
static QUERIES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/queries");
static TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// One file: its path (relative to its root, `/`-separated) and its contents.
#[derive(Debug, Clone)]
pub struct File {
    pub path: String,
    pub contents: Vec<u8>,
}

impl File {
    pub fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.contents)
            .map_err(|e| Error::Invalid(format!("{} is not UTF-8: {e}", self.path)))
    }
}

/// The built-in files of a kind, sorted by path.
fn embedded(dir: &Dir<'_>, extension: &str) -> Vec<File> {
    let mut files = Vec::new();
    collect_embedded(dir, extension, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn collect_embedded(dir: &Dir<'_>, extension: &str, out: &mut Vec<File>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == extension) {
            out.push(File {
                path: file.path().to_string_lossy().replace('\\', "/"),
                contents: file.contents().to_vec(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, extension, out);
    }
}

/// The files with `extension` below `root` on disk, sorted by path.
pub fn from_disk(root: &Path, extension: &str) -> Result<Vec<File>> {
    if !root.is_dir() {
        return Err(Error::BadRequest(format!(
            "data directory {} does not exist or is not a directory",
            root.display()
        )));
    }
    let mut paths = Vec::new();
    walk(root, extension, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let contents = std::fs::read(&p)
                .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", p.display())))?;
            let path = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            Ok(File { path, contents })
        })
        .collect()
}

fn walk(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, extension, out)?;
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    Ok(())
}

/// The ontology (`casegraph.ttl`) and shapes (`shapes.ttl`): always the built-in copies.
pub fn ontology_files() -> Vec<File> {
    embedded(&ONTOLOGY, "ttl")
}

/// The case and legal data: the built-in `data/` or the `*.trig` files below `dir`.
pub fn data_files(dir: Option<&Path>) -> Result<Vec<File>> {
    match dir {
        Some(dir) => from_disk(dir, "trig"),
        None => Ok(embedded(&DATA, "trig")),
    }
}

/// The source documents' texts shipped with the data (`*.txt`, e.g. the complaint a case is drawn
/// from), so that validation can check every quotation against them.
pub fn document_files(dir: Option<&Path>) -> Result<Vec<File>> {
    match dir {
        Some(dir) => from_disk(dir, "txt"),
        None => Ok(embedded(&DATA, "txt")),
    }
}

/// The SPARQL files of `queries/` (with their sub-folders).
pub fn query_files() -> Vec<File> {
    embedded(&QUERIES, "rq")
}

/// The handlebars templates of `templates/`.
pub fn template_files() -> Vec<File> {
    embedded(&TEMPLATES, "hbs")
}

/// One built-in template-side data file (e.g. `brief-labels.json`).
pub fn template_data(name: &str) -> Option<File> {
    TEMPLATES.get_file(name).map(|f| File {
        path: name.to_owned(),
        contents: f.contents().to_vec(),
    })
}
