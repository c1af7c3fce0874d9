/**
 * Rampart's public API, listed by name (internals are not exported). Import from 'rampart'.
 * Engines are pure (bytes/documents in, values out); the scan pipeline adds file I/O.
 */

export type { RampartErrorCode } from './core/errors.ts';
export {
  ConfigError,
  InputError,
  isRampartError,
  RampartError,
  RuleError,
  UsageError,
} from './core/errors.ts';
// Core domain
export type { Finding, FindingKind } from './core/finding.ts';
export { compareFindings } from './core/finding.ts';
export type { FrameworkId, FrameworkMappings } from './core/framework.ts';
export { FRAMEWORKS } from './core/framework.ts';
export type { Location, Position, ResourceRef, SourceRange } from './core/location.ts';
export { formatLocation } from './core/location.ts';
export type { RuleMetadata } from './core/rule.ts';
export type { Severity } from './core/severity.ts';
export { atOrAbove, SEVERITIES, severityRank } from './core/severity.ts';
// Dependencies: version ordering per OSV ecosystem
export { compareVersions, isValidVersion, VersionError } from './deps/versions/registry.ts';
// Inputs: files → documents with positions
export type { InputDocument, InputFile, InputParser, InputType, ParseResult } from './inputs/document.ts';
export { INPUT_PARSERS } from './inputs/registry.ts';
// Policy engine
export { PolicyEngine } from './policy/engine.ts';
export { lintRules } from './policy/lint.ts';
export { BUILTIN_RULES_DIR, loadRules } from './policy/load/load-rules.ts';
export { runRuleTests } from './policy/testing/run-tests.ts';
export type { CompiledRule } from './policy/types.ts';
export { getReporter, REPORTERS } from './report/registry.ts';
// Reports
export type { Reporter, ScanResult, SuppressedFinding } from './report/reporter.ts';
// Scan pipeline
export type { Analyzer, ScanFile } from './scan/analyzer.ts';
export { createPolicyAnalyzer } from './scan/analyzers/policy.ts';
export { createAnalyzers } from './scan/analyzers.ts';
export type { ScanOptions } from './scan/options.ts';
export { runScan } from './scan/run-scan.ts';
export { applySuppressions } from './scan/suppress/apply.ts';
export type { WatchDelta, WatchOptions } from './scan/watch/start-watch.ts';
export { startWatch } from './scan/watch/start-watch.ts';
