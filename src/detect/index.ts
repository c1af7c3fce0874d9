/** Public surface of the Sigma engine, listed one by one. */
export type { Alert, EventRef } from './alert.ts';
export { attackIds } from './attack.ts';
export type { EventTime } from './correlation/hook.ts';
export type {
  CorrelationDetails,
  CorrelationOptions,
  CorrelationRule,
  CorrelationStats,
  CorrelationType,
} from './correlation/types.ts';
export type {
  Detector,
  DetectorInput,
  DetectorOptions,
  DetectorStats,
  PushMeta,
  RuleStats,
} from './detector.ts';
export { createDetector } from './detector.ts';
export type { LoadOptions, LoadResult, RuleSource } from './load.ts';
export { loadRules } from './load.ts';
export { formatLoadReport } from './load-report.ts';
export type { LogsourceResolver } from './logsource.ts';
export { createWindowsLogsource, windowsLogsource } from './logsource.ts';
export type { FieldMappingPipeline } from './pipeline.ts';
export type { SigmaFilter, SigmaRule } from './rule.ts';
export type { Logsource, Rejection, RejectionCode, RuleOrigin, SigmaEvent, SigmaLevel } from './types.ts';
