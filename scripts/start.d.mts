/** Why web/dist must be (re)built, or undefined when it is current (see start.mjs). */
export function webBuildReason(dir?: string): string | undefined;
