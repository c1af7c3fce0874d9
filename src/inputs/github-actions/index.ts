export { acceptsGithubActions } from './accepts.ts';
export { githubActionsParser } from './parser.ts';
