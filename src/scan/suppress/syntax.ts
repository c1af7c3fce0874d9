/** Comment syntax and resource boundaries differ by file type; decided from the path alone. */
export type SourceSyntax = 'yaml' | 'hcl' | 'dockerfile' | 'other';

export function syntaxOf(path: string): SourceSyntax {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/\.(tf|hcl|tfvars)$/i.test(base)) return 'hcl';
  if (/\.ya?ml$/i.test(base)) return 'yaml';
  if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base)) {
    return 'dockerfile';
  }
  return 'other';
}

/** Whether a whole line is a comment (blank lines are not). `//` only where HCL allows it. */
export function isCommentLine(line: string, syntax: SourceSyntax): boolean {
  const t = line.trimStart();
  return t.startsWith('#') || (syntax === 'hcl' && t.startsWith('//'));
}
