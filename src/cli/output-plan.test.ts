import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isRampartError } from '../core/errors.ts';
import { planOutputs } from './output-plan.ts';

const cwd = path.resolve('/work/project');
const abs = (p: string) => path.join(cwd, p);

describe('planOutputs (--format / --output)', () => {
  it('defaults to a table on stdout', () => {
    assert.deepEqual(planOutputs({ formats: [], outputs: [], cwd }), [{ format: 'table' }]);
  });

  it('FORMAT=FILE turns the format on and writes it to the file; others stay on stdout', () => {
    assert.deepEqual(planOutputs({ formats: ['table'], outputs: ['sarif=out/r.sarif'], cwd }), [
      { format: 'table' },
      { format: 'sarif', file: abs('out/r.sarif') },
    ]);
    assert.deepEqual(planOutputs({ formats: [], outputs: ['junit=r.xml'], cwd }), [
      { format: 'junit', file: abs('r.xml') },
    ]);
  });

  it('a plain path is the file for one format, a directory for several', () => {
    assert.deepEqual(planOutputs({ formats: ['json'], outputs: ['r.json'], cwd }), [
      { format: 'json', file: abs('r.json') },
    ]);
    assert.deepEqual(planOutputs({ formats: ['json', 'sarif'], outputs: ['reports'], cwd }), [
      { format: 'json', file: abs('reports/rampart.json') },
      { format: 'sarif', file: abs('reports/rampart.sarif') },
    ]);
    assert.deepEqual(planOutputs({ formats: ['json'], outputs: ['reports/'], cwd }), [
      { format: 'json', file: abs('reports/rampart.json') },
    ]);
  });

  it('config formats and output apply only when flags give none', () => {
    const config = { configFormats: ['json'], configOutput: { json: abs('c.json') } };
    assert.deepEqual(planOutputs({ formats: [], outputs: [], cwd, ...config }), [
      { format: 'json', file: abs('c.json') },
    ]);
    assert.deepEqual(planOutputs({ formats: ['table'], outputs: [], cwd, configFormats: ['json'] }), [
      { format: 'table' },
    ]);
  });

  it('rejects unknown formats and two plain paths as usage errors', () => {
    for (const request of [
      { formats: ['xml'], outputs: [] },
      { formats: [], outputs: ['xml=r.xml'] },
      { formats: ['json', 'sarif'], outputs: ['a', 'b'] },
    ]) {
      assert.throws(
        () => planOutputs({ ...request, cwd }),
        (e) => isRampartError(e) && e.code === 'E_USAGE',
      );
    }
  });
});
