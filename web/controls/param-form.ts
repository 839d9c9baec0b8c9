/** The scenario's parameter controls in the DOM (specs from `param-controls.ts`). */
import type { ParamSpec } from '../../sim-core/scenario/spec.ts';
import { controlsFor, overrideValue, type ParamValue, readPath, selectedIndex } from './param-controls.ts';

export interface ParamFormInput {
  params: readonly ParamSpec[];
  raw: unknown;
  overrides: readonly string[];
  /** A new value for a path; undefined: back to the scenario's own. */
  onChange(path: string, value: ParamValue | undefined): void;
}

export function renderParamForm(container: HTMLElement, input: ParamFormInput): void {
  container.replaceChildren();
  const specs = controlsFor(input.params);
  if (specs.length === 0) {
    const p = document.createElement('p');
    p.className = 'fl-note';
    p.textContent = 'This scenario declares no parameters: edit its JSON to change it.';
    container.append(p);
    return;
  }
  for (const spec of specs) {
    const row = document.createElement('div');
    row.className = 'fl-control';
    row.dataset.path = spec.path;
    const label = document.createElement('label');
    label.htmlFor = spec.id;
    label.textContent = spec.label;
    row.append(label);
    const selected = selectedIndex(spec, input.raw, input.overrides);
    const own = overrideValue(input.overrides, spec.path) ?? readPath(input.raw, spec.path);
    const line = document.createElement('div');
    line.className = 'fl-control-line';
    row.append(line);

    if (spec.kind === 'select') {
      const select = document.createElement('select');
      select.id = spec.id;
      select.dataset.path = spec.path;
      if (selected < 0) select.append(new Option('as in scenario', '', true, true));
      spec.options.forEach((o, i) => {
        select.append(new Option(o.text, String(i), false, i === selected));
      });
      select.addEventListener('change', () => {
        input.onChange(spec.path, select.value === '' ? undefined : spec.options[Number(select.value)].value);
      });
      line.append(select);
    } else {
      const slider = document.createElement('input');
      slider.type = 'range';
      slider.id = spec.id;
      slider.dataset.path = spec.path;
      slider.min = '0';
      slider.max = String(spec.options.length - 1);
      slider.step = '1';
      slider.value = String(Math.max(0, selected));
      const output = document.createElement('output');
      output.htmlFor.add(spec.id);
      const show = () => {
        output.textContent =
          selected < 0 && slider.value === '0' ? 'as in scenario' : spec.options[Number(slider.value)].text;
        slider.setAttribute('aria-valuetext', output.textContent);
      };
      show();
      slider.addEventListener('input', () => {
        output.textContent = spec.options[Number(slider.value)].text;
        slider.setAttribute('aria-valuetext', output.textContent);
      });
      slider.addEventListener('change', () =>
        input.onChange(spec.path, spec.options[Number(slider.value)].value),
      );
      line.append(slider, output);
    }

    if (spec.numeric) {
      const exact = document.createElement('input');
      exact.type = 'number';
      exact.className = 'fl-exact';
      exact.id = `${spec.id}-exact`;
      exact.setAttribute('aria-label', `${spec.label}: exact value`);
      exact.step = 'any';
      exact.value = typeof own === 'number' ? String(own) : '';
      exact.addEventListener('change', () => {
        if (exact.value.trim() === '') input.onChange(spec.path, undefined);
        else if (Number.isFinite(exact.valueAsNumber)) input.onChange(spec.path, exact.valueAsNumber);
      });
      line.append(exact);
    }
    container.append(row);
  }
}
