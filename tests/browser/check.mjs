// Accessibility and print-layout checks of crimeproof's HTML reports in headless Chromium.
//
//   node tests/browser/check.mjs [--a4] FILE.html [[--a4] FILE.html ...]
//
// For every file: axe-core with the WCAG 2.0/2.1 A and AA rules, once in the screen look and once
// with print media emulated. `--a4` before a file also checks that its printed layout (the sector
// report's units × areas grid above all) fits the width of an A4 portrait page. Every request the
// page makes other than file: and data: fails the run: reports must work offline.
// Exit status 0 when everything passes, 1 on any violation, 2 when the check itself broke.
// Run through tests/browser/run.sh, which builds the binary and writes the reports.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// A4 is 210 mm wide; style.css has `@page { size: A4; margin: 16mm 14mm }`, so the page box's
// content is 210 - 2 × 14 = 182 mm wide. At CSS's 96 px per inch that is 182 / 25.4 × 96 ≈ 687.9,
// and Chromium lays printed content out at exactly that width. So a viewport of 687 px with print
// media emulated is the printed layout, measurable in the DOM (a PDF is not).
// Parts marked `.print-landscape` print on an `@page landscape` (A4 landscape, same margins):
// 297 - 2 × 14 = 269 mm ≈ 1016 px; Chromium lays each named page out at its own width.
const mmToPx = (mm) => Math.floor((mm / 25.4) * 96);
const A4 = { portrait: mmToPx(210 - 2 * 14), landscape: mmToPx(297 - 2 * 14) };

const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

function parseArgs(argv) {
  const jobs = [];
  let a4 = false;
  for (const a of argv) {
    if (a === '--a4') a4 = true;
    else {
      jobs.push({ file: path.resolve(a), a4 });
      a4 = false;
    }
  }
  return jobs;
}

async function openPage(browser, offsite) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('file:') || url.startsWith('data:')) {
      req.continue();
    } else {
      offsite.push(url);
      req.abort('blockedbyclient');
    }
  });
  return page;
}

async function axeRun(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim(),
      })),
    }));
  }, TAGS);
}

// The printed layout at A4 width (the viewport is set to it): nothing may stick out on the right.
// No element may end right of the page's column, no table or picture right of its container, and
// no cell's content may be wider than the cell. (Chromium would shrink the whole printout to fit,
// making all text tiny.) `orientation` says which parts to measure: those on landscape pages or
// the rest.
async function a4Overflow(page, orientation) {
  return page.evaluate((landscape) => {
    const problems = [];
    const measured = (el) =>
      !el.closest('.visually-hidden') && Boolean(el.closest('.print-landscape')) === landscape;
    const describe = (el) => {
      const cap = el && el.querySelector('caption');
      return cap ? `table "${cap.textContent.trim().slice(0, 60)}"` : el ? el.tagName.toLowerCase() : '?';
    };
    const column = document.documentElement.clientWidth;
    for (const el of document.body.querySelectorAll('*')) {
      if (!measured(el)) continue;
      const right = el.getBoundingClientRect().right;
      const parent = el.parentElement;
      // Only the outermost element that sticks out, not all it contains.
      if (right > column + 0.5 && !(measured(parent) && parent.getBoundingClientRect().right > column + 0.5)) {
        problems.push(`${describe(el.closest('table') || el)} reaches ${Math.round(right)}px, the A4 column is ${column}px`);
      }
    }
    for (const el of document.querySelectorAll('table, svg')) {
      if (!measured(el)) continue;
      const box = el.getBoundingClientRect();
      const parent = el.parentElement.getBoundingClientRect();
      if (box.right > parent.right + 0.5) {
        problems.push(`${describe(el)} ends at ${Math.round(box.right)}px, its container at ${Math.round(parent.right)}px`);
      }
    }
    // Text that sticks out of its cell (a word too long for a fixed-width column) also counts.
    for (const cell of document.querySelectorAll('td, th')) {
      if (!measured(cell)) continue;
      if (cell.scrollWidth > cell.clientWidth + 1) {
        const table = describe(cell.closest('table'));
        problems.push(`${table}: "${cell.textContent.trim().slice(0, 40)}" needs ${cell.scrollWidth}px in a ${cell.clientWidth}px cell`);
      }
    }
    return problems;
  }, orientation === 'landscape');
}

async function main() {
  const jobs = parseArgs(process.argv.slice(2));
  if (jobs.length === 0) {
    console.error('usage: check.mjs [--a4] FILE.html ...');
    process.exit(2);
  }
  const args = ['--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args });
  let failures = 0; // problems found, each listed
  let passed = 0; // checks (one report: axe in screen, axe in print, A4 fit) without a problem
  let failed = 0;
  const counts = [];
  const tally = (problems) => {
    failures += problems;
    if (problems === 0) passed += 1;
    else failed += 1;
  };
  try {
    for (const job of jobs) {
      const name = path.basename(job.file);
      const url = pathToFileURL(job.file).href;
      for (const media of ['screen', 'print']) {
        const offsite = [];
        const page = await openPage(browser, offsite);
        await page.setViewport({ width: 1280, height: 900 });
        await page.emulateMediaType(media);
        await page.goto(url, { waitUntil: 'load' });
        const violations = await axeRun(page);
        const nodes = violations.reduce((n, v) => n + v.nodes.length, 0);
        counts.push(`${name} (${media}): ${nodes} violation(s) in ${violations.length} rule(s), ${offsite.length} request(s) off the page`);
        tally(nodes + offsite.length);
        for (const u of offsite) console.log(`FAIL ${name} [${media}] request leaves the page: ${u}`);
        for (const v of violations) {
          console.log(`FAIL ${name} [${media}] ${v.id} (${v.impact}): ${v.help}`);
          for (const n of v.nodes) console.log(`    ${n.target}\n      ${n.summary}`);
        }
        if (media === 'print' && job.a4) {
          const problems = [];
          const landscape = await page.$$eval('.print-landscape', (els) => els.length);
          for (const orientation of landscape ? ['portrait', 'landscape'] : ['portrait']) {
            await page.setViewport({ width: A4[orientation], height: 1123 });
            for (const p of await a4Overflow(page, orientation)) problems.push(`${orientation}: ${p}`);
          }
          counts.push(`${name} (print, A4 ${landscape ? `portrait ${A4.portrait}px, ${landscape} part(s) landscape ${A4.landscape}px` : `portrait ${A4.portrait}px`}): ${problems.length} overflow(s)`);
          tally(problems.length);
          for (const p of problems) console.log(`FAIL ${name} [print A4] does not fit, ${p}`);
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log('');
  for (const c of counts) console.log(c);
  console.log(`${failures === 0 ? 'ok' : 'FAILED'}: ${jobs.length} report(s), screen and print, axe-core ${TAGS.join(', ')}, ${failures} problem(s)`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
