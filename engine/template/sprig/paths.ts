/**
 * Go's path (slash-separated) functions; on Linux path/filepath behaves identically, so the
 * `os*` variants share the implementation.
 */
import { fn, type FunctionMap } from '../function-types';

/** path.Clean: purely lexical; "" becomes ".", no trailing slash except for the root. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(segment);
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

export function basePath(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) {
    if (p[i] === '.') return p.slice(i);
  }
  return '';
}

const isAbsPath = (p: string): boolean => p.startsWith('/');

const str = (f: (p: string) => string | boolean) => fn(['string'], (p) => f(p as string));

export const pathFunctions: FunctionMap = {
  base: str(basePath),
  dir: str(dirPath),
  clean: str(cleanPath),
  ext: str(extPath),
  isAbs: str(isAbsPath),
  osBase: str(basePath),
  osDir: str(dirPath),
  osClean: str(cleanPath),
  osExt: str(extPath),
  osIsAbs: str(isAbsPath),
};
