/** Option parsers and option definitions shared by several commands. */
import { type Command, InvalidArgumentError } from 'commander';

/** `--set` may be given many times; values are kept in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--seed`: a non-negative safe integer, written in decimal digits. */
export function parseSeed(value: string): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(
      `Expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, e.g. --seed 42.`,
    );
  }
  return n;
}

/** Adds the repeatable `--set path=value` option. */
export function addSetOption(command: Command): Command {
  return command.option(
    '--set <path=value>',
    'override a field before validation, e.g. services.api.replicas=4 or clients.users.arrival.ratePerSec=900 (repeatable)',
    collect,
    [],
  );
}
