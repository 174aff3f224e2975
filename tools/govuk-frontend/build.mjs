// Builds redress's stylesheet and script from govuk-frontend into crates/redress-web/assets/.
// Run `npm ci && npm run build` here; commit the output. See README.md.

import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, "..", "..", "crates", "redress-web", "assets");
const version = JSON.parse(
  readFileSync(join(here, "node_modules", "govuk-frontend", "package.json"), "utf8"),
).version;

const result = sass.compile(join(here, "redress.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  // govuk-frontend 6 still uses a few Sass features that the newest Sass warns about.
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (/GDS Transport/.test(result.css)) {
  throw new Error("the stylesheet mentions GDS Transport: check $govuk-font-family");
}
const banner = `/*! redress.css: govuk-frontend ${version} (MIT, https://github.com/alphagov/govuk-frontend) compiled with Arial; see tools/govuk-frontend */\n`;
// Compressed output may start with a byte-order mark; the banner goes first, so drop it (the
// server says the file is UTF-8).
const css = result.css.replace(/^\uFEFF/, "");
writeFileSync(join(assets, "redress.css"), banner + css + "\n");

// The JavaScript module: progressive enhancement only (every page works without it).
copyFileSync(
  join(here, "node_modules", "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"),
  join(assets, "govuk-frontend.min.js"),
);
console.log(`built redress.css (${result.css.length} bytes) and govuk-frontend.min.js from govuk-frontend ${version}`);
