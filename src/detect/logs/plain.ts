/** Plain text: each non-blank line is an event `{ message }`; only keyword searches apply. */
import { lineParser } from './lines.ts';
import type { LogFormat } from './types.ts';
import { ref } from './util.ts';

export const plain: LogFormat = {
  name: 'plain',
  description: 'plain text lines (field message; keyword searches only)',
  sniff(firstBytes) {
    // The fallback: any text is plain text, but every other format that fits should win.
    return firstBytes.includes('\u0000') ? 0 : 0.1;
  },
  createParser({ file }) {
    return lineParser(file, {
      line(text, line, offset, out) {
        out.event({ fields: { message: text }, source: ref(file, line, offset) });
      },
    });
  },
};
