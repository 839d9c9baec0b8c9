/**
 * The lab: wires the scenario library, controls, the streamed run, the run view, sharing and
 * compare mode together. State is small and lives here: which scenario (a built-in id, or a
 * document of one's own), the overrides, the seed; everything else is derived from them.
 */

import {
  applyOverrides,
  formatErrors,
  parseJson,
  type ValidationError,
} from '../../scenarios/schema/index.ts';
import { droppedNote } from '../../scenarios/schema/resolve.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import type { RunRequest } from '../../workers/protocol.ts';
import { formatTime } from '../charts/format.ts';
import { createTooltip } from '../charts/tooltip.ts';
import { runVariants } from '../compare/compare-runner.ts';
import { renderCompare } from '../compare/compare-view.ts';
import { type Variant, variantsFor } from '../compare/variants.ts';
import { type ParamValue, withOverride } from '../controls/param-controls.ts';
import { renderParamForm } from '../controls/param-form.ts';
import { CUSTOM_VALUE, renderScenarioPicker } from '../controls/scenario-picker.ts';
import { newSeed, parseSeedText } from '../controls/seed.ts';
import { renderLesson } from '../lesson/lesson-panel.ts';
import { RunController, type RunStatus } from '../runner/run-controller.ts';
import {
  failureText,
  IDLE,
  nextShownRun,
  type RunEvent,
  type ShownRun,
  traceHashText,
} from '../runner/run-state.ts';
import { parseSpeed, SPEEDS, type Speed, speedLabel } from '../runner/slicing.ts';
import { formatSpeed, SpeedMeter } from '../runner/speed-meter.ts';
import { spawnSimulationWorker } from '../runner/worker-client.ts';
import { savePng, saveSvg } from '../share/chart-export.ts';
import { download, fileName } from '../share/files.ts';
import { reportUrl, sendReport } from '../share/report.ts';
import { resultsCsv } from '../share/results-csv.ts';
import { decodeShareLink, encodeShareLink, isShareFragment, type ShareData } from '../share/share-link.ts';
import { defaultEntry, type LibraryEntry, libraryEntries, libraryLookup } from '../state/library.ts';
import { resolveScenario } from '../state/resolve.ts';
import { cliCommand } from './cli-command.ts';
import { type LabElements, labElements } from './elements.ts';
import { RunView } from './run-view.ts';

/** The width below which the lab is laid out in one column (as in styles.css). */
const NARROW = '(max-width: 760px)';

/** The speed the lab plays at unless the page says otherwise (`?speed=max`). */
export const DEFAULT_SPEED: Speed = 30;

interface Source {
  /** A built-in scenario's id, or null for a document of one's own. */
  id: string | null;
  /** Name shown for one's own document. */
  customName: string | null;
  raw: unknown;
}

export class Lab {
  private readonly el: LabElements;
  private readonly entries: LibraryEntry[];
  private readonly view: RunView;
  private readonly controller: RunController;
  private source: Source;
  private overrides: string[] = [];
  private seed = 1;
  private scenario: Scenario | null = null;
  private finalResult: RunResult | null = null;
  private runningRequest: RunRequest | null = null;
  private lastFragment = '';
  private readonly report: string | null;
  private reported = false;
  private compare: { cancel(): void } | null = null;
  private readonly tooltip: ReturnType<typeof createTooltip>;
  /** The run on screen: its trace hash is shown only once that very run has finished. */
  private shown: ShownRun = IDLE;
  /** Increases with every run asked for. */
  private runCounter = 0;
  /** The run the controller is streaming; its callbacks are dropped once another is asked for. */
  private controllerRun = -1;
  private readonly speedMeter = new SpeedMeter();
  /** The run before a lesson control changed, and what changed: kept faded on the next run's charts. */
  private ghostNext: { result: RunResult; change: string } | null = null;

