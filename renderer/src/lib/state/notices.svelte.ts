/**
 * Dismissible banners: API errors that belong to no single control, and short confirmations.
 * Errors stay until dismissed; infos fade after a few seconds.
 */
import type { ApiError } from '../../../../src/contract/api.js';
import type { FieldError } from '../../../../src/contract/config.js';

export type NoticeKind = 'error' | 'warning' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  title: string;
  message: string;
  /** Error code from the API (invalid, not-found, …). */
  code?: string;
  fields?: FieldError[];
}

const INFO_MS = 5000;
const MAX_NOTICES = 5;

export class Notices {
  items = $state<Notice[]>([]);
  #next = 1;

  push(kind: NoticeKind, title: string, message: string, extra: Partial<Pick<Notice, 'code' | 'fields'>> = {}): number {
    const id = this.#next++;
    const n: Notice = { id, kind, title, message, ...extra };
    this.items = [...this.items.filter((x) => !(x.title === title && x.message === message)), n].slice(-MAX_NOTICES);
    if (kind === 'info') setTimeout(() => this.dismiss(id), INFO_MS);
    return id;
  }

  /** Shows an API error: its code, message and any field errors. */
  apiError(title: string, error: ApiError, fields: FieldError[] | undefined = error.fields): number {
    return this.push('error', title, error.message, { code: error.code, fields });
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }

  clear(): void {
    this.items = [];
  }
}
