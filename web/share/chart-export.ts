/**
 * Saves a chart as SVG or PNG. Charts set their styles as attributes (not CSS), so the SVG file
 * looks like the page; the PNG is the SVG drawn on a canvas at twice the size. Both are made
 * in the page from the chart's own markup: nothing is fetched.
 */
import { download } from './files.ts';

export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.querySelectorAll('.fl-capture, .fl-hover').forEach((n) => {
    n.remove();
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

export function saveSvg(svg: SVGSVGElement, name: string): void {
  download(`${name}.svg`, svgText(svg), 'image/svg+xml');
}

export async function savePng(svg: SVGSVGElement, name: string, scale = 2): Promise<void> {
  const width = Number(svg.getAttribute('width') ?? svg.clientWidth);
  const height = Number(svg.getAttribute('height') ?? svg.clientHeight);
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2D canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (png === null) throw new Error('the browser could not encode a PNG');
    download(`${name}.png`, png);
  } finally {
    URL.revokeObjectURL(url);
  }
}
