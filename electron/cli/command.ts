/** A CLI sub-command. Returns the process exit code; long-running commands resolve on SIGINT/SIGTERM. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export interface CommandModule {
  run(argv: string[], io: CommandIo): Promise<number>;
}
