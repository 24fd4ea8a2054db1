/**
 * The files a `template` task renders are parse-checked at load time, so a broken template stops
 * the run before any host is touched, with the position inside the template file. Only a literal
 * `src` can be followed (a templated one is known when the task runs); a `src` that does not
 * exist yet is left to the module, which reports it when it runs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { childRef, posOf, type LoadContext, type NodeRef } from './context';
import { describeTemplateError, isTemplateText } from './template-bridge';

/** Parses the template file(s) of a `template` task; returns the files it found. */
export function checkTemplateFiles(ctx: LoadContext, module: string, argsRef: NodeRef, top: string): string[] {
  if (module !== 'template') return [];
  const srcRef = childRef(argsRef, 'src');
  const src = srcRef.value;
  if (typeof src !== 'string' || src === '' || isTemplateText(src)) return [];
  const target = path.isAbsolute(src) ? src : path.join(top, 'templates', src);
  const files = listFiles(target);
  const task = posOf(srcRef);
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue; // unreadable now: the module says why when it runs
    }
    try {
      ctx.templates.parse(text, file);
    } catch (e) {
      const problem = describeTemplateError(e);
      const used = `${path.relative(ctx.root, task.file) || task.file}:${task.line}`;
      ctx.error({ file, line: problem.line, col: problem.col ?? 1 }, `invalid template (used by the template task at ${used}): ${problem.text}`, 'KP-TMPL-001');
    }
  }
  return files;
}

/** The regular file at `target`, or every regular file below it when it is a directory; [] when absent. */
function listFiles(target: string): string[] {
  let info: fs.Stats;
  try {
    info = fs.statSync(target);
  } catch {
    return [];
  }
  if (info.isFile()) return [target];
  if (!info.isDirectory()) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile() || entry.isSymbolicLink()) {
      if (fs.statSync(full, { throwIfNoEntry: false })?.isFile() === true) out.push(full);
    }
  }
  return out;
}
