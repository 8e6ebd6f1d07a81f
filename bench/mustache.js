// mustache.js side of bench/mustache.sh: renders DIR/page.mustache (with
// its partials) against DIR/data.json for SECONDS, prints MB/s of output
// per CPU second and writes the last page to DIR/out.js.html.
//
// Escaping is set to the same five characters the C engine escapes
// (& < > " '), so both write byte-identical pages; mustache.js would
// otherwise also escape / ` and =.
'use strict';
const fs = require('fs');
const path = require('path');
const Mustache = require('mustache');

const dir = process.argv[2];
const seconds = Number(process.argv[3] || 3);
const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
Mustache.escape = (s) => String(s).replace(/[&<>"']/g, (c) => escapes[c]);

const page = read('page.mustache');
const partials = {
  header: read('header.mustache'),
  footer: read('footer.mustache'),
  row: read('row.mustache'),
};
const data = JSON.parse(read('data.json'));

let out = '';
let bytes = 0;
let renders = 0;
// CPU time of the process (all its threads, so garbage collection
// counts), as the C side measures: other load on the machine is left out.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const start = cpu();
const wallStart = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < seconds) {
  out = Mustache.render(page, data, partials);
  bytes += Buffer.byteLength(out, 'utf8');
  renders++;
  elapsed = cpu() - start;
}
console.log(`mustache.js ${require('mustache/package.json').version} (node ${process.version}): ` +
  `${renders} renders of ${Buffer.byteLength(out, 'utf8')} bytes in ${elapsed.toFixed(2)} CPU s: ` +
  `${(bytes / elapsed / 1e6).toFixed(1)} MB/s, ${(elapsed * 1e3 / renders).toFixed(3)} ms/page ` +
  `(wall clock: ${(bytes / (Number(process.hrtime.bigint() - wallStart) / 1e9) / 1e6).toFixed(1)} MB/s)`);
fs.writeFileSync(path.join(dir, 'out.js.html'), out);
