import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/**
 * The Terraform tree-sitter grammar, loaded once per process: loading WebAssembly is slow and
 * one Parser can be reused for every file (parsing is synchronous, so no two parses overlap).
 */
let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;

export function loadTerraformParser(): Promise<Parser> {
  loading ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
    const language = await Language.load(join(root, 'tree-sitter-terraform.wasm'));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  return loading;
}

/** The loaded parser, or undefined when `init()` has not completed. */
export function terraformParser(): Parser | undefined {
  return parser;
}