  constructor(private readonly doc: Document) {
    this.el = labElements(doc);
    this.entries = libraryEntries();
    const tooltip = createTooltip(doc.body);
    this.view = new RunView(this.el, tooltip);
    this.tooltip = tooltip;
    const search = doc.defaultView?.location.search ?? '';
    const speedParam = new URLSearchParams(search).get('speed');
    this.report = reportUrl(search, doc.defaultView?.location.href ?? '');
    this.controller = new RunController(
      spawnSimulationWorker,
      {
        status: (s) => this.onStatus(s),
        update: (u) => {
          if (!this.ours()) return;
          this.measureSpeed(u.progress.simTimeMs);
          this.view.setProgress(u.progress.simTimeMs);
          if (u.sample !== null) this.view.pushSample(u.sample, u.sliceFromMs, u.progress.simTimeMs);
          if (u.result !== null && !u.progress.done) this.view.setResult(u.result, true);
          this.showProgress(u.progress.simTimeMs, u.durationMs, u.progress.events);
        },
        finished: (result, stats) => {
          if (!this.ours()) return;
          this.finalResult = result;
          this.view.setResult(result, false);
          this.show({
            type: 'finished',
            runId: this.controllerRun,
            seed: result.seed,
            traceHash: result.traceHash,
          });
          this.el.runTime.textContent = `ran in ${formatSeconds(stats.wallMs)} (${stats.slices} slices)`;
          // What the speed really was, on average (the speed asked for is only a target).
          this.el.speedReached.textContent =
            stats.wallMs > 0 ? `ran at ${formatSpeed(result.simTimeMs / stats.wallMs)}` : '';
          this.el.speedReached.dataset.speed =
            stats.wallMs > 0 ? (result.simTimeMs / stats.wallMs).toFixed(2) : '';
          this.el.runTime.dataset.wallMs = String(Math.round(stats.wallMs));
          this.el.runTime.dataset.workerMs = String(Math.round(stats.workerMs));
          this.el.runTime.dataset.events = String(result.events);
          this.showStop(result);
          this.showProgress(result.simTimeMs, this.scenario?.durationMs ?? result.simTimeMs, result.events);
          void this.sendReportOnce(result, stats.wallMs);
        },
        failed: (message) => {
          if (this.ours()) this.show({ type: 'failed', runId: this.controllerRun, message });
        },
      },
      speedParam === null ? DEFAULT_SPEED : parseSpeed(speedParam),
    );
    const first = defaultEntry(this.entries);
    this.source = { id: first.id, customName: null, raw: first.raw };
    // On a phone the lesson's sections start folded, so the controls and the charts come first.
    if (doc.defaultView?.matchMedia(NARROW).matches) this.el.lessonDetails.open = false;
    this.wire();
  }

  /** Opens the page's share link if it has one, else the default scenario; and runs it. */
  async start(): Promise<void> {
    const hash = this.doc.defaultView?.location.hash ?? '';
    if (isShareFragment(hash)) {
      await this.openLink(hash);
      return;
    }
    this.loadEntry(this.source.id ?? this.entries[0].id);
  }

  // ------------------------------------------------------------------ configuration

  private loadEntry(id: string): void {
    const entry = this.entries.find((e) => e.id === id);
    if (entry === undefined) return;
    this.source = { id: entry.id, customName: null, raw: entry.raw };
    this.overrides = [];
    const seed = (entry.raw as { seed?: unknown }).seed;
    this.seed = typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0 ? seed : 1;
    this.configure();
  }

