// Drives the lab in an iframe of the same origin, step by step on ONE page, and POSTs what the
// page shows after each step to /report. For browsers the test cannot automate (Firefox here has
// no WebDriver): a real page, real DOM events, the lab untouched.
const frame = document.getElementById('lab');
const steps = JSON.parse(document.getElementById('steps').textContent);

const post = (body) =>
  fetch('/report', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const errors = [];

async function until(check, what, ms = 90000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const doc = () => frame.contentDocument;
const byTest = (id) => doc().querySelector(`[data-testid=${id}]`);
const hash = () => (byTest('trace-hash')?.textContent ?? '').trim();

/** Waits for a finished run whose hash differs from `previous`. */
const runDone = (previous) =>
  until(() => doc().body.dataset.runStatus === 'done' && hash() !== previous && hash() !== '…', 'a run');

function shown(step) {
  const traceHash = byTest('trace-hash');
  return {
    step,
    hash: hash(),
    seed: byTest('seed').value,
    link: byTest('share-link').value,
    dataSeed: traceHash.dataset.seed ?? null,
    dataLink: traceHash.dataset.link ?? null,
    failure: byTest('run-failure').hidden ? null : byTest('run-failure').textContent,
    errors: [...errors],
    userAgent: navigator.userAgent,
  };
}

function choose(select, text) {
  const option = [...select.options].find((o) => o.textContent === text);
  if (option === undefined) throw new Error(`no option ${text} in ${select.id || select.dataset.path}`);
  select.value = option.value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

async function compare(step, label) {
  doc().getElementById('tab-compare').click();
  choose(byTest('compare-param'), label);
  byTest('compare-run').click();
  const n = steps.variants[label];
  const hashes = await until(() => {
    const texts = [...doc().querySelectorAll('[data-testid=compare-hash]')].map((e) => e.textContent);
    return texts.length === n && texts.every((t) => t.includes('trace')) ? texts : null;
  }, 'the comparison');
  await post({ ...shown(step), compare: hashes.map((t) => t.replace(/^.*trace /, '').trim()), label });
  doc().getElementById('tab-run').click();
}

async function journey() {
  await until(() => frame.contentDocument?.body?.dataset.runStatus, 'the lab');
  frame.contentWindow.addEventListener('error', (e) => errors.push(String(e.message)));
  frame.contentWindow.addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));
  await runDone('');
  await post(shown('lesson'));
  let last = hash();
  await compare('compare', steps.compare);
  await post(shown('back'));
  const seed = byTest('seed');
  seed.value = '7';
  seed.dispatchEvent(new Event('change', { bubbles: true }));
  await runDone(last);
  last = hash();
  await post(shown('seed 7'));
  choose(doc().querySelector(`select[data-path="${steps.control.path}"]`), steps.control.text);
  await runDone(last);
  last = hash();
  await post(shown('control'));
  const picker = byTest('scenario-picker');
  picker.value = steps.scenario;
  picker.dispatchEvent(new Event('change', { bubbles: true }));
  await runDone(last);
  last = hash();
  await post(shown('another scenario'));
  frame.contentWindow.location.hash = steps.link;
  await runDone(last);
  last = hash();
  await post(shown('share link'));
  await compare('compare again', steps.compareAgain);
  await post({ step: 'end', errors });
}

journey().catch((e) => post({ step: 'failed', message: String(e?.stack ?? e), errors }));
