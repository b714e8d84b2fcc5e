/** Benchmark options: `--name value` or `--name=value` among the arguments after the benchmark's name. */

/** The value of `--name value` or `--name=value`, or undefined when the option is not given. */
export function stringOption(args: readonly string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const value = args[i]!.includes('=') ? args[i]!.slice(name.length + 1) : args[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/** A positive number (a whole one with `integer`), or undefined when the option is not given. */
export function numberOption(args: readonly string[], name: string, options: { integer?: boolean } = {}): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (options.integer ? !Number.isInteger(value) || value < 1 : !(value > 0)) {
    throw new Error(`${name} needs a positive ${options.integer ? 'whole ' : ''}number`);
  }
  return value;
}
