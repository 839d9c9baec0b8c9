/** The page's elements the lab drives, looked up once (index.html holds the skeleton). */

function byId<T extends Element>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el as unknown as T;
}

export function labElements(doc: Document) {
  return {
    picker: byId<HTMLSelectElement>(doc, 'scenario-picker'),
    seed: byId<HTMLInputElement>(doc, 'seed'),
    newSeed: byId<HTMLButtonElement>(doc, 'new-seed'),
    play: byId<HTMLButtonElement>(doc, 'play'),
    step: byId<HTMLButtonElement>(doc, 'step'),
    runToEnd: byId<HTMLButtonElement>(doc, 'run-to-end'),
    cancel: byId<HTMLButtonElement>(doc, 'cancel'),
    speed: byId<HTMLSelectElement>(doc, 'speed'),
    progress: byId<HTMLProgressElement>(doc, 'progress'),
    progressText: byId<HTMLElement>(doc, 'progress-text'),
    notice: byId<HTMLElement>(doc, 'notice'),
    lesson: byId<HTMLElement>(doc, 'lesson'),
    lessonHead: byId<HTMLElement>(doc, 'lesson-head'),
    lessonDetails: byId<HTMLDetailsElement>(doc, 'lesson-details'),
    paramForm: byId<HTMLElement>(doc, 'param-form'),
    scenarioErrors: byId<HTMLElement>(doc, 'scenario-errors'),
    share: byId<HTMLButtonElement>(doc, 'share'),
    shareLink: byId<HTMLInputElement>(doc, 'share-link'),
    cliCommand: byId<HTMLElement>(doc, 'cli-command'),
    exportJson: byId<HTMLButtonElement>(doc, 'export-json'),
    importJson: byId<HTMLInputElement>(doc, 'import-json'),
    downloadJson: byId<HTMLButtonElement>(doc, 'download-json'),
    downloadCsv: byId<HTMLButtonElement>(doc, 'download-csv'),
    editDetails: byId<HTMLDetailsElement>(doc, 'edit-details'),
    editJson: byId<HTMLTextAreaElement>(doc, 'edit-json'),
    applyJson: byId<HTMLButtonElement>(doc, 'apply-json'),
    editErrors: byId<HTMLElement>(doc, 'edit-errors'),
    tabRun: byId<HTMLButtonElement>(doc, 'tab-run'),
    tabCompare: byId<HTMLButtonElement>(doc, 'tab-compare'),
    runView: byId<HTMLElement>(doc, 'run-view'),
    compareView: byId<HTMLElement>(doc, 'compare-view'),
    counters: byId<HTMLElement>(doc, 'counters'),
    traceHash: byId<HTMLElement>(doc, 'trace-hash'),
    runTime: byId<HTMLElement>(doc, 'run-time'),
    runStatus: byId<HTMLElement>(doc, 'run-status'),
    runFailure: byId<HTMLElement>(doc, 'run-failure'),
    ghostNote: byId<HTMLElement>(doc, 'ghost-note'),
    axisNote: byId<HTMLElement>(doc, 'axis-note'),
    axisText: byId<HTMLElement>(doc, 'axis-text'),
    axisToggle: byId<HTMLButtonElement>(doc, 'axis-toggle'),
    ghostText: byId<HTMLElement>(doc, 'ghost-text'),
    ghostHide: byId<HTMLButtonElement>(doc, 'ghost-hide'),
    speedReached: byId<HTMLElement>(doc, 'speed-reached'),
    runStop: byId<HTMLElement>(doc, 'run-stop'),
    topology: byId<SVGSVGElement>(doc, 'topology'),
    flow: byId<HTMLCanvasElement>(doc, 'flow'),
    scrubberBox: byId<HTMLElement>(doc, 'scrubber-box'),
    focus: byId<HTMLSelectElement>(doc, 'focus'),
    golden: byId<SVGSVGElement>(doc, 'golden'),
    amplification: byId<SVGSVGElement>(doc, 'amplification'),
    breakers: byId<SVGSVGElement>(doc, 'breakers'),
    breakerCard: byId<HTMLElement>(doc, 'breaker-card'),
    control: byId<SVGSVGElement>(doc, 'control'),
    controlCard: byId<HTMLElement>(doc, 'control-card'),
    patterns: byId<SVGSVGElement>(doc, 'patterns'),
    summary: byId<HTMLElement>(doc, 'summary'),
    compareParam: byId<HTMLSelectElement>(doc, 'compare-param'),
    compareRun: byId<HTMLButtonElement>(doc, 'compare-run'),
    compareCancel: byId<HTMLButtonElement>(doc, 'compare-cancel'),
    compareOut: byId<HTMLElement>(doc, 'compare-out'),
  };
}

export type LabElements = ReturnType<typeof labElements>;
