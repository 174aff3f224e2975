//! Letters as A4 PDFs, typeset in-process by typst with embedded fonts.
