/** What a command hands back to main: commander actions cannot return values. */
export interface CliState {
  exitCode: number;
}
