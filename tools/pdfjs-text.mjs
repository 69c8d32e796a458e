// Prints the text pdf.js extracts from a PDF: getTextContent() items joined,
// a newline where an item has hasEOL. A second, independent extractor beside
// poppler's pdftotext. Needs the npm package pdfjs-dist 4.x, found through
// NODE_PATH or a node_modules folder beside this script.
//
// usage: node tools/pdfjs-text.mjs FILE.pdf > extracted.txt
//        node tools/pdfjs-text.mjs --probe   (exit 0 when pdf.js can be loaded)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pdfjsPath = require.resolve("pdfjs-dist/legacy/build/pdf.mjs", {
  paths: [process.cwd(), ...(process.env.NODE_PATH || "").split(":").filter(Boolean)],
});
const pdfjs = await import(pdfjsPath);

if (process.argv[2] === "--probe") process.exit(0); // pdf.js was found
const data = new Uint8Array(readFileSync(process.argv[2]));
const document = await pdfjs.getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
let text = "";
for (let number = 1; number <= document.numPages; number++) {
  const page = await document.getPage(number);
  const content = await page.getTextContent();
  for (const item of content.items) {
    text += item.str;
    if (item.hasEOL) text += "\n";
  }
  text += "\n";
}
process.stdout.write(text);
