// Runs every tests/browser/*.spec.js against one portal + EU Login stand-in.
// A spec exports `tests`: [{ name, run(ctx) }], where ctx has the services, a browser and helpers.
// `node tests/browser/run.js [filter]` runs only tests whose name contains the filter.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { launchBrowser, root, startServices } from './harness.js';

const filter = process.argv[2] || '';
const specDir = path.join(root, 'tests/browser');
const specs = fs.readdirSync(specDir).filter((f) => f.endsWith('.spec.js')).sort();

const services = await startServices();
const browser = await launchBrowser();
let failed = 0;
let passed = 0;
const started = Date.now();
try {
  for (const spec of specs) {
    const { tests } = await import(pathToFileURL(path.join(specDir, spec)).href);
    for (const test of tests) {
      const name = `${spec.replace('.spec.js', '')}: ${test.name}`;
      if (!name.includes(filter)) continue;
      const t0 = Date.now();
      try {
        await test.run({ ...services, browser });
        passed += 1;
        console.log(`  ok    ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed += 1;
        console.log(`  FAIL  ${name}\n${String(e.stack || e).split('\n').map((l) => `        ${l}`).join('\n')}`);
      }
    }
  }
} finally {
  await browser.close();
  await services.stop();
}
console.log(`browser tests: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failed > 0) {
  console.log('portal log (last lines):');
  console.log(services.portalLog().split('\n').slice(-30).join('\n'));
}
process.exit(failed > 0 ? 1 : 0);
