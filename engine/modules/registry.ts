import type { ModuleDefinition } from './types';

/** Module name (and alias) → definition; a later registration of the same name is an error. */
export function buildModuleRegistry(definitions: readonly ModuleDefinition[]): Map<string, ModuleDefinition> {
  const registry = new Map<string, ModuleDefinition>();
  for (const def of definitions) {
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      if (registry.has(name)) throw new Error(`module "${name}" is registered twice`);
      registry.set(name, def);
    }
  }
  return registry;
}
