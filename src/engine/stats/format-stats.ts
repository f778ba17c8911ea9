/** How statistics are written in verdicts, warnings and tables: accuracy differences in points, p-values. */

/** An accuracy difference as percentage points with two decimals ("1.23"; signed: "+1.23", "-0.40"). */
export function formatPoints(diff: number, signed = false): string {
  const text = (diff * 100).toFixed(2);
  if (Number(text) === 0) return '0.00';
  return signed && diff > 0 ? `+${text}` : text;
}

/** An amount of points without trailing zeros ("1", "0.5", "2.25"), for sizes like "a 1-point difference". */
export function shortPoints(fraction: number): string {
  return String(Number((fraction * 100).toFixed(2)));
}

/** A p-value: "< 0.0001", four decimals below 0.01, else three ("0.250", "0.0312"). */
export function formatP(p: number): string {
  if (p < 1e-4) return '< 0.0001';
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3);
}

/** "p = 0.250" or "p < 0.0001". */
export function pIs(p: number): string {
  const text = formatP(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

/** An interval in points, "from lo to hi" style pieces: "[-0.28, +5.40]". */
export function formatInterval(ci: readonly [number, number]): string {
  return `[${formatPoints(ci[0], true)}, ${formatPoints(ci[1], true)}]`;
}

/** "output_step", "output_step and hidden_last", "a, b and c". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
