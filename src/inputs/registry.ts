import { cloudFormationParser } from './cloudformation/parser.ts';
import { dockerfileParser } from './dockerfile/parser.ts';
import type { InputParser } from './document.ts';
import { githubActionsParser } from './github-actions/parser.ts';
import { kubernetesParser } from './kubernetes/parser.ts';
import { terraformHclParser } from './terraform/hcl-parser.ts';
import { terraformPlanParser } from './terraform/plan.ts';

/**
 * Every input parser, in the order files are offered to them (first `accepts` wins).
 * Explicit list, no import side effects: add a parser here and nowhere else.
 */
export const INPUT_PARSERS: readonly InputParser[] = [
  terraformHclParser,
  // Before kubernetes: a plan JSON may hold `kubernetes_manifest` values with apiVersion + kind.
  terraformPlanParser,
  dockerfileParser,
  // Before kubernetes: JSON templates may embed manifests (apiVersion + kind) in resource properties.
  cloudFormationParser,
  kubernetesParser,
  githubActionsParser,
];
