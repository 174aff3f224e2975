//! The content store for attachments: files under `<data>/files/ab/cdef…`, named by the
//! SHA-256 of their content, so identical uploads are stored once. A file is written to a
//! temporary file, synced and renamed into place (and its directory synced) before the event
//! that names it commits, so an event never names a file a crash lost.

use std::io::Write;
use std::path::{Path, PathBuf};

use redress_core::case::attachment::is_sha256;
use sha2::{Digest, Sha256};

/// The limits on attachments, from the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file, in bytes.
    pub max_bytes: u64,
    /// The most files one case may hold.
    pub per_case: usize,
}

impl Default for Limits {
    /// 10 MiB a file, 20 files a case.
    fn default() -> Limits {
        Limits {
            max_bytes: 10 * 1024 * 1024,
            per_case: 20,
        }
    }
}

/// Where attachments are kept, and the limits on them.
#[derive(Clone, Debug)]
pub struct Files {
    root: PathBuf,
    /// The limits.
    pub limits: Limits,
}

impl Files {
    /// Files under `<data>/files`, created when first needed.
    pub fn new(data: &Path, limits: Limits) -> Files {
        Files {
            root: data.join("files"),
            limits,
        }
    }

    /// Where the file with digest `sha256` is (or would be).
    pub fn path(&self, sha256: &str) -> PathBuf {
        debug_assert!(is_sha256(sha256));
        self.root.join(&sha256[..2]).join(&sha256[2..])
    }

    /// Stores `bytes` (once: a file already there is left as it is) and returns its digest.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.path(&sha256);
        if path.is_file() {
            return Ok(sha256);
        }
        let dir = path.parent().expect("a file under the root");
        std::fs::create_dir_all(dir)?;
        let tmp_dir = self.root.join("tmp");
        std::fs::create_dir_all(&tmp_dir)?;
        let tmp = tmp_dir.join(format!("{sha256}.{}", uuid::Uuid::new_v4()));
        let result = (|| {
            let mut file = std::fs::File::create_new(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            drop(file);
            std::fs::rename(&tmp, &path)?;
            std::fs::File::open(dir)?.sync_all()
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map(|()| sha256)
    }

    /// The content of the file with digest `sha256`, if it is stored.
    pub fn get(&self, sha256: &str) -> std::io::Result<Option<Vec<u8>>> {
        if !is_sha256(sha256) {
            return Ok(None);
        }
        match std::fs::read(self.path(sha256)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Copies every stored file into `<target>/ab/cdef…`, the same layout, and returns how
    /// many were copied. `target` must not exist.
    pub fn copy_to(&self, target: &Path) -> std::io::Result<usize> {
        std::fs::create_dir(target)?;
        let mut count = 0;
        let Ok(dirs) = std::fs::read_dir(&self.root) else {
            return Ok(0);
        };
        for dir in dirs {
            let dir = dir?;
            let name = dir.file_name();
            let Some(prefix) = name.to_str().filter(|n| n.len() == 2) else {
                continue;
            };
            for file in std::fs::read_dir(dir.path())? {
                let file = file?;
                let rest = file.file_name();
                let Some(rest) = rest.to_str() else { continue };
                if !is_sha256(&format!("{prefix}{rest}")) {
                    continue;
                }
                let into = target.join(prefix);
                std::fs::create_dir_all(&into)?;
                std::fs::copy(file.path(), into.join(rest))?;
                std::fs::File::open(into.join(rest))?.sync_all()?;
                count += 1;
            }
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_content_is_stored_once() {
        let dir = std::env::temp_dir().join(format!("redress-files-{}", uuid::Uuid::new_v4()));
        let files = Files::new(&dir, Limits::default());
        let a = files.put(b"hello").unwrap();
        let b = files.put(b"hello").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(files.get(&a).unwrap().unwrap(), b"hello");
        let stored: Vec<_> = std::fs::read_dir(dir.join("files/2c")).unwrap().collect();
        assert_eq!(stored.len(), 1);
        assert_eq!(
            std::fs::read_dir(dir.join("files/tmp")).unwrap().count(),
            0,
            "no temporary file is left behind"
        );
        assert_eq!(files.get("../../etc/passwd").unwrap(), None);
        assert_eq!(files.get(&"0".repeat(64)).unwrap(), None);
        let copy = dir.join("copy");
        assert_eq!(files.copy_to(&copy).unwrap(), 1);
        assert_eq!(
            std::fs::read(copy.join("2c").join(&a[2..])).unwrap(),
            b"hello"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
