/** Where something came from in a project, inventory or config file, and the problems found there. */

import type { ErrorCode } from './errors';

export interface SourcePos {
  /** Absolute path of the file. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

/** A YAML value with the positions of the mapping/sequence/scalar nodes it was read from. */
export interface Located<T> {
  readonly value: T;
  readonly pos: SourcePos;
}

/** One problem found while loading; all of them are reported together before anything runs. */
export interface Diagnostic {
  readonly pos: SourcePos;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** Stable code of an error (docs/errors.md); warnings have none. */
  readonly code?: ErrorCode;
}
