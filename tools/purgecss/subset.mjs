// Makes webui/src/main/vendor/bootstrap.subset.css: Bootstrap's CSS without the rules that no file of the web UI
// can match (PurgeCSS: a rule stays when every class, id, element and attribute it needs is a word some
// static/*.html or *.js file contains). The page looks the same with it (BootstrapSubsetTest compares screenshots)
// at a seventh of the size.
//
//   node tools/purgecss/subset.mjs           writes the file
//   node tools/purgecss/subset.mjs --check   writes nothing; exits 1 when the file is not what it would write
//
// A class a view builds from pieces ('btn-' + kind) is no word of any file: name it whole in the view, or add it
// to SAFELIST below.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PurgeCSS } from 'purgecss';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const statics = join(repo, 'webui', 'src', 'main', 'resources', 'static');
const target = join(repo, 'webui', 'src', 'main', 'vendor', 'bootstrap.subset.css');
const bootstrap = join(here, 'node_modules', 'bootstrap');
const SAFELIST = [];

const version = JSON.parse(readFileSync(join(bootstrap, 'package.json'), 'utf8')).version;
const [result] = await new PurgeCSS().purge({
  content: [join(statics, '**', '*.js'), join(statics, '**', '*.html')],
  css: [join(bootstrap, 'dist', 'css', 'bootstrap.min.css')],
  safelist: SAFELIST,
});
const css = result.css.replace(/\n?\/\*# sourceMappingURL=.*?\*\/\s*$/, '')
  + `\n/* Bootstrap ${version}, only the rules the web UI can match: made by tools/purgecss/subset.mjs, do not edit. */\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch (e) {
    // missing: differs
  }
  if (current !== css) {
    console.error(`${target} is not what tools/purgecss/subset.mjs makes from Bootstrap ${version} and the web UI's`
      + ` files now (${current.length} characters, it would be ${css.length}): run node tools/purgecss/subset.mjs`);
    process.exit(1);
  }
  console.log(`${target} is current (Bootstrap ${version}, ${css.length} characters)`);
} else {
  writeFileSync(target, css);
  console.log(`wrote ${target} (Bootstrap ${version}, ${css.length} characters)`);
}
