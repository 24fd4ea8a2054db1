/**
 * Everything builtin-modules/ (and any module written against kplay) may use from the engine:
 * the module contract, argument readers, rendering, a connector seen through what it can do,
 * controller files, diffs, Go values and encodings, the crypto gen_cert needs, and the HTTP
 * client. Nothing else in engine/ is imported by modules, so the engine's insides can change
 * without touching them (docs/architecture.md).
 */

// The contract: what a module is, what it is given, what it returns.
export type { CheckModeSupport, FileDiff, ModuleContext, ModuleDefinition, ModuleResult, ModuleRuntime } from './types';
export { ModuleArgumentError } from './types';
// Argument readers; whatever args.ts offers is part of the contract.
export * from './args';

// Reaching the host: commands and files, plus capabilities (promql, …) instead of classes.
// Modules call the narrow connector `Connector`: it is the only one they ever see.
export type { ModuleConnector as Connector, ModuleConnector } from './types';
export type { BecomeOptions, ConnectorCapabilities, ExecOptions, ExecResult, FileStat, PromQlAnswer, PromQlCapability, PromQlQuery, PutOptions, StatOptions } from '../connectors/types';
export { shellQuote } from '../core/shell-quote';
export { LOGIN_SHELL } from '../connectors/login-shell';
export { tempPathBeside } from '../connectors/file-scripts';

// Controller files.
export { sha256OfFile, writeFileAtomically } from '../connectors/controller-files';

// Rendering templates and typing their output like variables.
export { conditionTemplate, isTemplateText, isTrueOutput, renderMarkingUnknown, renderText, renderTyped } from '../template/conversions';
// Check mode's unknown values (docs/cli.md#unknown-values-in-check-mode).
export { findUnknown, isUnknown, showingUnknown, Unknown, UnknownValueError, unknownText } from '../core/unknown';
export { TemplateError } from '../template/errors';

// Go values and the encodings modules read and write.
export { goStringBytes, isList, isMap } from '../core/values';
export type { GoMap, GoValue } from '../core/values';
export { loadYaml } from '../yaml';
export { marshalJson } from '../go/json';
export { parseJsonLossless } from '../go/json';

// --diff output.
export { DIFF_SIZE_CAP, contentDiff, directorySummary, metadataDiff } from '../diff';

// Keys and certificates (gen_cert), IP addresses and durations.
export type { KeyType } from '../crypto';
export { createCertificate, formatIpAddress, generatePrivateKey, parseDuration, parseIpAddress, parsePrivateKeyPem, privateKeyToGoPem, readCertificateDetails, validateCertificatePair } from '../crypto';

// The HTTP client (downloads, the OCI registry client).
export { DEFAULT_MAX_REDIRECTS, HttpError, httpRequest, readBody, retryableStatus } from '../http';
export type { HttpMethod, HttpRequestOptions, HttpResponse, TlsOptions } from '../http';
export { didYouMean } from '../core/did-you-mean';
