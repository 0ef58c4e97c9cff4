/**
 * Bring your own router: a program spoken to in JSON lines (`--router-cmd`) or a file of picks (`--picks`), each
 * giving the Strategy objects every other strategy gives, with what went wrong kept per prompt.
 */
export * from './split-command';
export * from './protocol';
export * from './result';
export * from './router-cmd';
export * from './picks-file';
