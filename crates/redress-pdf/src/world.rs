//! The typst `World` a letter is compiled in: one source file, the embedded fonts, no clock.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// The standard library and the fonts, built once per process and shared by every letter.
struct Shared {
    library: LazyHash<Library>,
    fonts: FontStore,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let mut fonts = FontStore::new();
    fonts.extend(typst_kit::fonts::embedded());
    Shared {
        library: LazyHash::new(Library::default()),
        fonts,
    }
});

/// A world holding only `main.typ`.
pub(crate) struct LetterWorld {
    main: Source,
}

impl LetterWorld {
    /// A world whose only file is `text`.
    pub(crate) fn new(text: String) -> LetterWorld {
        let path = VirtualPath::new("/main.typ").expect("a fixed, valid path");
        let id = RootedPath::new(VirtualRoot::Project, path).intern();
        LetterWorld {
            main: Source::new(id, text),
        }
    }
}

impl World for LetterWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        SHARED.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // A letter carries its own date; typst never reads the clock.
        None
    }
}
