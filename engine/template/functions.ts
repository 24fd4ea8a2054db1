/**
 * The function maps templates are parsed with.
 *
 * - sprigFunctionMap(): Go's builtins overlaid by Sprig, exactly like
 *   `template.New(name).Funcs(sprig.TxtFuncMap())` (Sprig's list-only `slice` shadows Go's).
 * - kubekeyFunctionMap(): that, without env/expandenv, plus KubeKey's functions, include/tpl and
 *   kplay's own additions (shellQuote).
 *
 * Both maps are built once and frozen: parsed templates are cached per map identity.
 */
import type { FunctionMap } from './function-types';
import { goBuiltins } from './builtins';
import { includeFunction, tplFunction } from './include-tpl';
import { kplayFunctions } from './kplay/shell';

let sprigMap: FunctionMap | undefined;
let kubekeyMap: FunctionMap | undefined;

/**
 * Loads a sibling function library lazily so this module does not depend on it at load time
 * (the libraries are developed in parallel); a library that is not there yet contributes nothing.
 */
function loadLibrary(path: string, exportName: string): FunctionMap {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path) as Record<string, FunctionMap | undefined>;
    return mod[exportName] ?? {};
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes(path.replace('./', ''))) return {};
    throw e;
  }
}

export function sprigFunctionMap(): FunctionMap {
  if (sprigMap === undefined) {
    const sprig = { ...loadLibrary('./sprig', 'sprigFunctions') };
    delete sprig.env;
    delete sprig.expandenv;
    sprigMap = Object.freeze({ ...goBuiltins, ...sprig });
  }
  return sprigMap;
}

export function kubekeyFunctionMap(): FunctionMap {
  if (kubekeyMap === undefined) {
    const map: FunctionMap = {
      ...sprigFunctionMap(),
      ...loadLibrary('./kubekey', 'kubekeyFunctions'),
      include: includeFunction,
      tpl: tplFunction,
      ...kplayFunctions,
    };
    delete map.env;
    delete map.expandenv;
    kubekeyMap = Object.freeze(map);
  }
  return kubekeyMap;
}
