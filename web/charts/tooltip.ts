/**
 * The hover tooltip the charts share: exact values with units at the hovered bucket. One per lab
 * (passed to each chart), so charts hold no global state.
 */
export interface TooltipRow {
  color: string;
  label: string;
  value: string;
}

export interface Tooltip {
  show(clientX: number, clientY: number, title: string, rows: readonly TooltipRow[], note?: string): void;
  hide(): void;
}

export function createTooltip(parent: HTMLElement): Tooltip {
  const el = document.createElement('div');
  el.className = 'fl-tooltip';
  el.setAttribute('role', 'status');
  el.hidden = true;
  parent.append(el);
  return {
    show(clientX, clientY, title, rows, note) {
      el.replaceChildren();
      const head = document.createElement('div');
      head.className = 'fl-tooltip-title';
      head.textContent = title;
      el.append(head);
      for (const r of rows) {
        const line = document.createElement('div');
        line.className = 'fl-tooltip-row';
        const sw = document.createElement('span');
        sw.className = 'fl-swatch';
        sw.style.background = r.color;
        const label = document.createElement('span');
        label.textContent = r.label;
        const value = document.createElement('b');
        value.textContent = r.value;
        line.append(sw, label, value);
        el.append(line);
      }
      if (note !== undefined && note !== '') {
        const n = document.createElement('div');
        n.className = 'fl-tooltip-note';
        n.textContent = note;
        el.append(n);
      }
      el.hidden = false;
      const { width, height } = el.getBoundingClientRect();
      const x = clientX + 14 + width > window.innerWidth ? clientX - 14 - width : clientX + 14;
      const y = Math.min(window.innerHeight - height - 4, Math.max(4, clientY - height / 2));
      el.style.left = `${Math.max(4, x)}px`;
      el.style.top = `${y}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}