  private loadDocument(doc: unknown, name: string): void {
    const id = (doc as { id?: unknown } | null)?.id;
    this.source = { id: null, customName: `${typeof id === 'string' ? id : name} (yours)`, raw: doc };
    this.overrides = [];
    const seed = (doc as { seed?: unknown } | null)?.seed;
    if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) this.seed = seed;
    this.configure();
  }

  /**
   * Validates the current source + overrides; on success shows it and runs it. Whatever goes
   * wrong on the way is said where the result would be: the controls never show settings that
   * silently did not run.
   */
  private configure(run = true): void {
    try {
      this.configureOrThrow(run);
    } catch (error) {
      this.refuse(
        `the page could not start the run (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }

  private configureOrThrow(run: boolean): void {
    this.hideNotice();
    renderScenarioPicker(this.el.picker, this.entries, this.source.id, this.source.customName);
    this.el.picker.value = this.source.id ?? CUSTOM_VALUE;
    this.el.seed.value = String(this.seed);
    this.el.seed.removeAttribute('aria-invalid');
    const resolved = resolveScenario(this.source.raw, this.overrides);
    this.renderControls(resolved.ok ? resolved.scenario : this.scenario);
    if (!resolved.ok) {
      this.showErrors(resolved.errors);
      this.refuse('the scenario is invalid (the errors are listed under "Try it")');
      void this.updateShare();
      return;
    }
    this.showErrors([]);
    const dropped = droppedNote(resolved.dropped);
    if (dropped !== undefined) this.showNotice(`Note: with these settings, ${dropped}.`);
    this.scenario = resolved.scenario;
    renderLesson(this.el.lessonHead, this.el.lesson, resolved.scenario);
    this.fillCompareParams(resolved.scenario);
    this.el.compareOut.replaceChildren();
    this.compare?.cancel();
    this.compare = null;
    if (run) void this.startRun();
  }

  private renderControls(scenario: Scenario | null): void {
    renderParamForm(this.el.paramForm, {
      params: scenario?.params ?? [],
      raw: this.source.raw,
      overrides: this.overrides,
      onChange: (path, value) => this.setParam(path, value),
    });
  }

  private setParam(path: string, value: ParamValue | undefined): void {
    const label = this.scenario?.params.find((p) => p.path === path)?.label ?? path;
    const ghost = this.finalResult;
    this.overrides = withOverride(this.overrides, path, value);
    this.ghostNext = ghost === null ? null : { result: ghost, change: label };
    this.configure();
  }

  private showErrors(errors: readonly ValidationError[]): void {
    const text = errors.length === 0 ? '' : `Not run: the scenario is invalid.\n${formatErrors([...errors])}`;
    this.el.scenarioErrors.hidden = errors.length === 0;
    this.el.scenarioErrors.textContent = text;
    // While the JSON editor is open its errors also sit under its own button, where the eye is.
    const inEditor = this.el.editDetails.open && errors.length > 0;
    this.el.editErrors.hidden = !inEditor;
    this.el.editErrors.textContent = inEditor ? text : '';
  }

  // ------------------------------------------------------------------ running

  private async startRun(): Promise<void> {
    const scenario = this.scenario;
    if (scenario === null) return;
    const id = ++this.runCounter;
    const seed = this.seed;
    // Nothing the previous run still sends may land on this one's charts.
    this.controllerRun = -1;
    this.finalResult = null;
    this.speedMeter.reset();
    this.show({ type: 'start', run: { id, seed, link: '' } });
    this.el.runTime.textContent = '';
    delete this.el.runTime.dataset.wallMs;
    this.showStop(null);
    this.view.setScenario(scenario);
    // Only a lesson control's change keeps the run before it (anything else starts afresh).
    const ghost = this.ghostNext;
    this.ghostNext = null;
    this.view.setGhost(ghost?.result ?? null);
    this.el.ghostNote.hidden = ghost === null;
    this.el.ghostText.textContent =
      ghost === null
        ? ''
        : `Dashed, faded: the run before ${ghost.change} changed (seed ${ghost.result.seed}).`;
    this.showProgress(0, scenario.durationMs, 0);
    try {
      const fragment = await this.updateShare();
      if (id !== this.runCounter) return;
      this.show({ type: 'start', run: { id, seed, link: `#${fragment}` } });
      this.runningRequest = { scenario, seed };
      this.controllerRun = id;
      await this.controller.start(this.runningRequest, true);
    } catch (error) {
      if (id === this.runCounter)
        this.show({
          type: 'failed',
          runId: id,
          message: error instanceof Error ? error.message : String(error),
        });
    }
  }

  /** Whether the controller's news is about the run the page asked for last. */
  private ours(): boolean {
    return this.controllerRun === this.runCounter;
  }

  /** Nothing runs for the settings on screen: say so where the result would be. */
  private refuse(message: string): void {
    this.runCounter++;
    this.controllerRun = -1;
    this.controller.cancel();
    this.finalResult = null;
    if (this.scenario !== null) this.view.setScenario(this.scenario);
    this.view.setGhost(null);
    this.el.ghostNote.hidden = true;
    this.show({ type: 'refused', message });
  }

  private show(event: RunEvent): void {
    this.shown = nextShownRun(this.shown, event);
    const shown = this.shown;
    this.el.traceHash.textContent = traceHashText(shown);
    const run = shown.kind === 'idle' ? null : shown.run;
    if (run === null) {
      delete this.el.traceHash.dataset.seed;
      delete this.el.traceHash.dataset.link;
    } else {
      this.el.traceHash.dataset.seed = String(run.seed);
      this.el.traceHash.dataset.link = run.link;
    }
    this.doc.body.dataset.shown = shown.kind;
    const failure = failureText(shown);
    this.el.runFailure.hidden = failure === null;
    this.el.runFailure.textContent = failure ?? '';
  }

  /** The speed the run really reaches while playing at a chosen speed. */
  private measureSpeed(simTimeMs: number): void {
    const paced = this.controller.speed !== 'max' && this.controller.status === 'playing';
    if (!paced) {
      // Every slice lands here at full speed: leave an empty text alone (rewriting it still
      // invalidates the header's layout).
      if (this.el.speedReached.textContent !== '') this.el.speedReached.textContent = '';
      return;
    }
    this.speedMeter.record(performance.now(), simTimeMs);
    const reached = this.speedMeter.reached();
    this.el.speedReached.textContent = reached === null ? '' : `reaching ${formatSpeed(reached)}`;
    if (reached !== null) this.el.speedReached.dataset.speed = reached.toFixed(2);
  }

  private onStatus(status: RunStatus): void {
    this.el.runStatus.textContent = status;
    this.el.runStatus.dataset.status = status;
    this.doc.body.dataset.runStatus = status;
    const playing = status === 'playing';
    const paused = status === 'paused';
    this.el.play.textContent = playing
      ? 'Pause'
      : status === 'done' || status === 'cancelled'
        ? 'Replay'
        : 'Play';
    this.el.play.setAttribute('aria-pressed', String(playing));
    this.el.play.disabled = status === 'starting' || status === 'idle';
    this.el.step.disabled = !paused;
    this.el.runToEnd.disabled = !(playing || paused);
    this.el.cancel.disabled = !(playing || paused || status === 'starting');
    this.view.setAnimating(playing);
    if (!playing) this.speedMeter.reset();
    if (status === 'cancelled' && this.ours()) this.show({ type: 'cancelled', runId: this.controllerRun });
  }

  /** A run a budget stopped before its end says why, next to its status (a completed one says nothing). */
  private showStop(result: RunResult | null): void {
    const stopped = result !== null && result.stopReason !== 'completed';
    this.el.runStop.hidden = !stopped;
    this.el.runStop.textContent = stopped ? `Stopped early: ${result.stopMessage}.` : '';
    if (stopped) this.el.runStop.dataset.stopReason = result.stopReason;
    else delete this.el.runStop.dataset.stopReason;
  }

  private showProgress(simTimeMs: number, durationMs: number, events: number): void {
    this.el.progress.value = durationMs > 0 ? simTimeMs / durationMs : 0;
    this.el.progressText.textContent = `${formatTime(simTimeMs)} / ${formatTime(durationMs)} simulated · ${events.toLocaleString('en-US')} events`;
  }

  private async sendReportOnce(result: RunResult, wallMs: number): Promise<void> {
    if (this.report === null || this.reported) return;
    this.reported = true;
    try {
      await sendReport(this.report, {
        traceHash: result.traceHash,
        scenario: result.scenario,
        seed: result.seed,
        events: result.events,
        wallMs: Math.round(wallMs),
        userAgent: navigator.userAgent,
      });
    } catch {
      // Reporting is for test harnesses; the page works without it.
    }
  }

  /**
   * The finished run's result as `faultline run --json` prints it. Reading partial results while
   * streaming changes nothing in sim-core (gauges are read from copies), so the streamed run's
   * result is byte for byte the CLI's: no second run is needed for downloads.
   */
  private canonicalResult(): RunResult | null {
    return this.finalResult;
  }

  // ------------------------------------------------------------------ sharing

  private shareData(): ShareData {
    return {
      source:
        this.source.id !== null ? { kind: 'id', id: this.source.id } : { kind: 'doc', doc: this.source.raw },
      overrides: [...this.overrides],
      seed: this.seed,
    };
  }

  private async updateShare(): Promise<string> {
    const fragment = await encodeShareLink(this.shareData());
    const win = this.doc.defaultView;
    if (win !== null) {
      this.lastFragment = `#${fragment}`;
      win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}#${fragment}`);
      // The link to share: the fragment only, without this page's own query (speed, report).
      this.el.shareLink.value = `${win.location.origin}${win.location.pathname}#${fragment}`;
    }
    this.el.cliCommand.textContent = cliCommand(
      this.source.id !== null
        ? { builtIn: this.source.id }
        : { file: `${fileName(this.scenario?.id ?? 'scenario')}.json` },
      this.seed,
      this.overrides,
    );
    return fragment;
  }

  private async openLink(fragment: string): Promise<void> {
    const decoded = await decodeShareLink(fragment, libraryLookup(this.entries));
    if (!decoded.ok) {
      this.loadEntry(this.source.id ?? this.entries[0].id);
      this.showNotice(`This share link was not opened: it is invalid.\n${formatErrors(decoded.errors)}`);
      return;
    }
    this.hideNotice();
    const { link } = decoded;
    if (link.source.kind === 'id') {
      const entry = this.entries.find((e) => link.source.kind === 'id' && e.id === link.source.id);
      this.source = { id: entry?.id ?? null, customName: null, raw: entry?.raw };
    } else {
      const id = (link.source.doc as { id?: unknown } | null)?.id;
      this.source = {
        id: null,
        customName: `${typeof id === 'string' ? id : 'scenario'} (shared)`,
        raw: link.source.doc,
      };
    }
    this.overrides = [...link.overrides];
    this.seed = decoded.seed;
    this.configure();
  }

  private showNotice(text: string): void {
    this.el.notice.hidden = false;
    this.el.notice.textContent = text;
    const close = this.doc.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => this.hideNotice());
    this.el.notice.append(close);
  }

  private hideNotice(): void {
    this.el.notice.hidden = true;
    this.el.notice.textContent = '';
  }

  // ------------------------------------------------------------------ compare

  private fillCompareParams(scenario: Scenario): void {
    const select = this.el.compareParam;
    select.replaceChildren(
      ...scenario.params.map((p, i) => new Option(`${p.label} (${p.values.length} values)`, String(i))),
    );
    this.el.compareRun.disabled = scenario.params.length === 0;
    if (scenario.params.length === 0) select.append(new Option('this scenario declares no parameters', ''));
  }

  private runCompare(): void {
    const scenario = this.scenario;
    const param = scenario?.params[Number(this.el.compareParam.value)];
    if (scenario === null || param === undefined) return;
    this.compare?.cancel();
    const variants: Variant[] = variantsFor(param, this.overrides);
    const scenarios: Scenario[] = [];
    const errors: (string | null)[] = [];
    for (const v of variants) {
      const r = resolveScenario(this.source.raw, v.overrides);
      scenarios.push(r.ok ? r.scenario : scenario);
      errors.push(r.ok ? null : ` invalid: ${formatErrors(r.errors)}`);
    }
    const results: (RunResult | null)[] = variants.map(() => null);
    const render = () =>
      renderCompare(this.el.compareOut, {
        scenarios,
        variants,
        results,
        errors,
        focus:
          scenario.clients[0] !== undefined
            ? { kind: 'client', name: scenario.clients[0].name }
            : { kind: 'service', name: scenario.services[0].name },
        width: this.el.compareOut.clientWidth,
        tooltip: this.tooltip,
      });
    render();
    const runnable = variants.map((_, i) => i).filter((i) => errors[i] === null);
    const concurrency = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
    this.compare = runVariants(
      runnable.map((i) => ({ scenario: scenarios[i], seed: this.seed })),
      spawnSimulationWorker,
      concurrency,
      (k, result) => {
        results[runnable[k]] = result;
        render();
      },
      (k, message) => {
        errors[runnable[k]] = ` failed: ${message}`;
        render();
      },
    );
  }

  // ------------------------------------------------------------------ events

  private wire(): void {
    const el = this.el;
    el.speed.replaceChildren(
      ...SPEEDS.map((s) => new Option(speedLabel(s), String(s), false, s === this.controller.speed)),
    );
    el.speed.addEventListener('change', () => {
      this.controller.setSpeed(parseSpeed(el.speed.value));
      this.speedMeter.reset();
      el.speedReached.textContent = '';
    });
    el.picker.addEventListener('change', () => {
      if (el.picker.value !== CUSTOM_VALUE) this.loadEntry(el.picker.value);
    });
    el.seed.addEventListener('change', () => {
      const seed = parseSeedText(el.seed.value);
      if (seed === null) {
        el.seed.setAttribute('aria-invalid', 'true');
        this.refuse('the seed is not a whole number from 0 to 2^53 - 1');
        this.showErrors([
          {
            path: 'seed',
            message: `found ${JSON.stringify(el.seed.value)}; allowed: a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
          },
        ]);
        return;
      }
      this.seed = seed;
      this.configure();
    });
    el.newSeed.addEventListener('click', () => {
      this.seed = newSeed();
      this.configure();
    });
    el.play.addEventListener('click', () => {
      const status = this.controller.status;
      if (status === 'playing') this.controller.pause();
      else if (status === 'paused') this.controller.play();
      // Settings that were refused are validated again, never replaced by the last good ones.
      else if (this.shown.kind === 'failed' && this.shown.run === null) this.configure();
      else void this.startRun();
    });
    el.step.addEventListener('click', () => this.controller.step());
    el.runToEnd.addEventListener('click', () => this.controller.runToEnd());
    el.cancel.addEventListener('click', () => this.controller.cancel());

    el.share.addEventListener('click', async () => {
      await this.updateShare();
      el.shareLink.select();
      try {
        await navigator.clipboard.writeText(el.shareLink.value);
        el.share.textContent = 'Copied';
      } catch {
        el.share.textContent = 'Link selected: copy it';
      }
      setTimeout(() => {
        el.share.textContent = 'Copy share link';
      }, 2000);
    });
    this.doc.defaultView?.addEventListener('hashchange', () => {
      const hash = this.doc.defaultView?.location.hash ?? '';
      if (hash !== this.lastFragment && isShareFragment(hash)) void this.openLink(hash);
    });

    el.exportJson.addEventListener('click', () => {
      const doc = applyOverrides(this.source.raw, this.overrides);
      if (!doc.ok) return;
      download(
        `${fileName(this.scenario?.id ?? 'scenario')}.json`,
        `${JSON.stringify(doc.value, null, 2)}\n`,
        'application/json',
      );
    });
    el.importJson.addEventListener('change', async () => {
      const file = el.importJson.files?.[0];
      if (file === undefined) return;
      const parsed = parseJson(await file.text(), file.name);
      el.importJson.value = '';
      if (!parsed.ok) {
        this.showErrors(parsed.errors);
        return;
      }
      this.loadDocument(parsed.value, file.name.replace(/\.json$/i, ''));
    });
    el.editDetails.addEventListener('toggle', () => {
      if (!el.editDetails.open) return;
      const doc = applyOverrides(this.source.raw, this.overrides);
      el.editJson.value = doc.ok
        ? JSON.stringify(doc.value, null, 2)
        : JSON.stringify(this.source.raw, null, 2);
    });
    el.applyJson.addEventListener('click', () => {
      const parsed = parseJson(el.editJson.value, 'edited JSON');
      if (!parsed.ok) {
        this.showErrors(parsed.errors);
        return;
      }
      this.loadDocument(parsed.value, 'edited');
    });
    el.downloadJson.addEventListener('click', () => {
      const r = this.canonicalResult();
      if (r === null) return;
      download(
        `${fileName('faultline', r.scenario, `seed${r.seed}`)}.json`,
        `${JSON.stringify(r)}\n`,
        'application/json',
      );
    });
    el.downloadCsv.addEventListener('click', () => {
      const r = this.canonicalResult();
      if (r === null) return;
      download(`${fileName('faultline', r.scenario, `seed${r.seed}`)}.csv`, resultsCsv(r), 'text/csv');
    });
    for (const button of this.doc.querySelectorAll<HTMLButtonElement>('button[data-save]')) {
      button.addEventListener('click', () => {
        const svg = this.doc.getElementById(button.dataset.save ?? '') as SVGSVGElement | null;
        if (svg === null) return;
        const name = fileName(
          'faultline',
          this.scenario?.id ?? 'run',
          `seed${this.seed}`,
          button.dataset.save ?? 'chart',
        );
        if (button.dataset.format === 'png') void savePng(svg, name);
        else saveSvg(svg, name);
      });
    }

    const tabs = [el.tabRun, el.tabCompare];
    const select = (tab: HTMLButtonElement) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute('aria-selected', String(on));
        t.tabIndex = on ? 0 : -1;
      }
      el.runView.hidden = tab !== el.tabRun;
      el.compareView.hidden = tab !== el.tabCompare;
      if (tab === el.tabRun) this.view.refresh();
    };
    for (const t of tabs) {
      t.addEventListener('click', () => select(t));
      t.addEventListener('keydown', (event) => {
        if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
        const next = tabs[(tabs.indexOf(t) + 1) % tabs.length];
        select(next);
        next.focus();
      });
    }
    el.tabCompare.tabIndex = -1;
    el.compareRun.addEventListener('click', () => this.runCompare());
    el.ghostHide.addEventListener('click', () => {
      this.view.setGhost(null);
      el.ghostNote.hidden = true;
    });
    el.compareCancel.addEventListener('click', () => this.compare?.cancel());
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Starts the lab on a page built from index.html. */
export function startLab(doc: Document): Lab {
  const lab = new Lab(doc);
  void lab.start();
  return lab;
}
