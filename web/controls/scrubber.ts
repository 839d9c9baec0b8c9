/**
 * The time-travel scrubber, laid over the shared time axis: its track spans exactly the charts'
 * plot width, so the thumb sits above the cursor it moves. Keyboard: arrows step a bucket,
 * Page Up/Down ten, Home/End the ends (native range input). Past the computed time it snaps
 * back to "live".
 */
import { select } from 'd3';
import { formatTime } from '../charts/format.ts';
import { PLOT_MARGIN } from '../charts/panel.ts';
import { timeAxis, timeScale } from '../charts/time-axis.ts';

/** Width of the range thumb in CSS (see styles.css `--thumb`). */
export const THUMB = 16;

export interface ScrubberView {
  durationMs: number;
  bucketMs: number;
  /** Simulated time computed so far. */
  liveEnd: number;
  /** The viewed moment; null: following the live edge. */
  viewTime: number | null;
  plotWidth: number;
}

export interface Scrubber {
  update(view: ScrubberView): void;
}

export function mountScrubber(root: HTMLElement, onScrub: (timeMs: number | null) => void): Scrubber {
  root.replaceChildren();
  const top = document.createElement('div');
  top.className = 'fl-scrubber-top';
  const label = document.createElement('label');
  label.htmlFor = 'scrubber';
  label.textContent = 'Time travel';
  const output = document.createElement('output');
  output.id = 'scrub-time';
  output.dataset.testid = 'scrub-time';
  const live = document.createElement('button');
  live.type = 'button';
  live.textContent = 'Live';
  live.title = 'Follow the run as it is computed';
  top.append(label, output, live);
  const input = document.createElement('input');
  input.type = 'range';
  input.id = 'scrubber';
  input.dataset.testid = 'scrubber';
  input.min = '0';
  const axis = select(root).append('svg').attr('class', 'fl-scrubber-axis').attr('height', 24);
  root.prepend(top);
  root.insertBefore(input, axis.node());

  let view: ScrubberView = { durationMs: 1, bucketMs: 1, liveEnd: 0, viewTime: null, plotWidth: 100 };
  const pick = () => {
    const t = Math.min(Number(input.value), view.liveEnd);
    if (t >= view.liveEnd - view.bucketMs / 2) onScrub(null);
    else onScrub(t);
  };
  input.addEventListener('input', pick);
  live.addEventListener('click', () => onScrub(null));

  return {
    update(next) {
      view = next;
      const shown = next.viewTime ?? next.liveEnd;
      input.max = String(next.durationMs);
      input.step = String(next.bucketMs);
      input.value = String(shown);
      input.style.marginLeft = `${PLOT_MARGIN.left - THUMB / 2}px`;
      input.style.width = `${next.plotWidth + THUMB}px`;
      input.setAttribute('aria-valuetext', `${formatTime(shown)} of ${formatTime(next.durationMs)}`);
      output.textContent =
        next.viewTime === null
          ? `live · ${formatTime(next.liveEnd)}`
          : `${formatTime(next.viewTime)} (computed to ${formatTime(next.liveEnd)})`;
      live.disabled = next.viewTime === null;
      const width = PLOT_MARGIN.left + next.plotWidth + PLOT_MARGIN.right;
      axis.attr('width', width);
      let g = axis.select<SVGGElement>('g');
      if (g.empty()) g = axis.append('g');
      g.attr('transform', `translate(${PLOT_MARGIN.left},1)`).call(
        timeAxis()
          .x(timeScale(next.durationMs, next.plotWidth))
          .ticks(Math.round(next.plotWidth / 80)),
      );
    },
  };
}
