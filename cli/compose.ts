/** The engine the CLI runs: the generic engine with the builtin modules registered. */
import { builtinModules } from '../builtin-modules';
import { createEngine, type Engine } from '../engine';

export function createCliEngine(): Engine {
  return createEngine().registerModules(builtinModules);
}
