/** Client-side downloads: text through a Blob URL, images from a data URL converted to a Blob. No popups, no inline scripts. */

function clickLink(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadText(text: string, filename: string, mime = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  clickLink(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads a base64 data URL (e.g. chart.toBase64Image()) as a file, through a Blob URL. */
export function downloadDataUrl(dataUrl: string, filename: string): void {
  const m = /^data:([^;,]+);base64,(.*)$/.exec(dataUrl);
  if (!m) throw new Error('expected a base64 data URL');
  const bin = atob(m[2]);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: m[1] }));
  clickLink(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe slug: "seed-mnist · hidden_concat" → "seed-mnist-hidden_concat". */
export function fileSlug(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'export';
}
