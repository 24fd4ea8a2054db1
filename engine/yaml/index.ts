export { loadYaml, sortDiagnostics } from './load-yaml';
export type { LoadedYaml, LoadYamlOptions, YamlDocument, YamlNodeInfo, YamlPath, ScalarStyle, YamlSchema } from './load-yaml';
export { formatDiagnostic } from '../core/format-diagnostic';
export { GoTime, isGoTime } from '../core/go-time';
export { parseYamlTimestamp } from './timestamp';
export { resolvePlainScalar } from './scalar-resolve';
