/**
 * kplay's public API: everything a program (the CLI, the cluster application, a library user)
 * may import from the engine. `require('kplay')` resolves here.
 *
 *   const { createEngine } = require('kplay');
 *   const { builtinModules } = require('kplay/builtin-modules');
 *   const engine = createEngine().registerModules(builtinModules);
 *   engine.subscribe((event) => console.log(event.type));
 *   const report = await engine.run({ playbook: 'site.yaml', inventoryFile: 'inventory.yaml' });
 *
 * docs/architecture.md describes the layers behind it.
 */

// Running playbooks.
export { Engine, createEngine } from './run/engine';
export type { EventListener, ExecuteOptions, NotRun, RunReport } from './run/engine';
export type { RunOptions } from './run/options';
export { DEFAULT_FORKS, DEFAULT_WORK_DIR } from './run/options';
export type { LoadOutcome, PreparedRun } from './run/load';
export { outputPathProblem } from './run/output-paths';
export type { OutputPath } from './run/output-paths';
export type { ListKind } from './run/list';
export { askPasswords, formatFlagHelp, RESUME_HELP, RUN_FLAGS, runFlagHelp, runFlagOptions } from './run/run-flags';
export type { AskedPasswords, RunFlagCheck, RunFlagName, RunFlagOptions, RunFlagValues } from './run/run-flags';
export type { RunResult } from './run/runner';
export type { RecordedRequest, ResumePlan } from './run/resume';
export { recordedRequest, takeResumeArgument } from './run/resume';

// Events and the reporters kplay ships.
export type { HostResult, HostStats, HostStatus, Reporter, RunEvent, RunWarning, TaskRef, WarningKind } from './events/types';
export { ConsoleReporter } from './reporters/console';
export type { ConsoleOptions } from './reporters/console';
export { itemLabel } from './reporters/item-label';
export { JsonLinesReporter } from './reporters/json-lines';
// Run history read back from the journals (kplay runs, kplay web, --resume last).
export { DEFAULT_KEEP_RUNS, isRunId, journalFile, journalLines, listJournalRuns, pidAlive, pruneRuns, readJournalSummary, runIds, runsDir, summarizeJournal } from './reporters/journal-read';
export type { JournalFailure, JournalRunState, JournalSummary, SummarizeOptions } from './reporters/journal-read';
// The redaction every reporter's events went through, for programs that show inputs (kplay web).
export { isSecretName, REDACTED } from './executor/redactor';

// Extending: modules and connector types.
export type { CheckModeSupport, FileDiff, ModuleContext, ModuleDefinition, ModuleResult, ModuleRuntime } from './modules/types';
export { ModuleArgumentError } from './modules/types';
export type { ConnectorFactory, ConnectorConfig } from './connectors';
export type { BecomeOptions, Connector, ConnectorCapabilities, ExecOptions, ExecResult, FileStat, PromQlAnswer, PromQlCapability, PromQlQuery, PutOptions, StatOptions } from './connectors/types';
export { ConnectionError } from './connectors/types';

// Inputs: config files, YAML, Go values, diagnostics, exit codes.
export { loadConfig, parseConfig } from './inventory/config';
export { parseInventory } from './inventory/inventory';
export type { InventoryLoadResult } from './inventory/inventory';
export type { ConfigLoadResult } from './inventory/config';
export { loadYaml } from './yaml';
export type { YamlDocument } from './yaml';
export { GoFloat, GoInt, goStringBytes, hasRawBytes, isList, isMap } from './core/values';
export type { GoList, GoMap, GoValue } from './core/values';
export type { Diagnostic, SourcePos } from './core/source';
export { formatDiagnostic } from './core/format-diagnostic';
export { closestMatch, didYouMean } from './core/did-you-mean';
export { ExitCode, interruptedExitCode } from './core/exit-codes';
export type { Interruption } from './core/exit-codes';
export { describeError, ERROR_CODES, isErrorCode, KplayError, withCode } from './core/errors';
export type { ErrorCode } from './core/errors';
export { packageVersion } from './core/package-root';
export { combineVariables } from './core/merge';
export { parseOverrides } from './inventory/config';
export { parseJsonLossless } from './go/json';

// Go text/template with the KubeKey or Sprig function map, byte-identical with Go.
export { parseTemplate, renderTemplate, Template, TemplateError } from './template/template';
export type { ExecuteOptions as TemplateExecuteOptions, MissingKeyMode, TemplateOptions } from './template/template';
export { kubekeyFunctionMap, sprigFunctionMap } from './template/functions';
export type { FunctionMap } from './template/function-types';
export { decodeYamlDocument } from './template/kubekey/yaml-decode';

// `kplay doctor`: can every inventory host be reached and used?
export { DEFAULT_MIN_TMP_MIB, runDoctor } from './doctor/doctor';
export type { DoctorOptions, DoctorOutcome } from './doctor/doctor';
export { formatJson as formatDoctorJson, formatTable as formatDoctorTable } from './doctor/format';
