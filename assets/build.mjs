// Builds static/vendor/: Heard's CSS compiled from the NHS.UK frontend Sass, and its JS and icons.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "static", "vendor");

mkdirSync(join(out, "nhsuk"), { recursive: true });
const result = sass.compile(join(root, "assets", "scss", "heard.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (result.css.includes("assets.nhs.uk")) {
  throw new Error("The compiled CSS still refers to the NHS font CDN.");
}
writeFileSync(join(out, "heard.css"), result.css);
cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(out, "nhsuk", "nhsuk-frontend.min.js"));
cpSync(join(nhsuk, "assets", "images"), join(out, "nhsuk", "assets", "images"), { recursive: true });
cpSync(join(root, "assets", "images"), join(out, "images"), { recursive: true });
console.log(`Built ${join("static", "vendor")} (${result.css.length} bytes of CSS)`);
