/** Files in and out: downloads made in the page (no server), and reading a chosen file. */

/** Offers `content` as a download named `name`. */
export function download(name: string, content: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The text of a file the user picked. */
export function readText(file: File): Promise<string> {
  return file.text();
}

/** A file name made of safe characters. */
export function fileName(...parts: (string | number)[]): string {
  return parts
    .map((p) => String(p).replace(/[^A-Za-z0-9._-]+/g, '-'))
    .filter((p) => p !== '')
    .join('-');
}
